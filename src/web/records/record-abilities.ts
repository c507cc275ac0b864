/**
 * What the records page offers a user, from their permissions as the daemon checks them (never
 * from role names): the page offers nothing the API would refuse. An agent (records.own, no
 * records.view) lists their own calls and chats only: no team filter or agent column (every row is
 * theirs); they open a call of theirs and listen to its recordings (the API answers the detail,
 * the audio and the waveform within their reach: call-record-search.ts recordInReach, also a call
 * they transferred away), but no
 * download (recordings.download), no deletion (records.delete), no export (records.view) and no
 * storage panel (config.edit).
 */
import type { Principal } from '../api/types.js';

export interface RecordAbilities {
  /** The Calls tab: GET /api/call-records (records.own; records.view widens the reach). */
  calls: boolean;
  /** The Chats tab: GET /api/chat-records (chat.handle). */
  chats: boolean;
  /** Rows of other agents may show: the team filters and the agent columns make sense. */
  others: boolean;
  /** A listed call opens for its timeline and recordings (GET /api/call-records/{id}, records.own: every listed call is in reach). */
  openCall: boolean;
  /** A recording of an opened call plays with its waveform (audio and peaks, records.own within reach). */
  listen: boolean;
  /** A recording downloads as a file (recordings.download). */
  download: boolean;
  /** A recording is deleted from the call's detail (records.delete). */
  deleteRecording: boolean;
  /** Both exports (records.view). */
  export: boolean;
  /** The recording storage panel (GET /api/recordings/storage, config.edit). */
  storage: boolean;
}

export function recordAbilities(p: Pick<Principal, 'permissions'>): RecordAbilities {
  const has = (x: string) => p.permissions.includes(x);
  const view = has('records.view');
  const own = has('records.own');
  return {
    calls: own,
    chats: has('chat.handle'),
    others: view,
    openCall: own,
    listen: own,
    download: has('recordings.download'),
    deleteRecording: has('records.delete'),
    export: view,
    storage: has('config.edit'),
  };
}

/**
 * What the records page offers a user, from their permissions as the daemon checks them (never
 * from role names): the page offers nothing the API would refuse. An agent (records.own, no
 * records.view) lists their own calls and chats only: no team filter or agent column (every row is
 * theirs), no call detail (it and the recordings' audio need records.view), no export (records.view),
 * no deletion (records.delete, in the call's detail) and no storage panel (config.edit).
 */
import type { Principal } from '../api/types.js';

export interface RecordAbilities {
  /** The Calls tab: GET /api/call-records (records.own; records.view widens the reach). */
  calls: boolean;
  /** The Chats tab: GET /api/chat-records (chat.handle). */
  chats: boolean;
  /** Rows of other agents may show: the team filters and the agent columns make sense. */
  others: boolean;
  /** A call opens for its timeline and recordings (GET /api/call-records/{id}, records.view). */
  openCall: boolean;
  /** Both exports (records.view). */
  export: boolean;
  /** The recording storage panel (GET /api/recordings/storage, config.edit). */
  storage: boolean;
}

export function recordAbilities(p: Pick<Principal, 'permissions'>): RecordAbilities {
  const has = (x: string) => p.permissions.includes(x);
  const view = has('records.view');
  return { calls: has('records.own'), chats: has('chat.handle'), others: view, openCall: view, export: view, storage: has('config.edit') };
}

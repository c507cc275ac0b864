/**
 * ARI frames for the fake, built from the recorded ones (test/fixtures/asterisk/ari-events.json,
 * copied verbatim from the Asterisk 22.10.1 transcripts): a recorded event is cloned and only
 * its values are re-stamped, so field names and field order stay exactly as Asterisk sends them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Json = Record<string, unknown>;

const here = fileURLToPath(new URL('../../fixtures/asterisk/', import.meta.url));
const templates = JSON.parse(readFileSync(`${here}ari-events.json`, 'utf8')) as Record<string, Json>;
const rest = JSON.parse(readFileSync(`${here}ari-rest.json`, 'utf8')) as Record<
  string,
  { response: { status: number; headers: Record<string, string>; body: unknown } }
>;

export const ASTERISK_ID = '02:fc:00:00:00:01';
export const SERVER_HEADER = 'Asterisk/22.10.1';

/** `2026-11-21T07:32:22.694+0000`: milliseconds and an offset without a colon. */
export function ariTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export interface FakeChannelShape {
  id: string;
  name: string;
  state: string;
  protocol_id: string;
  caller: { name: string; number: string };
  connected: { name: string; number: string };
  dialplan: { context: string; exten: string; priority: number; app_name: string; app_data: string };
  creationtime: string;
  channelvars?: Record<string, string>;
}

/** The channel object in Asterisk's field order (channelvars last, as ARI adds it). */
export function channelJson(c: FakeChannelShape): Json {
  const out: Json = {
    id: c.id,
    name: c.name,
    state: c.state,
    protocol_id: c.protocol_id,
    caller: { ...c.caller },
    connected: { ...c.connected },
    accountcode: '',
    dialplan: { ...c.dialplan },
    creationtime: c.creationtime,
    language: 'en',
  };
  if (c.channelvars) out.channelvars = { ...c.channelvars };
  return out;
}

export interface FakeBridgeShape {
  id: string;
  type: 'mixing' | 'holding';
  name: string;
  channels: string[];
  creationtime: string;
}

export function bridgeJson(b: FakeBridgeShape): Json {
  return {
    id: b.id,
    technology: b.type === 'holding' ? 'holding_bridge' : 'simple_bridge',
    bridge_type: b.type,
    bridge_class: 'stasis',
    creator: 'Stasis',
    name: b.name,
    channels: [...b.channels],
    creationtime: b.creationtime,
    video_mode: 'talker',
  };
}

/**
 * A recorded event re-stamped: `key` picks the recording (`Dial:RINGING`, `StasisStart:snoop`),
 * `values` replace fields in place; fields the recording lacks are appended (e.g. `cause`).
 */
export function ariEvent(key: string, app: string, now: number, values: Json): Json {
  const t = templates[key];
  if (!t) throw new Error(`no recorded ARI event ${key}`);
  const out: Json = {};
  for (const k of Object.keys(t)) {
    if (k === 'timestamp') out[k] = ariTimestamp(now);
    else if (k === 'application') out[k] = app;
    else if (k === 'asterisk_id') out[k] = ASTERISK_ID;
    else out[k] = k in values ? values[k] : t[k];
  }
  for (const [k, v] of Object.entries(values)) if (!(k in out)) out[k] = v;
  for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
  return out;
}

/** Ids of the core sounds the recorded Asterisk had installed (GET /ari/sounds). */
export const RECORDED_SOUND_IDS: readonly string[] = (JSON.parse(readFileSync(`${here}sounds.json`, 'utf8')) as { ids: string[] }).ids;

/** A recorded error body by its exchange key (`404 GET /ari/channels/no-such-channel`). */
export function recordedBody(key: string): unknown {
  const r = rest[key];
  if (!r) throw new Error(`no recorded ARI exchange ${key}`);
  return r.response.body;
}

export const ERR = {
  channelNotFound: recordedBody('404 GET /ari/channels/no-such-channel'),
  bridgeNotFound: recordedBody('404 GET /ari/bridges/no-such-bridge'),
  resourceNotFound: recordedBody('404 GET /ari/nosuchresource'),
  recordingNotFound: recordedBody('404 POST /ari/recordings/live/no-such-rec/stop'),
  playbackNotFound: recordedBody('404 POST /ari/playbacks/no-such-playback/control'),
  endpointNotFound: recordedBody('404 GET /ari/endpoints/PJSIP/nobody'),
  authRequired: recordedBody('401 GET /ari/channels'),
  notInStasis: recordedBody('409 POST /ari/channels/1795246326.5/answer'),
  addChannelNotInStasis: recordedBody('422 POST /ari/bridges/bc41d019-cadd-4b4d-bc63-39cc91759c11/addChannel'),
  addChannelNotFound: recordedBody('400 POST /ari/bridges/bc41d019-cadd-4b4d-bc63-39cc91759c11/addChannel'),
  recordFormat: recordedBody('422 POST /ari/bridges/bc41d019-cadd-4b4d-bc63-39cc91759c11/record'),
  allocationFailed: recordedBody('500 POST /ari/channels'),
  badBridgeType: recordedBody('500 POST /ari/bridges'),
  endpointRequired: recordedBody('400 POST /ari/channels'),
  /** Recorded as the second 400 of errors.http.jsonl. */
  appRequired: { message: 'Application or extension must be specified' },
  /** Not in the transcripts; wording of Asterisk's res/ari/resource_channels.c. */
  variableNotFound: { message: 'Provided variable was not found' },
  /**
   * Not in the transcripts; res/ari/resource_channels.c answers GET /channels/{id}/variable and
   * POST /channels/{id}/snoop for an unknown channel with this body instead of "Channel not found".
   */
  providedChannelNotFound: { message: 'Provided channel was not found' },
  notInBridge: { message: 'Channel not in this bridge' },
  recordingExists: { message: 'Recording already in progress' },
} as const;

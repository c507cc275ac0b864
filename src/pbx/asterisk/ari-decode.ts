/**
 * Checks what arrives on the ARI event socket before anything reads it. The channel tracker and
 * the adapter read `e.channel.id`, `e.bridge.channels`, `e.channel.caller.number`... as the ARI
 * models promise; a frame that breaks the promise (a proxy's error page, a truncated frame, a
 * module of another Asterisk version, a fuzzer) must become one coded PBX_PROTOCOL refusal that
 * names where it is, never a TypeError thrown inside the socket's event loop.
 *
 * Only what we read is checked: Asterisk adds fields between versions and an extra one never
 * breaks us. Unknown event types pass with their `type` (the tracker ignores them).
 */
import { AppError } from '../../core/errors.js';
import { KNOWN_EVENT_TYPES, type AriEvent } from './ari-models.js';

type Obj = Record<string, unknown>;

/** A frame larger than this is not an ARI event (a full channel snapshot is a few KB). */
export const MAX_ARI_EVENT_BYTES = 1024 * 1024;

function refuse(where: string, reason: string): never {
  throw new AppError('PBX_PROTOCOL', `ARI event: ${where} ${reason}`, { where: `ari${where}`, reason });
}

function object(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) refuse(where, 'must be an object');
  return v as Obj;
}

function string(o: Obj, key: string, where: string): void {
  if (typeof o[key] !== 'string') refuse(`${where}/${key}`, 'must be a string');
}

function optional(o: Obj, key: string, type: 'string' | 'number' | 'boolean', where: string): void {
  if (o[key] !== undefined && typeof o[key] !== type) refuse(`${where}/${key}`, `must be a ${type}`);
}

function strings(v: unknown, where: string): void {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) refuse(where, 'must be a list of strings');
}

function channel(v: unknown, where: string): void {
  const c = object(v, where);
  string(c, 'id', where);
  string(c, 'name', where);
  string(c, 'state', where);
  for (const party of ['caller', 'connected']) {
    const p = object(c[party], `${where}/${party}`);
    string(p, 'name', `${where}/${party}`);
    string(p, 'number', `${where}/${party}`);
  }
  const d = object(c.dialplan, `${where}/dialplan`);
  string(d, 'context', `${where}/dialplan`);
  string(d, 'exten', `${where}/dialplan`);
  if (c.channelvars !== undefined) {
    const vars = object(c.channelvars, `${where}/channelvars`);
    for (const [k, value] of Object.entries(vars)) {
      if (typeof value !== 'string') refuse(`${where}/channelvars/${k}`, 'must be a string');
    }
  }
}

function bridge(v: unknown, where: string): void {
  const b = object(v, where);
  string(b, 'id', where);
  string(b, 'bridge_type', where);
  strings(b.channels, `${where}/channels`);
}

/** Per known type: the fields we read and their shapes. */
const CHECKS: Record<string, (e: Obj) => void> = {
  StasisStart: (e) => {
    channel(e.channel, '/channel');
    strings(e.args, '/args');
  },
  StasisEnd: (e) => channel(e.channel, '/channel'),
  ChannelStateChange: (e) => channel(e.channel, '/channel'),
  ChannelHangupRequest: (e) => {
    channel(e.channel, '/channel');
    optional(e, 'cause', 'number', '');
  },
  ChannelDestroyed: (e) => {
    channel(e.channel, '/channel');
    if (typeof e.cause !== 'number') refuse('/cause', 'must be a number');
    string(e, 'cause_txt', '');
  },
  ChannelDtmfReceived: (e) => {
    channel(e.channel, '/channel');
    string(e, 'digit', '');
  },
  ChannelEnteredBridge: (e) => {
    channel(e.channel, '/channel');
    bridge(e.bridge, '/bridge');
  },
  ChannelLeftBridge: (e) => {
    channel(e.channel, '/channel');
    bridge(e.bridge, '/bridge');
  },
  BridgeDestroyed: (e) => bridge(e.bridge, '/bridge'),
  Dial: (e) => {
    string(e, 'dialstatus', '');
    channel(e.peer, '/peer');
    if (e.caller !== undefined) channel(e.caller, '/caller');
  },
  PlaybackStarted: (e) => string(object(e.playback, '/playback'), 'id', '/playback'),
  PlaybackContinuing: (e) => string(object(e.playback, '/playback'), 'id', '/playback'),
  PlaybackFinished: (e) => string(object(e.playback, '/playback'), 'id', '/playback'),
  RecordingStarted: (e) => string(object(e.recording, '/recording'), 'name', '/recording'),
  RecordingFinished: (e) => string(object(e.recording, '/recording'), 'name', '/recording'),
  RecordingFailed: (e) => string(object(e.recording, '/recording'), 'name', '/recording'),
  ChannelVarset: (e) => {
    if (e.channel !== undefined) channel(e.channel, '/channel');
    string(e, 'variable', '');
    string(e, 'value', '');
  },
  ApplicationReplaced: () => undefined,
};

/** One ARI event socket frame → the event, or a PBX_PROTOCOL AppError naming where it is wrong. */
export function decodeAriEvent(text: string): AriEvent {
  if (text.length > MAX_ARI_EVENT_BYTES) refuse('', `is larger than ${MAX_ARI_EVENT_BYTES} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    refuse('', 'is not JSON');
  }
  const e = object(data, '');
  string(e, 'type', '');
  if (KNOWN_EVENT_TYPES.has(e.type as string)) CHECKS[e.type as string]?.(e);
  return e as unknown as AriEvent;
}

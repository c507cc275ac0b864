/**
 * Playbacks and live recordings of the fake Asterisk, timed on the injected clock.
 * Bodies and events are shaped like the recorded ones (flow a: play 201 + Location, then
 * PlaybackStarted; record 201, RecordingStarted; RecordingFinished carries `duration` in seconds).
 */
import { wavBytes } from '../../../src/pbx/shared/wav.js';
import { ERR } from './ari-frames.js';
import type { CallDeps } from './fake-calls.js';
import type { FakeChannel, FakePlayback, FakeRecording, Reply } from './fake-model.js';

/** Lengths of the prompts the fake "has" (hello-world is 1.4 s in the recorded flow a). */
const SOUND_MS: Record<string, number> = { 'hello-world': 1_400, 'demo-congrats': 8_000 };

/**
 * Recording formats the fake knows, with the file extension Asterisk gives each (format_wav
 * registers `wav` as 8 kHz and `wav16` as 16 kHz signed linear in a RIFF file named `.wav16`).
 * The fake writes a WAV whatever the format; only the wav ones are read back by tests.
 */
const FORMAT_EXTENSION: Record<string, string> = { wav: 'wav', wav16: 'wav16', gsm: 'gsm', ulaw: 'ulaw' };

export function mediaMs(uri: string): number {
  const [scheme, value = ''] = [uri.slice(0, uri.indexOf(':')), uri.slice(uri.indexOf(':') + 1)];
  if (scheme === 'sound') return SOUND_MS[value] ?? 2_000;
  if (scheme === 'digits') return 600 * value.length;
  if (scheme === 'number') return 900;
  return 1_000;
}

/**
 * A `tone:` URI never ends by itself: ARI plays it with ast_control_tone, which waits for a
 * control frame (stop, hang-up) even when the tone string is played once (`tone:!0/500`).
 */
const endless = (uri: string) => uri.startsWith('tone:');

function playbackJson(p: FakePlayback, state: string): Record<string, unknown> {
  return { id: p.id, media_uri: p.media, target_uri: `channel:${p.channelId}`, language: 'en', state };
}

export function startPlayback(d: CallDeps, c: FakeChannel, media: string, playbackId: string): Reply {
  const p: FakePlayback = { id: playbackId, channelId: c.id, media };
  d.world.playbacks.set(p.id, p);
  const all = media.split(',');
  // Media after a tone is never reached: the tone plays until the playback is stopped.
  const toneAt = all.findIndex(endless);
  const uris = toneAt < 0 ? all : all.slice(0, toneAt + 1);
  c.heard.push(...uris);
  const total = toneAt < 0 ? uris.reduce((sum, u) => sum + mediaMs(u), 0) : undefined;
  return {
    status: 201,
    headers: { location: `/ari/playbacks/${p.id}` },
    body: playbackJson(p, 'queued'),
    after: () => {
      if (!d.world.playbacks.has(p.id)) return;
      d.emit('PlaybackStarted', { playback: playbackJson(p, 'playing') });
      if (total !== undefined) p.timer = d.clock.setTimeout(() => finishPlayback(d, p.id), total);
    },
  };
}

export function finishPlayback(d: CallDeps, id: string): void {
  const p = d.world.playbacks.get(id);
  if (!p) return;
  d.clock.clearTimeout(p.timer);
  d.world.playbacks.delete(id);
  d.emit('PlaybackFinished', { playback: playbackJson(p, 'done') });
}

function recordingJson(r: FakeRecording, state: string, withDuration = false): Record<string, unknown> {
  const target = 'channelId' in r.target ? `channel:${r.target.channelId}` : `bridge:${r.target.bridgeId}`;
  const out: Record<string, unknown> = { name: r.name, format: r.format, state, target_uri: target };
  if (withDuration) out.duration = Math.round(r.recordedMs / 1000);
  return out;
}

export function startRecording(
  d: CallDeps,
  target: FakeRecording['target'],
  q: URLSearchParams,
): Reply {
  const name = q.get('name') ?? '';
  const format = q.get('format') ?? '';
  if (!(format in FORMAT_EXTENSION)) return { status: 422, body: ERR.recordFormat };
  if (d.world.recordings.has(name)) return { status: 409, body: ERR.recordingExists };
  const maxS = Number(q.get('maxDurationSeconds') ?? '0');
  const terminate = q.get('terminateOn') ?? 'none';
  const r: FakeRecording = {
    name,
    format,
    target,
    recordedMs: 0,
    since: d.clock.now(),
    maxMs: maxS > 0 ? maxS * 1000 : undefined,
    terminateOn: terminate === 'none' ? '' : terminate === 'any' ? '0123456789*#' : terminate,
  };
  d.world.recordings.set(name, r);
  armMax(d, r);
  return {
    status: 201,
    headers: { location: `/ari/recordings/live/${name}` },
    body: recordingJson(r, 'queued'),
    after: () => d.emit('RecordingStarted', { recording: recordingJson(r, 'recording') }),
  };
}

function armMax(d: CallDeps, r: FakeRecording): void {
  d.clock.clearTimeout(r.timer);
  if (r.maxMs === undefined || r.since === undefined) return;
  r.timer = d.clock.setTimeout(() => finishRecording(d, r.name), Math.max(0, r.maxMs - r.recordedMs));
}

export function pauseRecording(d: CallDeps, name: string, pause: boolean): Reply {
  const r = d.world.recordings.get(name);
  if (!r) return { status: 404, body: ERR.recordingNotFound };
  if (pause && r.since !== undefined) {
    r.recordedMs += d.clock.now() - r.since;
    r.since = undefined;
    d.clock.clearTimeout(r.timer);
  } else if (!pause && r.since === undefined) {
    r.since = d.clock.now();
    armMax(d, r);
  }
  return { status: 204 };
}

export function finishRecording(d: CallDeps, name: string): Reply {
  const r = d.world.recordings.get(name);
  if (!r) return { status: 404, body: ERR.recordingNotFound };
  d.clock.clearTimeout(r.timer);
  if (r.since !== undefined) r.recordedMs += d.clock.now() - r.since;
  r.since = undefined;
  d.world.recordings.delete(name);
  d.world.files.set(`${name}.${FORMAT_EXTENSION[r.format] ?? r.format}`, wavBytes({ durationMs: r.recordedMs, toneHz: 440, sampleRate: r.format === 'wav16' ? 16_000 : 8_000 }));
  d.emit('RecordingFinished', { recording: recordingJson(r, 'done', true) });
  return { status: 204 };
}

export function getRecording(d: CallDeps, name: string): Reply {
  const r = d.world.recordings.get(name);
  if (!r) return { status: 404, body: ERR.recordingNotFound };
  return { status: 200, body: recordingJson(r, r.since === undefined ? 'paused' : 'recording') };
}

/** A channel's end stops its playbacks and its recordings (Asterisk closes the files). */
export function endChannelMedia(d: CallDeps, c: FakeChannel): void {
  for (const p of [...d.world.playbacks.values()]) if (p.channelId === c.id) finishPlayback(d, p.id);
  for (const r of [...d.world.recordings.values()]) {
    if ('channelId' in r.target && r.target.channelId === c.id) finishRecording(d, r.name);
  }
}

/** A DTMF digit ends recordings of that channel that terminate on it. */
export function dtmfToRecordings(d: CallDeps, c: FakeChannel, digit: string): void {
  for (const r of [...d.world.recordings.values()]) {
    if ('channelId' in r.target && r.target.channelId === c.id && r.terminateOn.includes(digit)) finishRecording(d, r.name);
  }
}

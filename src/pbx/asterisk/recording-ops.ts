import { AppError, isAppError } from '../../core/errors.js';
import type { RecordOptions } from '../port.js';
import type { AriHttpClient } from './ari-http.js';
import type { ChannelTracker } from './channel-tracker.js';

const enc = encodeURIComponent;
const NAME = /^[A-Za-z0-9_./-]+$/;

/**
 * POST /channels/{id}/record or /bridges/{id}/record (201 + Location, then RecordingStarted).
 * The recording id is its name, ours: RecordingFinished is matched by it, whatever arrives first.
 * A 16 kHz WAV is Asterisk's format `wav16` (format_wav), which it stores as `<name>.wav16`.
 */
export async function startRecordingRequest(http: AriHttpClient, tracker: ChannelTracker, o: RecordOptions): Promise<string> {
  if (!NAME.test(o.name) || o.name.includes('..') || o.name.startsWith('/')) {
    throw new AppError('VALIDATION_FAILED', '/name: a relative name of letters, digits, _ - . / only', {
      problems: [{ where: '/name', reason: 'not a safe recording name' }],
    });
  }
  // ARI terminateOn takes one of none, any, *, #.
  const terminateOn = !o.terminateOn ? 'none' : o.terminateOn.length === 1 && '*#'.includes(o.terminateOn) ? o.terminateOn : 'any';
  const query = {
    name: o.name,
    format: recordFormat(o),
    ifExists: 'fail',
    beep: o.beep ?? false,
    maxDurationSeconds: o.maxDurationMs === undefined ? undefined : Math.ceil(o.maxDurationMs / 1000),
    maxSilenceSeconds: o.maxSilenceMs === undefined ? undefined : Math.ceil(o.maxSilenceMs / 1000),
    terminateOn,
  };
  tracker.forgetRecording(o.name);
  if ('channelId' in o.target) {
    await http.post(`/channels/${enc(o.target.channelId)}/record`, { query, addresses: 'channel' });
  } else {
    await http.post(`/bridges/${enc(o.target.bridgeId)}/record`, { query, addresses: 'bridge' });
  }
  return o.name;
}

/** The ARI `format` for the options: `wav` is 8 kHz signed linear, `wav16` its 16 kHz sibling. */
export function recordFormat(o: Pick<RecordOptions, 'format' | 'sampleRate'>): 'wav' | 'wav16' {
  return o.format === 'wav' && o.sampleRate === 16000 ? 'wav16' : 'wav';
}

/** stop / pause (POST) / unpause (DELETE pause) on /recordings/live/{name}. */
export async function liveRecordingRequest(
  http: AriHttpClient,
  tracker: ChannelTracker,
  name: string,
  method: 'POST' | 'DELETE',
  op: 'stop' | 'pause',
): Promise<void> {
  try {
    await http.request(method, `/recordings/live/${enc(name)}/${op}`, {});
  } catch (err) {
    // Stopping a recording that already finished (hang-up, max duration, '#') is a no-op.
    if (op === 'stop' && tracker.recordingWasFinished(name) && isAppError(err, 'PBX_REJECTED')) return;
    throw err;
  }
}

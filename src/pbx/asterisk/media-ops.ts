import { isAppError } from '../../core/errors.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { CollectOptions, CollectResult, MediaRef, PlayOptions, PlayOutcome, Playback } from '../port.js';
import type { AriHttpClient } from './ari-http.js';
import type { ChannelTracker } from './channel-tracker.js';
import { validateCollectOptions } from '../shared/digit-collector.js';
import { validateMedia } from '../shared/media-ref.js';
import { mediaUris } from './event-map.js';

export interface MediaDeps {
  http: AriHttpClient;
  tracker: ChannelTracker;
  clock: Clock;
  newId(): string;
}

const enc = encodeURIComponent;
const ALL_DIGITS = '0123456789*#ABCD';

/**
 * Play a list of media on a channel. The playback id is ours, and its listeners are in place
 * before the request, because PlaybackStarted/Finished may arrive before the 201.
 *
 *   playing --PlaybackFinished--> finished
 *   playing --interrupt digit--> interrupted (DELETE /playbacks/{id})
 *   playing --stop()--> stopped (DELETE /playbacks/{id})
 *   playing --channel hangup / 404 on play--> gone
 */
export async function playMedia(
  deps: MediaDeps,
  channelId: string,
  media: MediaRef[],
  options: PlayOptions = {},
): Promise<Playback> {
  validateMedia(media);
  const uris = mediaUris(media);
  const id = `pb-${deps.newId()}`;
  let settle!: (o: PlayOutcome) => void;
  let settled = false;
  const done = new Promise<PlayOutcome>((resolve) => {
    settle = (o) => {
      if (settled) return;
      settled = true;
      offPlayback();
      offChannel();
      resolve(o);
    };
  });
  const cancelOnServer = () => deps.http.delete(`/playbacks/${enc(id)}`).catch(() => undefined);
  const offPlayback = deps.tracker.onPlayback(id, (_p, type) => {
    if (type !== 'PlaybackFinished') return;
    const t = deps.tracker.channels.get(channelId);
    settle(!t || t.hangupRequested ? { reason: 'gone' } : { reason: 'finished' });
  });
  const interrupt = options.interruptDigits ?? '';
  const offChannel = deps.tracker.onChannel(channelId, (s) => {
    if (s.kind === 'gone') settle({ reason: 'gone' });
    else if (interrupt.includes(s.digit) && !settled) {
      settle({ reason: 'interrupted', digit: s.digit });
      void cancelOnServer();
    }
  });
  const playback: Playback = {
    id,
    done,
    async stop() {
      if (settled) return;
      settle({ reason: 'stopped' });
      await cancelOnServer();
    },
  };
  try {
    await deps.http.post(`/channels/${enc(channelId)}/play`, {
      query: { media: uris.join(','), playbackId: id },
      addresses: 'channel',
    });
  } catch (err) {
    if (isAppError(err, 'CHANNEL_GONE')) {
      deps.tracker.vanished(channelId);
      settle({ reason: 'gone' });
      return playback;
    }
    settle({ reason: 'stopped' });
    throw err;
  }
  return playback;
}

/**
 * Collect DTMF with Clock timers. Digits are taken from the moment of the call (also while the
 * prompt plays: any digit interrupts it and counts); the first-digit timer starts when the
 * prompt ends, the inter-digit timer after each digit.
 */
export async function collectDigits(deps: MediaDeps, channelId: string, o: CollectOptions): Promise<CollectResult> {
  validateCollectOptions(o);
  if (!deps.tracker.channels.has(channelId)) return { digits: '', reason: 'gone' };
  let digits = '';
  let timer: TimerHandle | undefined;
  let promptDone = !o.prompt || o.prompt.length === 0;
  let finish!: (r: CollectResult) => void;
  let finished = false;
  const result = new Promise<CollectResult>((resolve) => {
    finish = (r) => {
      if (finished) return;
      finished = true;
      deps.clock.clearTimeout(timer);
      off();
      resolve(r);
    };
  });
  const terminators = o.terminators ?? '';
  const arm = () => {
    deps.clock.clearTimeout(timer);
    const ms = digits.length === 0 ? o.firstDigitTimeoutMs : (o.interDigitTimeoutMs ?? o.firstDigitTimeoutMs);
    timer = deps.clock.setTimeout(() => finish({ digits, reason: 'timeout' }), ms);
  };
  const off = deps.tracker.onChannel(channelId, (s) => {
    if (s.kind === 'gone') return finish({ digits, reason: 'gone' });
    if (terminators.includes(s.digit)) return finish({ digits, reason: 'terminator' });
    digits += s.digit;
    if (digits.length >= o.maxDigits) return finish({ digits, reason: 'max' });
    if (promptDone) arm();
  });
  if (o.prompt && o.prompt.length > 0) {
    try {
      const pb = await playMedia(deps, channelId, o.prompt, { interruptDigits: ALL_DIGITS });
      void pb.done.then((outcome) => {
        if (outcome.reason === 'gone') return finish({ digits, reason: 'gone' });
        promptDone = true;
        if (!finished) arm();
      });
      void result.then(() => pb.stop());
    } catch (err) {
      finish({ digits, reason: 'gone' });
      throw err;
    }
  } else {
    arm();
  }
  return result;
}

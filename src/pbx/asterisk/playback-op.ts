import { isAppError } from '../../core/errors.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { MediaRef, PlayOptions, PlayOutcome, Playback } from '../port.js';
import type { AriHttpClient } from './ari-http.js';
import type { ChannelTracker } from './channel-tracker.js';
import { validateMedia } from '../shared/media-ref.js';
import { mediaSegments, type MediaSegment } from './event-map.js';

export interface PlaybackDeps {
  http: AriHttpClient;
  tracker: ChannelTracker;
  clock: Clock;
  log: Logger;
  newId(): string;
}

const enc = encodeURIComponent;

/**
 * Play a list of media on a channel, as runs of ARI playbacks and pauses timed on our clock (a
 * silence generator plays during a pause, so RTP keeps flowing to the caller). Each ARI playback
 * id is ours and its listener is in place before the request, because PlaybackStarted/Finished
 * may arrive before the 201. The first run's id is the Playback's id.
 *
 *   segment i --PlaybackFinished / pause timer--> segment i+1 ... --last--> finished
 *   any segment --interrupt digit--> interrupted (the current segment is cancelled)
 *   any segment --stop()--> stopped (cancelled)
 *   any segment --channel hangup / CHANNEL_GONE--> gone
 */
export async function playMedia(deps: PlaybackDeps, channelId: string, media: MediaRef[], options: PlayOptions = {}): Promise<Playback> {
  validateMedia(media);
  const segments = mediaSegments(media);
  const id = `pb-${deps.newId()}`;
  let settled = false;
  let current: { kind: 'ari'; playbackId: string; off: () => void } | { kind: 'pause'; timer: TimerHandle } | undefined;
  let resolveDone!: (o: PlayOutcome) => void;
  const done = new Promise<PlayOutcome>((resolve) => (resolveDone = resolve));

  const cancelCurrent = async (): Promise<void> => {
    const c = current;
    current = undefined;
    if (!c) return;
    if (c.kind === 'ari') {
      c.off();
      // 404: it finished meanwhile, which is what we wanted.
      await tolerate(deps, channelId, deps.http.delete(`/playbacks/${enc(c.playbackId)}`), (e) => isAppError(e, 'PBX_REJECTED') && status(e) === 404);
    } else {
      deps.clock.clearTimeout(c.timer);
      await tolerate(deps, channelId, deps.http.delete(`/channels/${enc(channelId)}/silence`, { addresses: 'channel' }), (e) => isAppError(e, 'CHANNEL_GONE'));
    }
  };
  const settle = (o: PlayOutcome, cancel: boolean): void => {
    if (settled) return;
    settled = true;
    offChannel();
    if (cancel) void cancelCurrent(); // never rejects: tolerate() logs a failed cancel
    else if (current?.kind === 'ari') current.off();
    resolveDone(o);
  };
  const interrupt = options.interruptDigits ?? '';
  const offChannel = deps.tracker.onChannel(channelId, (s) => {
    if (s.kind === 'gone') settle({ reason: 'gone' }, false);
    else if (interrupt.includes(s.digit)) settle({ reason: 'interrupted', digit: s.digit }, true);
  });

  const start = async (i: number): Promise<void> => {
    const seg: MediaSegment | undefined = segments[i];
    if (settled) return;
    if (!seg) return settle({ reason: 'finished' }, false);
    if (seg.kind === 'pause') {
      await deps.http.post(`/channels/${enc(channelId)}/silence`, { addresses: 'channel' });
      if (settled) {
        // Stopped or interrupted while the request was in flight: the generator must not stay on.
        await tolerate(deps, channelId, deps.http.delete(`/channels/${enc(channelId)}/silence`, { addresses: 'channel' }), () => false);
        return;
      }
      const timer = deps.clock.setTimeout(() => {
        if (current?.kind !== 'pause' || current.timer !== timer) return;
        current = undefined;
        void deps.http
          .delete(`/channels/${enc(channelId)}/silence`, { addresses: 'channel' })
          .then(() => start(i + 1))
          .catch((err: unknown) => failed(err, i + 1));
      }, seg.ms);
      current = { kind: 'pause', timer };
      return;
    }
    const playbackId = i === 0 ? id : `${id}-${i}`;
    const off = deps.tracker.onPlayback(playbackId, (_p, type) => {
      if (type !== 'PlaybackFinished' || current?.kind !== 'ari' || current.playbackId !== playbackId) return;
      off();
      current = undefined;
      const t = deps.tracker.channels.get(channelId);
      if (!t || t.hangupRequested) settle({ reason: 'gone' }, false);
      else void start(i + 1).catch((err: unknown) => failed(err, i + 1));
    });
    current = { kind: 'ari', playbackId, off };
    await deps.http.post(`/channels/${enc(channelId)}/play`, {
      query: { media: seg.uris.join(','), playbackId },
      addresses: 'channel',
    });
  };
  /** A later segment failed: gone is an outcome; anything else is logged and ends the playback. */
  const failed = (err: unknown, i: number): void => {
    if (isAppError(err, 'CHANNEL_GONE')) {
      deps.tracker.vanished(channelId);
      return settle({ reason: 'gone' }, false);
    }
    deps.log.warn({ channelId, playbackId: id, segment: i, err: err instanceof Error ? err.message : String(err) }, 'playback segment failed');
    settle({ reason: 'stopped' }, true);
  };

  const playback: Playback = {
    id,
    done,
    async stop() {
      if (settled) return;
      settled = true;
      offChannel();
      resolveDone({ reason: 'stopped' });
      await cancelCurrent();
    },
  };
  try {
    await start(0);
  } catch (err) {
    if (isAppError(err, 'CHANNEL_GONE')) {
      deps.tracker.vanished(channelId);
      settle({ reason: 'gone' }, false);
      return playback;
    }
    settle({ reason: 'stopped' }, false);
    throw err;
  }
  return playback;
}

function status(err: { details: unknown }): number | undefined {
  return (err.details as { status?: number } | undefined)?.status;
}

/** Cancelling after the fact: an expected refusal is fine, anything else is logged with context. */
async function tolerate(deps: PlaybackDeps, channelId: string, p: Promise<unknown>, expected: (e: unknown) => boolean): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (expected(err) || isAppError(err, 'CHANNEL_GONE')) return;
    deps.log.warn({ channelId, err: err instanceof Error ? err.message : String(err) }, 'cancelling a playback failed');
  }
}

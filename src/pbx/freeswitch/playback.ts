/**
 * Prompts and digit collection on top of `sendmsg execute` (one application per prompt, each
 * with our Event-UUID, finished by the CHANNEL_EXECUTE_COMPLETE whose Application-UUID matches)
 * and DTMF events. Timers run on the injected Clock so tests control time.
 *
 * Why not play_and_get_digits: its timeouts run inside FreeSWITCH where no test clock reaches,
 * and its digits come back only at the end; DTMF events give the same result and let a prompt
 * list be interrupted between items.
 *
 * Playback:  playing --last item complete--> finished
 *            playing --interrupt digit--> interrupted   (we send uuid_break)
 *            playing --stop()--> stopped                 (we send uuid_break)
 *            playing --hang-up / channel gone--> gone
 */
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { isAppError } from '../../core/errors.js';
import type { CollectOptions, CollectResult, PlayOutcome, Playback } from '../port.js';

export interface ChannelWatcher {
  onDtmf?(digit: string): void;
  onGone(): void;
}

export interface MediaHost {
  readonly clock: Clock;
  isAlive(channelId: string): boolean;
  watch(channelId: string, watcher: ChannelWatcher): () => void;
  /** Runs one application; `done` settles on its EXECUTE_COMPLETE. Rejects CHANNEL_GONE. */
  execute(channelId: string, app: string, arg: string): Promise<{ done: Promise<void> }>;
  /** Stops what the channel is playing; errors are of no interest here. */
  breakMedia(channelId: string): void;
}

export function goneplayback(): Playback {
  return { id: randomUUID(), done: Promise.resolve({ reason: 'gone' }), stop: async () => undefined };
}

export function startPlayback(
  host: MediaHost,
  channelId: string,
  items: readonly { app: string; arg: string }[],
  interruptDigits: string,
): Playback {
  let settle!: (outcome: PlayOutcome) => void;
  let finished = false;
  const done = new Promise<PlayOutcome>((resolve) => (settle = resolve));
  const finish = (outcome: PlayOutcome): void => {
    if (finished) return;
    finished = true;
    unwatch();
    settle(outcome);
  };
  const unwatch = host.watch(channelId, {
    onDtmf(digit) {
      if (interruptDigits.includes(digit)) {
        finish({ reason: 'interrupted', digit });
        host.breakMedia(channelId);
      }
    },
    onGone: () => finish({ reason: 'gone' }),
  });

  const playFrom = async (index: number): Promise<void> => {
    if (finished) return;
    const item = items[index];
    if (!item) return finish({ reason: 'finished' });
    // Losing the link to FreeSWITCH is not the caller hanging up: the prompt just stopped for us.
    const ended = (err: unknown): void => finish({ reason: isAppError(err, 'PBX_UNAVAILABLE') ? 'stopped' : 'gone' });
    let running: { done: Promise<void> };
    try {
      running = await host.execute(channelId, item.app, item.arg);
    } catch (err) {
      return ended(err);
    }
    await running.done.then(() => playFrom(index + 1), ended);
  };
  void playFrom(0); // never rejects: every failure ends the playback through `ended`

  return {
    id: randomUUID(),
    done,
    async stop() {
      if (finished) return;
      finish({ reason: 'stopped' });
      host.breakMedia(channelId);
    },
  };
}

/**
 * Collects DTMF. The prompt (if any) is interrupted by any digit, which counts as input; the
 * first-digit timer starts when the prompt ends, the inter-digit timer after every digit.
 */
export function collectDigits(
  host: MediaHost,
  channelId: string,
  options: CollectOptions,
  playPrompt: (() => Playback) | null,
): Promise<CollectResult> {
  const terminators = options.terminators ?? '';
  const interMs = options.interDigitTimeoutMs ?? options.firstDigitTimeoutMs;
  return new Promise<CollectResult>((resolve) => {
    let digits = '';
    let timer: TimerHandle | undefined;
    let done = false;
    let prompt: Playback | null = null;
    const finish = (reason: CollectResult['reason']): void => {
      if (done) return;
      done = true;
      host.clock.clearTimeout(timer);
      unwatch();
      if (prompt) void prompt.stop(); // a playback's stop() and done never reject
      resolve({ digits, reason });
    };
    const arm = (ms: number): void => {
      host.clock.clearTimeout(timer);
      timer = host.clock.setTimeout(() => finish('timeout'), ms);
    };
    const unwatch = host.watch(channelId, {
      onDtmf(digit) {
        if (done) return;
        if (terminators.includes(digit)) return finish('terminator');
        digits += digit;
        if (digits.length >= options.maxDigits) return finish('max');
        arm(interMs);
      },
      onGone: () => finish('gone'),
    });
    if (!playPrompt) {
      arm(options.firstDigitTimeoutMs);
      return;
    }
    prompt = playPrompt();
    void prompt.done.then((outcome) => {
      if (done) return;
      if (outcome.reason === 'gone') return finish('gone');
      // A digit during the prompt already armed the inter-digit timer.
      if (digits === '') arm(options.firstDigitTimeoutMs);
    });
  });
}

import type { TimerHandle } from '../../core/clock.js';
import type { CollectOptions, CollectResult } from '../port.js';
import { validateCollectOptions } from '../shared/digit-collector.js';
import { playMedia, type PlaybackDeps } from './playback-op.js';

export { playMedia };
export type MediaDeps = PlaybackDeps;
const ALL_DIGITS = '0123456789*#ABCD';

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
      // A playback's done never rejects, nor does its stop() (cancelling tolerates and logs).
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

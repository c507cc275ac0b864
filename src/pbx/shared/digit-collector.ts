/**
 * Digit collection over DTMF events and the Clock, for adapters whose PBX has no native
 * "read digits" that fits the port (ARI has none; ESL play_and_get_digits ends on prompt rules
 * we do not want). The adapter feeds it digits, tells it when the prompt ended and when the
 * channel went away; it decides when input is complete.
 *
 *   prompting --digit--> collecting (onFirstDigit: stop the prompt)
 *   prompting --promptEnded--> waiting (first-digit timer)
 *   waiting --digit--> collecting (inter-digit timer)     collecting --digit--> collecting
 *   any --max | terminator | timer | gone--> done (result settles once)
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { validationError, type FieldProblem } from '../../core/errors.js';
import type { CollectOptions, CollectResult } from '../port.js';
import { validateMedia } from './media-ref.js';

export function validateCollectOptions(options: CollectOptions, where = '/collect'): void {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(options.maxDigits) || options.maxDigits < 1 || options.maxDigits > 128)
    problems.push({ where: `${where}/maxDigits`, reason: 'must be a whole number from 1 to 128' });
  for (const key of ['firstDigitTimeoutMs', 'interDigitTimeoutMs'] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > 600_000))
      problems.push({ where: `${where}/${key}`, reason: 'must be 0..600000 ms' });
  }
  if (options.terminators !== undefined && !/^[0-9*#A-D]*$/.test(options.terminators))
    problems.push({ where: `${where}/terminators`, reason: 'must be DTMF digits' });
  if (problems.length > 0) throw validationError(problems);
  if (options.prompt) validateMedia(options.prompt, `${where}/prompt`);
}

export interface DigitCollectorHooks {
  /** A prompt is playing; the first-digit timer waits for promptEnded(). */
  promptPlaying: boolean;
  /** Called once, on the first digit: stop the prompt. */
  onFirstDigit?: () => void;
  /** Called once with the result (after which the adapter can unsubscribe). */
  onDone?: (result: CollectResult) => void;
}

export class DigitCollector {
  readonly result: Promise<CollectResult>;
  private resolve!: (r: CollectResult) => void;
  private digits = '';
  private timer: TimerHandle | undefined;
  private done = false;
  private started = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: CollectOptions,
    private readonly hooks: DigitCollectorHooks = { promptPlaying: false },
  ) {
    this.result = new Promise((r) => (this.resolve = r));
    if (!hooks.promptPlaying) this.promptEnded();
  }

  get isDone(): boolean {
    return this.done;
  }

  /** The prompt is over (finished, stopped or interrupted): the first-digit wait starts now. */
  promptEnded(): void {
    if (this.done || this.started) return;
    this.started = true;
    if (this.digits.length === 0) this.arm(this.options.firstDigitTimeoutMs);
  }

  digit(d: string): void {
    if (this.done) return;
    if (this.options.terminators?.includes(d)) return this.finish('terminator');
    const first = this.digits.length === 0;
    this.digits += d;
    if (first) {
      this.started = true;
      this.hooks.onFirstDigit?.();
    }
    if (this.digits.length >= this.options.maxDigits) return this.finish('max');
    this.arm(this.options.interDigitTimeoutMs ?? this.options.firstDigitTimeoutMs);
  }

  /** The channel went away: whatever was typed is returned with reason 'gone'. */
  gone(): void {
    this.finish('gone');
  }

  private arm(ms: number): void {
    this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => this.finish('timeout'), ms);
  }

  private finish(reason: CollectResult['reason']): void {
    if (this.done) return;
    this.done = true;
    this.clock.clearTimeout(this.timer);
    const result = { digits: this.digits, reason };
    this.hooks.onDone?.(result);
    this.resolve(result);
  }
}

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import { isAppError } from '../../../../src/core/errors.js';
import type { CollectResult } from '../../../../src/pbx/port.js';
import { DigitCollector, validateCollectOptions } from '../../../../src/pbx/shared/digit-collector.js';

function settledValue(c: DigitCollector): { value: CollectResult | undefined } {
  const box: { value: CollectResult | undefined } = { value: undefined };
  void c.result.then((r) => (box.value = r));
  return box;
}

describe('DigitCollector', () => {
  it('given no prompt when the first-digit timeout passes then it ends with no digits and reason timeout', async () => {
    const clock = new FakeClock();
    const c = new DigitCollector(clock, { maxDigits: 3, firstDigitTimeoutMs: 1_000 });
    const box = settledValue(c);
    await clock.advanceAsync(999);
    expect(box.value).toBeUndefined();
    await clock.advanceAsync(1);
    expect(box.value).toEqual({ digits: '', reason: 'timeout' });
  });

  it('given a prompt playing when time passes then the first-digit timer starts only when the prompt ends', async () => {
    const clock = new FakeClock();
    const c = new DigitCollector(clock, { maxDigits: 3, firstDigitTimeoutMs: 1_000 }, { promptPlaying: true });
    const box = settledValue(c);
    await clock.advanceAsync(5_000);
    expect(box.value).toBeUndefined();
    c.promptEnded();
    await clock.advanceAsync(1_000);
    expect(box.value).toEqual({ digits: '', reason: 'timeout' });
  });

  it('given a prompt when the first digit arrives then onFirstDigit fires once and the digit counts', async () => {
    const clock = new FakeClock();
    let stops = 0;
    const c = new DigitCollector(clock, { maxDigits: 2, firstDigitTimeoutMs: 1_000 }, { promptPlaying: true, onFirstDigit: () => stops++ });
    c.digit('4');
    c.promptEnded();
    c.digit('2');
    expect(await c.result).toEqual({ digits: '42', reason: 'max' });
    expect(stops).toBe(1);
  });

  it('given an inter-digit timeout when the caller pauses after a digit then that shorter timeout ends input', async () => {
    const clock = new FakeClock();
    const c = new DigitCollector(clock, { maxDigits: 5, firstDigitTimeoutMs: 5_000, interDigitTimeoutMs: 500 });
    const box = settledValue(c);
    c.digit('7');
    await clock.advanceAsync(499);
    expect(box.value).toBeUndefined();
    await clock.advanceAsync(1);
    expect(box.value).toEqual({ digits: '7', reason: 'timeout' });
  });

  it('given a terminator when pressed then it ends input without being part of it; later digits are ignored', async () => {
    const clock = new FakeClock();
    const c = new DigitCollector(clock, { maxDigits: 5, firstDigitTimeoutMs: 5_000, terminators: '#*' });
    c.digit('1');
    c.digit('*');
    c.digit('2');
    expect(await c.result).toEqual({ digits: '1', reason: 'terminator' });
    expect(clock.pending()).toBe(0);
  });

  it('given collected digits when the channel goes then the result is gone with those digits', async () => {
    const clock = new FakeClock();
    const done: CollectResult[] = [];
    const c = new DigitCollector(clock, { maxDigits: 5, firstDigitTimeoutMs: 5_000 }, { promptPlaying: false, onDone: (r) => done.push(r) });
    c.digit('9');
    c.gone();
    c.gone();
    expect(await c.result).toEqual({ digits: '9', reason: 'gone' });
    expect(done).toHaveLength(1);
    expect(c.isDone).toBe(true);
  });

  it('given bad options when validated then VALIDATION_FAILED names the field', () => {
    const problemsOf = (fn: () => void): unknown => {
      try {
        fn();
      } catch (err) {
        return isAppError(err, 'VALIDATION_FAILED') ? (err.details as { problems: { where: string }[] }).problems.map((p) => p.where) : err;
      }
      return [];
    };
    expect(problemsOf(() => validateCollectOptions({ maxDigits: 0, firstDigitTimeoutMs: -1 }))).toEqual([
      '/collect/maxDigits',
      '/collect/firstDigitTimeoutMs',
    ]);
    expect(problemsOf(() => validateCollectOptions({ maxDigits: 2, firstDigitTimeoutMs: 10, terminators: 'x' }))).toEqual([
      '/collect/terminators',
    ]);
    expect(problemsOf(() => validateCollectOptions({ maxDigits: 2, firstDigitTimeoutMs: 10, prompt: [{ kind: 'silence', ms: -5 }] }))).toEqual([
      '/collect/prompt/0/ms',
    ]);
    expect(problemsOf(() => validateCollectOptions({ maxDigits: 2, firstDigitTimeoutMs: 10 }))).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { AppError, validationError } from '../../../src/core/errors.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';

describe('FakeClock', () => {
  it('given timers set out of order when time advances then they fire in due order, ties in creation order', () => {
    const clock = new FakeClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    clock.advance(15);
    expect(fired).toEqual(['a@1010']);
    clock.advance(10);
    expect(fired).toEqual(['a@1010', 'b@1020', 'c@1020']);
    expect(clock.now()).toBe(1_025);
  });

  it('given a timer that schedules another within the window then both fire in one advance', () => {
    const clock = new FakeClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
    }, 5);
    clock.advance(10);
    expect(fired).toEqual([5, 10]);
    expect(clock.pending()).toBe(0);
  });

  it('given a cleared timer then it never fires', async () => {
    const clock = new FakeClock(0);
    let fired = false;
    const h = clock.setTimeout(() => (fired = true), 5);
    clock.clearTimeout(h);
    await clock.advanceAsync(10);
    expect(fired).toBe(false);
  });

  it('given async work between timers when advanced asynchronously then each step sees the one before', async () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    const wait = (ms: number) => new Promise<void>((r) => clock.setTimeout(r, ms));
    const flow = (async () => {
      await wait(5);
      seen.push(clock.now());
      await wait(5);
      seen.push(clock.now());
    })();
    await clock.advanceAsync(10);
    await flow;
    expect(seen).toEqual([5, 10]);
  });
});

describe('coded errors and the event bus', () => {
  it('given a validation problem then the message names where it is and the body carries the code', () => {
    const err = validationError([{ where: '/body/name', reason: 'must be a string' }]);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(400);
    expect(err.toBody()).toEqual({ code: 'VALIDATION_FAILED', message: '/body/name: must be a string', details: { problems: [{ where: '/body/name', reason: 'must be a string' }] } });
  });

  it('given a throwing listener then the other listeners still receive the event', () => {
    const errors: unknown[] = [];
    const bus = new InProcessEventBus((err) => errors.push(err));
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('bad consumer');
    });
    bus.subscribe((e) => got.push(e.type));
    const event: DomainEvent = { type: 'pbx.connected', at: 0, scope: { everyone: true }, server: 'sim' };
    bus.publish(event);
    expect(got).toEqual(['pbx.connected']);
    expect(errors).toHaveLength(1);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { SimTraffic } from '../../../../src/pbx/sim/sim-traffic.js';
import { simFixture, type SimFixture } from './sim-helpers.js';

let f: SimFixture | undefined;
afterEach(async () => f?.dispose());

describe('SimTraffic', () => {
  it('given three callers when the daemon answers only the second then one completes and two abandon', async () => {
    f = await simFixture();
    const fx = f;
    let inbound = 0;
    fx.sim.onEvent((e) => {
      if (e.type === 'channel.inbound' && ++inbound === 2) void fx.sim.answer(e.channel.id);
    });
    const traffic = new SimTraffic(fx.sim, fx.sim.control, fx.clock, {
      dids: ['+15559990000'],
      callsPerMinute: 60,
      patienceMs: { min: 5_000, max: 5_000 },
      talkMs: { min: 20_000, max: 20_000 },
      maxCalls: 3,
      random: () => 0.5,
    });
    traffic.start();
    await fx.clock.advanceAsync(3_000);
    expect(traffic.stats).toMatchObject({ placed: 3, answered: 1, abandoned: 0 });
    await fx.clock.advanceAsync(10_000);
    expect(traffic.stats).toMatchObject({ abandoned: 2, completed: 0 });
    await fx.clock.advanceAsync(20_000);
    expect(traffic.stats).toEqual({ placed: 3, answered: 1, abandoned: 2, completed: 1, failed: 0 });
    expect((await fx.sim.snapshot()).channels).toEqual([]);
    traffic.stop();
    expect(fx.clock.pending()).toBe(0);
  });

  it('given the daemon hangs up a caller first when the patience would run out then the caller does not count as abandoned', async () => {
    f = await simFixture();
    const fx = f;
    fx.sim.onEvent((e) => {
      if (e.type === 'channel.inbound') void fx.sim.hangup(e.channel.id);
    });
    const traffic = new SimTraffic(fx.sim, fx.sim.control, fx.clock, {
      dids: ['+15559990000'],
      callsPerMinute: 30,
      patienceMs: { min: 1_000, max: 1_000 },
      talkMs: { min: 1_000, max: 1_000 },
      maxCalls: 2,
    });
    traffic.start();
    await fx.clock.advanceAsync(10_000);
    expect(traffic.stats).toEqual({ placed: 2, answered: 0, abandoned: 0, completed: 0, failed: 0 });
    traffic.stop();
  });

  it('given a traffic shape without DIDs or with an inverted range when built then it is refused', async () => {
    f = await simFixture();
    const fx = f;
    const make = (o: Partial<ConstructorParameters<typeof SimTraffic>[3]>) => () =>
      new SimTraffic(fx.sim, fx.sim.control, fx.clock, {
        dids: ['1'],
        callsPerMinute: 1,
        patienceMs: { min: 0, max: 1 },
        talkMs: { min: 0, max: 1 },
        ...o,
      });
    expect(make({ dids: [] })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(make({ talkMs: { min: 5, max: 1 } })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(make({ callsPerMinute: 0 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(make({})).not.toThrow();
  });
});

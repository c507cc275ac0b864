import { afterEach, describe, expect, it } from 'vitest';
import { SimTraffic } from '../../../../src/pbx/sim/sim-traffic.js';
import { simFixture, type SimFixture } from './sim-helpers.js';

let f: SimFixture | undefined;
afterEach(async () => f?.dispose());

describe('SimTraffic', () => {
  it('given callers the daemon answers and queues in a holding bridge when the talk time passes then they keep waiting and abandon at their patience', async () => {
    f = await simFixture();
    const fx = f;
    const queue = await fx.sim.createBridge('holding', 'queue');
    const callers: string[] = [];
    fx.sim.onEvent((e) => {
      if (e.type !== 'channel.inbound') return;
      callers.push(e.channel.id);
      void fx.sim.answer(e.channel.id).then(() => fx.sim.addToBridge(queue, e.channel.id));
    });
    const traffic = new SimTraffic(fx.sim, fx.sim.control, fx.clock, {
      dids: ['+15559990000'],
      callsPerMinute: 60,
      patienceMs: { min: 30_000, max: 30_000 },
      talkMs: { min: 5_000, max: 5_000 },
      maxCalls: 2,
      random: () => 0.5,
    });
    traffic.start();
    await fx.clock.advanceAsync(10_000);
    expect(callers).toHaveLength(2);
    expect((await fx.sim.snapshot()).bridges).toEqual([{ id: queue, kind: 'holding', channelIds: callers }]);
    expect(traffic.stats).toEqual({ placed: 2, answered: 0, abandoned: 0, completed: 0, failed: 0 });
    await fx.clock.advanceAsync(20_999);
    expect(traffic.stats.abandoned).toBe(0);
    await fx.clock.advanceAsync(1);
    expect(traffic.stats.abandoned).toBe(1);
    await fx.clock.advanceAsync(1_000);
    expect(traffic.stats).toEqual({ placed: 2, answered: 0, abandoned: 2, completed: 0, failed: 0 });
    expect((await fx.sim.snapshot()).channels).toEqual([]);
    traffic.stop();
    expect(fx.clock.pending()).toBe(0);
  });

  it('given a caller answered by the IVR but never bridged when the talk time passes then it does not hang up', async () => {
    f = await simFixture();
    const fx = f;
    fx.sim.onEvent((e) => {
      if (e.type === 'channel.inbound') void fx.sim.answer(e.channel.id);
    });
    const traffic = new SimTraffic(fx.sim, fx.sim.control, fx.clock, {
      dids: ['+15559990000'],
      callsPerMinute: 60,
      patienceMs: { min: 60_000, max: 60_000 },
      talkMs: { min: 2_000, max: 2_000 },
      maxCalls: 1,
    });
    traffic.start();
    await fx.clock.advanceAsync(30_000);
    const [caller] = (await fx.sim.snapshot()).channels;
    expect(caller?.state).toBe('up');
    expect(traffic.stats).toEqual({ placed: 1, answered: 0, abandoned: 0, completed: 0, failed: 0 });
    traffic.stop();
    expect(fx.clock.pending()).toBe(0);
  });

  it('given a caller bridged with an agent leg when the talk time passes then it hangs up, through hold and transfer, past its patience', async () => {
    f = await simFixture();
    const fx = f;
    let caller = '';
    fx.sim.onEvent((e) => {
      if (e.type === 'channel.inbound') {
        caller = e.channel.id;
        void fx.sim.answer(caller);
      }
    });
    const traffic = new SimTraffic(fx.sim, fx.sim.control, fx.clock, {
      dids: ['+15559990000'],
      callsPerMinute: 60,
      patienceMs: { min: 10_000, max: 10_000 },
      talkMs: { min: 20_000, max: 20_000 },
      maxCalls: 1,
    });
    traffic.start();
    await fx.clock.advanceAsync(3_000);
    expect(caller).not.toBe('');
    expect(traffic.stats.answered).toBe(0);

    // The daemon connects an agent at t=3s: the talk time counts from here.
    const agent1 = await fx.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 30_000 });
    await fx.clock.advanceAsync(0);
    const talk = await fx.sim.createBridge('mixing');
    await fx.sim.addToBridge(talk, caller);
    await fx.sim.addToBridge(talk, agent1);
    const connectedAt = fx.clock.now();
    await fx.clock.advanceAsync(1_000);
    expect(fx.sim.control.farSide(caller).hears).toEqual([agent1]);
    expect(traffic.stats.answered).toBe(1);

    // Hold, then a transfer to another agent through a holding bridge.
    await fx.sim.hold(agent1);
    await fx.clock.advanceAsync(2_000);
    const parked = await fx.sim.createBridge('holding');
    await fx.sim.addToBridge(parked, caller);
    await fx.sim.hangup(agent1);
    const agent2 = await fx.sim.originate({ endpoint: { kind: 'phone', name: 'agent2' }, timeoutMs: 30_000 });
    await fx.clock.advanceAsync(3_000);
    const talk2 = await fx.sim.createBridge('mixing');
    await fx.sim.addToBridge(talk2, caller);
    await fx.sim.addToBridge(talk2, agent2);
    await fx.clock.advanceAsync(connectedAt + 19_999 - fx.clock.now());
    expect(traffic.stats).toEqual({ placed: 1, answered: 1, abandoned: 0, completed: 0, failed: 0 });
    expect((await fx.sim.snapshot()).channels.map((c) => c.id)).toContain(caller);

    await fx.clock.advanceAsync(1_000);
    expect(traffic.stats).toEqual({ placed: 1, answered: 1, abandoned: 0, completed: 1, failed: 0 });
    expect((await fx.sim.snapshot()).channels.map((c) => c.id)).not.toContain(caller);
    traffic.stop();
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

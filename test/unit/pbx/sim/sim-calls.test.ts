import { afterEach, describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../../../../src/core/clock.js';
import { codeOf, simFixture, type SimFixture } from './sim-helpers.js';

let f: SimFixture | undefined;
afterEach(async () => f?.dispose());

describe('simulated originate and far side', () => {
  it('given bad targets when we originate then each is refused with a precise code', async () => {
    f = await simFixture();
    expect(await codeOf(f.sim.originate({ endpoint: { kind: 'phone', name: 'nobody' }, timeoutMs: 1_000 }))).toBe('PBX_REJECTED');
    expect(await codeOf(f.sim.originate({ endpoint: { kind: 'number', number: '12;34' }, timeoutMs: 1_000 }))).toBe('VALIDATION_FAILED');
    expect(await codeOf(f.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 0 }))).toBe('VALIDATION_FAILED');
    await f.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, channelId: 'dup', timeoutMs: 1_000 });
    expect(await codeOf(f.sim.originate({ endpoint: { kind: 'phone', name: 'agent2' }, channelId: 'dup', timeoutMs: 1_000 }))).toBe(
      'PBX_REJECTED',
    );
  });

  it('given an unregistered phone when we originate then the leg ends unreachable with Q.850 20', async () => {
    f = await simFixture();
    const id = await f.sim.originate({ endpoint: { kind: 'phone', name: 'off' }, timeoutMs: 1_000 });
    await flushMicrotasks();
    expect(f.events.filter((e) => 'channelId' in e && e.channelId === id)).toEqual([
      { type: 'channel.hangup', channelId: id, cause: 'unreachable', causeCode: 20, initiator: 'remote' },
    ]);
  });

  it('given nothing ringing at a phone when the far side answers it then NOT_FOUND tells the demo driver', async () => {
    f = await simFixture();
    expect(await codeOf(f.sim.control.answerPhone('agent1'))).toBe('NOT_FOUND');
  });

  it('given two legs ringing at one phone when the phone answers then the oldest is picked up first', async () => {
    f = await simFixture({ defaultPhoneBehaviour: 'manual' });
    const first = await f.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 30_000 });
    const second = await f.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 30_000 });
    await flushMicrotasks();
    expect(f.sim.control.ringingAt('agent1')).toEqual([first, second]);
    await f.sim.control.answerPhone('agent1');
    expect(f.sim.control.ringingAt('agent1')).toEqual([second]);
    expect(f.events.filter((e) => e.type === 'channel.answered')).toEqual([{ type: 'channel.answered', channelId: first }]);
  });

  it('given a leg answered before its timeout when the timeout time passes then it stays up', async () => {
    f = await simFixture();
    f.sim.control.setPhoneBehaviour('agent1', { answerAfterMs: 1_000 });
    const id = await f.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 2_000 });
    await f.clock.advanceAsync(5_000);
    expect((await f.sim.snapshot()).channels.find((c) => c.id === id)?.state).toBe('up');
    expect(f.events.some((e) => e.type === 'channel.hangup')).toBe(false);
  });

  it('given a caller in a bridge with an agent on hold when asked then the holder hears silence and the caller hears MOH', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    await f.sim.answer(caller);
    const agent = await f.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 5_000 });
    await flushMicrotasks();
    const bridge = await f.sim.createBridge('mixing');
    await f.sim.addToBridge(bridge, caller);
    await f.sim.addToBridge(bridge, agent);
    await f.sim.hold(agent);
    expect(f.sim.control.farSide(agent)).toMatchObject({ hears: [], hearsMoh: false });
    expect(f.sim.control.farSide(caller)).toMatchObject({ hears: [], hearsMoh: true });
    await f.sim.mute(caller, 'out');
    expect(f.sim.control.farSide(caller).hearsMoh).toBe(false);
  });

  it('given a redirected caller when the far side is asked afterwards then the view survives the channel', async () => {
    f = await simFixture();
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    await f.sim.redirect(caller, { kind: 'number', number: '+44123' });
    expect(f.sim.control.farSide(caller)).toMatchObject({ redirectedTo: 'number:+44123', answered: false, hears: [] });
    expect(() => f?.sim.control.farSide('never')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('given a phone added at run time when its presence changes then endpoint.presence is emitted', async () => {
    f = await simFixture();
    f.sim.control.addPhone('agent7', false);
    expect(await f.sim.endpointPresence('agent7')).toBe('unregistered');
    await f.sim.control.setPresence('agent7', 'registered');
    expect(f.events.at(-1)).toEqual({ type: 'endpoint.presence', endpoint: 'agent7', presence: 'registered' });
    expect(f.sim.control.phoneNames()).toContain('agent7');
    expect(await codeOf(f.sim.control.setPresence('ghost', 'registered'))).toBe('NOT_FOUND');
  });
});

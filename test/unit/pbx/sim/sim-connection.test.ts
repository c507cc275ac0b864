import { afterEach, describe, expect, it } from 'vitest';
import { flushMicrotasks } from '../../../../src/core/clock.js';
import { codeOf, simFixture, type SimFixture } from './sim-helpers.js';

let f: SimFixture | undefined;
afterEach(async () => f?.dispose());

describe('simulated PBX connection', () => {
  it('given the server was never connected when a caller dials in or an operation runs then both are PBX_UNAVAILABLE', async () => {
    f = await simFixture({}, false);
    expect(await codeOf(f.sim.control.placeInboundCall({ from: '1', to: '2' }))).toBe('PBX_UNAVAILABLE');
    expect(await codeOf(f.sim.snapshot())).toBe('PBX_UNAVAILABLE');
    expect(f.sim.isConnected()).toBe(false);
  });

  it('given the PBX is down when connect is called then it is PBX_UNAVAILABLE, and it connects once the PBX is back', async () => {
    f = await simFixture({}, false);
    await f.sim.control.dropConnection();
    expect(await codeOf(f.sim.connect())).toBe('PBX_UNAVAILABLE');
    await f.sim.control.restoreConnection();
    expect(f.sim.isConnected()).toBe(false);
    await f.sim.connect();
    expect(f.sim.isConnected()).toBe(true);
    expect(f.events.map((e) => e.type)).toEqual(['connection.up', 'connection.reconciled']);
  });

  it('given a caller hangs up during an outage when the PBX is back then the missed hang-up is reported as lost', async () => {
    f = await simFixture();
    const id = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    await f.sim.control.dropConnection();
    await f.sim.control.farEndHangup(id);
    expect(f.events.filter((e) => e.type === 'channel.hangup')).toEqual([]);
    await f.sim.control.restoreConnection({ lose: [] });
    expect(f.events.slice(-3)).toEqual([
      { type: 'connection.up' },
      { type: 'channel.hangup', channelId: id, cause: 'lost', initiator: 'unknown' },
      { type: 'connection.reconciled', lostChannelIds: [id], adoptedChannelIds: [] },
    ]);
  });

  it('given a full restart when the PBX is back then bridges are gone too, while a selective outage keeps them', async () => {
    f = await simFixture();
    const keep = await f.sim.createBridge('mixing', 'b-keep');
    await f.sim.control.dropConnection();
    await f.sim.control.restoreConnection({ lose: [] });
    expect((await f.sim.snapshot()).bridges.map((b) => b.id)).toEqual([keep]);
    await f.sim.control.restartPbx();
    expect((await f.sim.snapshot()).bridges).toEqual([]);
  });

  it('given a channel the PBX forgot when an operation meets it then it is hung up as lost exactly once', async () => {
    f = await simFixture();
    const id = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    f.sim.control.vanishChannel(id);
    expect(await codeOf(f.sim.answer(id))).toBe('CHANNEL_GONE');
    expect(await codeOf(f.sim.hold(id))).toBe('CHANNEL_GONE');
    await flushMicrotasks();
    expect(f.events.filter((e) => e.type === 'channel.hangup')).toEqual([
      { type: 'channel.hangup', channelId: id, cause: 'lost', initiator: 'unknown' },
    ]);
  });

  it('given ringing legs and prompts when the server closes then no timer is left behind', async () => {
    f = await simFixture({ defaultPhoneBehaviour: 'manual' });
    await f.sim.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 30_000 });
    const caller = await f.sim.control.placeInboundCall({ from: '+1', to: '+2' });
    await f.sim.play(caller, [{ kind: 'silence', ms: 10_000 }]);
    await flushMicrotasks();
    expect(f.clock.pending()).toBeGreaterThan(0);
    await f.sim.close();
    expect(f.clock.pending()).toBe(0);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log.js';
import type { LiveCall } from '../../../src/calls/live-call.js';
import { MediaActions } from '../../../src/calls/media-actions.js';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { makeSimHarness, type SimHarness } from '../../contract/sim-harness.js';

let h: SimHarness;
afterEach(async () => {
  await h.close();
});

function callOf(customerLegId: string): LiveCall {
  return {
    record: { id: 'call-1', direction: 'inbound', state: 'offering', from: '+1555', to: '+1556', callerName: '', ivrPath: [], variables: {}, startedAt: 0, recordingIds: [] },
    state: { name: 'connected', direction: 'inbound', startedAt: 0, quickHangupMs: 0, customerLegId, everAnswered: true },
    legs: new Map(),
    seq: 0,
    talkMembers: new Set(),
    customerPlace: 'none',
    customerAnswered: true,
    mohOn: false,
    muted: false,
    recordingPaused: false,
    media: Promise.resolve(),
    writes: Promise.resolve(),
  };
}

describe('bridging an agent to the caller', () => {
  it('given a caller leg that vanished (hung up while nobody listened) when the agent is to be bridged then the agent is not put in a bridge', async () => {
    h = await makeSimHarness();
    const server = h.server as SimulatedMediaServer;
    const caller = await h.placeInboundCall({ from: '+15550000001', to: '+15550001' });
    await server.answer(caller);
    const agentLeg = await server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 30_000 });
    await h.passTime(1_000);
    server.control.vanishChannel(caller);

    const call = callOf(caller);
    await new MediaActions(server, silentLogger, undefined).toTalk(call, [agentLeg]);

    const agent = (await server.snapshot()).channels.find((c) => c.id === agentLeg);
    expect(agent?.state).toBe('up');
    expect(agent?.bridgeId).toBeUndefined();
    expect(call.talkMembers.has(agentLeg)).toBe(false);
  });

  it('given a caller leg still there when the agent is bridged then both share the talk bridge', async () => {
    h = await makeSimHarness();
    const server = h.server as SimulatedMediaServer;
    const caller = await h.placeInboundCall({ from: '+15550000001', to: '+15550001' });
    await server.answer(caller);
    const agentLeg = await server.originate({ endpoint: { kind: 'phone', name: 'agent1' }, timeoutMs: 30_000 });
    await h.passTime(1_000);

    await new MediaActions(server, silentLogger, undefined).toTalk(callOf(caller), [agentLeg]);

    const channels = (await server.snapshot()).channels;
    const bridgeOf = (id: string) => channels.find((c) => c.id === id)?.bridgeId;
    expect(bridgeOf(agentLeg)).toBe('call-1-talk');
    expect(bridgeOf(caller)).toBe('call-1-talk');
  });
});

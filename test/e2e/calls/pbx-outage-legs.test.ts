/**
 * Agent legs across a media-server outage, on every media server (issue 15, found by the fault
 * harness on FreeSWITCH: after a disconnect + reconnect a call stayed `queued` with two agent legs,
 * one the PBX no longer had). While the link is down the routing engine goes on: its ring deadline
 * withdraws an offer (the hang-up of that ringing leg cannot reach the PBX) and it offers the call
 * to the next agent (that originate is refused). Once the link is back, the first phone must stop
 * ringing and the refused leg must not stay in the call's books as if it were up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MakeHarness } from '../../contract/harness.js';
import { makeSimHarness } from '../../contract/sim-harness.js';
import { makeFakeAsteriskHarness } from '../../fakes/asterisk/harness.js';
import { makeFakeFreeSwitchHarness } from '../../fakes/freeswitch/fake-harness.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

const SERVERS: [string, MakeHarness][] = [
  ['sim', makeSimHarness],
  ['asterisk fake', makeFakeAsteriskHarness],
  ['freeswitch fake', () => makeFakeFreeSwitchHarness('json')],
];

describe.each(SERVERS)('agent legs across a media-server outage on %s', (_name, makeHarness) => {
  let w: CallWorld;
  afterEach(async () => {
    await w.close();
  });

  it('given an agent phone ringing when the link drops, the engine withdraws the offer and offers the next agent then once back the first phone is hung up and the call holds only its caller', async () => {
    w = await makeCallWorld({ makeHarness });
    w.routing.setAgent('a2', 'not_ready');
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'no_answer');
    const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle();
    const callId = w.callIdOf(caller);
    const ringing = w.agentLeg('a1');

    await w.h.dropConnection();
    // The engine's ring deadline (15 s) passes while the link is down; the PBX would give up on
    // its own only 5 s later (the originate's safety margin), so nothing but us ends that leg.
    await w.settle(15_000);
    expect(w.routing.log).toContain(`failed ${callId} a1 no_answer`);
    w.routing.setAgent('a2', 'available');
    await w.settle();
    expect(w.routing.log).toContain(`failed ${callId} a2 failed`);
    const refused = w.calls.control.view(callId).legs.find((l) => l.agentId === 'a2');
    expect(refused).toBeDefined();

    const mark = w.pbxLog.events.length;
    await w.h.restoreConnection({ lose: [] });
    await w.settle();

    const view = w.calls.control.view(callId);
    expect(view.state).toBe('queued');
    expect(view.legs.filter((l) => l.endedAt === undefined).map((l) => l.id)).toEqual([caller]);
    expect(w.store.legs.get(ringing)?.endedAt).toBeDefined();
    expect(w.store.legs.get(refused?.id ?? '')?.endedAt).toBeDefined();
    expect(w.pbxLog.events.slice(mark)).toContainEqual(expect.objectContaining({ type: 'channel.hangup', channelId: ringing, initiator: 'local' }));
  });
});

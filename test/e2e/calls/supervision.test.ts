import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/core/log.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { SupervisionService } from '../../../src/supervision/supervision-service.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let w: CallWorld;
let sup: SupervisionService;
afterEach(async () => {
  sup.close();
  await w.close();
});

async function supervised(): Promise<{ caller: string; callId: string; a1Leg: string; events: DomainEvent[] }> {
  w = await makeCallWorld();
  const bus = new InProcessEventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  sup = new SupervisionService({
    pbx: w.h.server,
    calls: w.calls.supervised,
    phones: { phoneOf: (id) => (id === 'sup1' ? { kind: 'phone', name: w.phoneOf.sup1 as string } : undefined) },
    bus,
    clock: w.h.clock ?? { now: Date.now, setTimeout: () => ({ id: 0 }), clearTimeout: () => {} },
    log: silentLogger,
    newId: sequentialIds('s'),
    ringTimeoutMs: 20_000,
  });
  const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
  await w.settle(1_000);
  const callId = w.callIdOf(caller);
  return { caller, callId, a1Leg: w.agentLeg('a1'), events };
}

describe('supervisor listen, whisper, barge and force-release', () => {
  it('given a live call when the supervisor listens then they hear both parties and nobody hears them; whisper reaches only the agent; barge reaches both', async () => {
    const { caller, callId, a1Leg, events } = await supervised();
    const session = sup.start(callId, 'sup1', 'listen');
    await w.settle(1_000);
    expect(sup.get(session.id).state).toBe('active');
    const supLeg = session.legId;
    expect((await w.h.farSide(supLeg)).hears.sort()).toEqual([a1Leg, caller].sort());
    expect((await w.h.farSide(caller)).hears).not.toContain(supLeg);
    expect((await w.h.farSide(a1Leg)).hears).not.toContain(supLeg);

    await sup.setMode(session.id, 'whisper');
    expect((await w.h.farSide(a1Leg)).hears).toContain(supLeg);
    expect((await w.h.farSide(caller)).hears).not.toContain(supLeg);

    await sup.setMode(session.id, 'barge');
    expect((await w.h.farSide(caller)).hears).toContain(supLeg);
    expect(events.filter((e) => e.type === 'call.supervision_started').map((e) => (e.type === 'call.supervision_started' ? e.mode : ''))).toEqual([
      'listen',
      'whisper',
      'barge',
    ]);
    expect(w.store.legs.get(supLeg)).toMatchObject({ role: 'supervisor', agentId: 'sup1' });
    expect(w.store.timeline(callId)).toEqual(expect.arrayContaining(['connected -supervision_joined-> connected', 'connected -supervision_mode-> connected']));
  });

  it('given a supervised call when the caller hangs up then the session ends and the supervisor leg is released', async () => {
    const { caller, callId, events } = await supervised();
    const session = sup.start(callId, 'sup1', 'listen');
    await w.settle(1_000);
    await w.h.farEndHangup(caller);
    await w.settle();
    expect(sup.list()).toEqual([]);
    expect(events.some((e) => e.type === 'call.supervision_stopped')).toBe(true);
    expect(w.store.legs.get(session.legId)?.endedAt).toBeDefined();
  });

  it('given a live call when the supervisor force-releases the whole call then every leg ends, hung up by system', async () => {
    const { caller, callId, a1Leg } = await supervised();
    sup.forceRelease(callId, 'call', 'sup1');
    await w.settle();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'system' });
    expect(w.store.legs.get(caller)?.endedAt).toBeDefined();
    expect(w.store.legs.get(a1Leg)?.endedAt).toBeDefined();
  });

  it('given a live call when the supervisor force-releases the agent then the agent leg ends and the caller is queued again and offered to the next agent', async () => {
    const { callId, a1Leg } = await supervised();
    sup.forceRelease(callId, 'agent', 'sup1');
    await w.settle(1_000);
    expect(w.store.legs.get(a1Leg)?.endedAt).toBeDefined();
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
  });

  it('given a call nobody talks on when a supervisor asks to listen then it is refused', async () => {
    await supervised();
    expect(() => sup.start('no-such-call', 'sup1', 'listen')).toThrow(/no agent talking/);
  });
});

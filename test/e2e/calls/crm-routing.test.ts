/**
 * Calls and the CRM lookup: the caller's number is asked about while the IVR runs, and the answer
 * decides the queue before the caller enters it (a VIP goes to the VIP queue with a higher
 * priority); an endpoint that does not answer in time leaves the caller where the flow said.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { DEFAULT_CRM_SETTINGS } from '../../../src/customers/crm-lookup.js';
import { CrmLookupService } from '../../../src/customers/crm-lookup-service.js';
import { FetchCrmHttp } from '../../../src/outbound-http/crm-client.js';
import { startCrmServer, type CrmServer } from '../../unit/customers/crm-server.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

let crm: CrmServer;
let w: CallWorld | undefined;
beforeAll(async () => {
  crm = await startCrmServer();
});
afterAll(async () => {
  await crm.close();
});
afterEach(async () => {
  await w?.close();
  w = undefined;
});

async function worldWithCrm(timeoutMs: number): Promise<CallWorld> {
  const lookup = new CrmLookupService({
    store: { load: async () => undefined, save: async () => undefined },
    http: new FetchCrmHttp({}),
    clock: systemClock,
    log: silentLogger,
    counted: () => undefined,
    queueMedia: async () => 'voice',
  });
  await lookup.save({ ...DEFAULT_CRM_SETTINGS, enabled: true, url: crm.url, timeoutMs, routing: [{ level: 'vip', voiceQueueId: 'vip', priority: 50 }] });
  const world = await makeCallWorld({ callerRouting: (number) => lookup.routing({ kind: 'caller', phone: number }, 'voice') });
  world.routing.addQueue('vip', ['a2']);
  return world;
}

describe('the CRM lookup on the call path', () => {
  it('given the CRM says the caller is a VIP when they call the sales line then they enter the VIP queue with the higher priority and the VIP agent is rung', async () => {
    crm.behave({ kind: 'json', body: { name: 'Ada', level: 'vip' } });
    w = await worldWithCrm(5000);
    await w.h.setPhoneBehaviour(w.phoneOf.a2 as string, 'manual');
    await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
    await w.settle(1_000);
    expect(w.routing.requests).toHaveLength(1);
    expect(w.routing.requests[0]).toMatchObject({ queueId: 'vip', priority: 50, attributes: { line: 'sales', customerLevel: 'vip' } });
    expect(new URL(crm.seen.at(-1)?.url ?? '', 'http://x').searchParams.get('phone')).toBe(CALLER);
    expect(w.events.find((e) => e.type === 'call.offered')).toMatchObject({ agentId: 'a2' });
  });

  it('given a CRM that never answers when a caller calls then after the time limit they enter the queue the flow named', async () => {
    crm.behave({ kind: 'hang' });
    w = await worldWithCrm(100);
    await w.h.setPhoneBehaviour(w.phoneOf.a1 as string, 'manual');
    await w.h.placeInboundCall({ from: '+15559990000', to: DID_SALES });
    await w.settle(1_000);
    expect(w.routing.requests[0]).toMatchObject({ queueId: 'sales', priority: 0, attributes: { line: 'sales' } });
    expect(w.routing.requests[0]?.attributes.customerLevel).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/log.js';
import { DEFAULT_CALLS_CONFIG } from '../../../src/calls/call-config.js';
import { createCallsModule } from '../../../src/calls/calls-module.js';
import { DidRoutingIvr } from '../../../src/calls/did-ivr.js';
import type { MediaServer, PbxEvent } from '../../../src/pbx/port.js';
import { makeSimHarness, type SimHarness } from '../../contract/sim-harness.js';
import { FakeRouting } from './support/fake-routing.js';
import { MemoryCallStore } from './support/memory-call-store.js';

let h: SimHarness;
afterEach(async () => {
  await h.close();
});

describe('reconciliation', () => {
  it('given the media server reports channels after a reconnect when no call owns them then a caller is taken in again, other legs are hung up and owned ones are kept', async () => {
    h = await makeSimHarness();
    // A caller from "a previous run": on the server before call handling listens.
    const orphanCaller = await h.placeInboundCall({ from: '+15550000001', to: '+15550001' });
    const orphanLeg = await h.server.originate({ endpoint: { kind: 'phone', name: 'agent2' }, timeoutMs: 30_000 });
    const listeners = new Set<(e: PbxEvent) => void>();
    const server = new Proxy(h.server, {
      get(target, prop, receiver) {
        if (prop === 'onEvent') {
          return (l: (e: PbxEvent) => void) => {
            listeners.add(l);
            const off = target.onEvent(l);
            return () => (listeners.delete(l), off());
          };
        }
        const value: unknown = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    }) as MediaServer;
    const routing = new FakeRouting();
    routing.addQueue('sales', []);
    const module = createCallsModule({
      pbx: server,
      routing,
      ivr: new DidRoutingIvr({ routes: { '+15550001': { queueId: 'sales', priority: 0, skills: [], attributes: {}, announceEverySec: 0 } } }),
      directory: { phoneOf: () => undefined },
      store: new MemoryCallStore(),
      bus: new InProcessEventBus(),
      clock: h.clock,
      log: silentLogger,
      config: DEFAULT_CALLS_CONFIG,
      newId: sequentialIds('c'),
    });
    module.service.start();
    const owned = await h.placeInboundCall({ from: '+15551234567', to: '+15550001' });
    await h.passTime(0);

    for (const l of listeners) l({ type: 'connection.reconciled', lostChannelIds: [], adoptedChannelIds: [orphanCaller, orphanLeg, owned] });
    await h.passTime(0);
    await module.service.settle();

    await expect(h.server.answer(orphanLeg)).rejects.toMatchObject({ code: 'CHANNEL_GONE' });
    const calls = module.service.activeCalls();
    expect(calls.map((c) => c.legs[0]?.id).sort()).toEqual([orphanCaller, owned].sort());
    expect(calls.find((c) => c.legs[0]?.id === orphanCaller)?.state).toBe('queued');
    module.service.stop();
  });
});

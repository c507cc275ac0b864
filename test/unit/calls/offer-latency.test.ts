/**
 * The offer path must send the agent's INVITE before anything else: originate is called inside
 * the routing engine's offer callback, synchronously, before any other port call or await
 * (shared/pbx-transcripts/latency-facts.md: each awaited request before it costs ~1 ms).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/log.js';
import { DEFAULT_CALLS_CONFIG } from '../../../src/calls/call-config.js';
import { createCallsModule } from '../../../src/calls/calls-module.js';
import { DidRoutingIvr } from '../../../src/calls/did-ivr.js';
import type { MediaServer } from '../../../src/pbx/port.js';
import { makeSimHarness, type SimHarness } from '../../contract/sim-harness.js';
import { FakeRouting } from './support/fake-routing.js';
import { MemoryCallStore } from './support/memory-call-store.js';

let h: SimHarness;
afterEach(async () => {
  await h.close();
});

describe('offer latency', () => {
  it('given a queued caller when the engine offers an agent then originate is the first port call and happens before the offer callback returns', async () => {
    h = await makeSimHarness();
    const calls: string[] = [];
    const spied = new Proxy(h.server, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(String(prop));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }) as MediaServer;
    const routing = new FakeRouting();
    routing.addQueue('sales', ['a1']);
    routing.setAgent('a1', 'not_ready');
    const module = createCallsModule({
      pbx: spied,
      routing,
      ivr: new DidRoutingIvr({ routes: { '+15550001': { queueId: 'sales', priority: 0, skills: [], attributes: {}, announceEverySec: 0 } } }),
      directory: { phoneOf: () => ({ kind: 'phone', name: 'agent1' }) },
      store: new MemoryCallStore(),
      bus: new InProcessEventBus(),
      clock: h.clock,
      log: silentLogger,
      config: DEFAULT_CALLS_CONFIG,
      newId: sequentialIds('c'),
    });
    module.service.start();
    await h.placeInboundCall({ from: '+15551234567', to: '+15550001' });
    await h.passTime(0);
    await module.service.settle();
    const mark = calls.length;

    routing.setAgent('a1', 'available');

    expect(calls.slice(mark)[0]).toBe('originate');
    module.service.stop();
  });
});

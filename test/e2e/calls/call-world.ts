/**
 * One call-handling deployment over any PbxHarness (the simulated server today; the Asterisk and
 * FreeSWITCH fakes implement the same harness): the calls module, a routing engine, the default
 * DID flow, recordings and an in-memory store, plus helpers to wait for things without sleeping.
 */
import { systemClock, type Clock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/log.js';
import { DEFAULT_CALLS_CONFIG, type CallsConfig } from '../../../src/calls/call-config.js';
import type { CallsModule } from '../../../src/calls/calls-module.js';
import { createCallHandling } from '../../../src/wiring/call-handling.js';
import { DidRoutingIvr } from '../../../src/calls/did-ivr.js';
import type { EndpointRef } from '../../../src/pbx/port.js';
import type { CallerRoutingPort, CallStore, IvrPort, RoutingPort } from '../../../src/calls/ports.js';
import type { RecordingStore } from '../../../src/recording/ports.js';
import type { RecordingService } from '../../../src/recording/recording-service.js';
import { EventLog, type MakeHarness, type PbxHarness } from '../../contract/harness.js';
import { makeSimHarness } from '../../contract/sim-harness.js';
import { FakeRouting } from '../../unit/calls/support/fake-routing.js';
import { MemoryCallStore } from '../../unit/calls/support/memory-call-store.js';

export const DID_SALES = '+15550001';
export const CALLER = '+15551234567';

export interface CallWorld {
  h: PbxHarness;
  routing: FakeRouting;
  store: MemoryCallStore;
  events: DomainEvent[];
  calls: CallsModule;
  pbxLog: EventLog;
  recorder: RecordingService;
  /** Agent id -> phone name (a1, a2 and the supervisor sup1). */
  phoneOf: Record<string, string>;
  settle(ms?: number): Promise<void>;
  /** The call id of the (only) live call the caller channel belongs to. */
  callIdOf(channelId: string): string;
  /** The agent leg currently ringing / talking for this agent. */
  agentLeg(agentId: string): string;
  close(): Promise<void>;
}

export interface WorldOptions {
  makeHarness?: MakeHarness;
  /** The routing engine call handling talks to (a FakeRouting when omitted). */
  makeRouting?: (clock: Clock) => RoutingPort;
  ivr?: IvrPort;
  config?: Partial<CallsConfig>;
  announceEverySec?: number;
  /** A second store every write also goes to (the database, in route tests). */
  alsoStore?: CallStore & RecordingStore;
  /** The CRM lookup's routing for callers (none when omitted). */
  callerRouting?: CallerRoutingPort;
}

export async function makeCallWorld(options: WorldOptions = {}): Promise<CallWorld> {
  const h = await (options.makeHarness ?? makeSimHarness)();
  const clock = h.clock ?? systemClock;
  const routing = new FakeRouting(clock);
  routing.addQueue('sales', ['a1', 'a2']);
  const phoneOf: Record<string, string> = { a1: h.phones[0], a2: h.phones[1], sup1: h.phones[2] };
  const store = new MemoryCallStore();
  const also = options.alsoStore;
  const sink: CallStore & RecordingStore = also
    ? {
        saveCall: async (r) => (await store.saveCall(r), await also.saveCall(r)),
        saveLeg: async (l) => (await store.saveLeg(l), await also.saveLeg(l)),
        appendTransition: async (t) => (await store.appendTransition(t), await also.appendTransition(t)),
        saveRecording: async (r) => (await store.saveRecording(r), await also.saveRecording(r)),
      }
    : store;
  const bus = new InProcessEventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const ivr =
    options.ivr ??
    new DidRoutingIvr({
      routes: { [DID_SALES]: { queueId: 'sales', priority: 0, skills: [], attributes: { line: 'sales' }, announceEverySec: options.announceEverySec ?? 20 } },
    });
  const phone = (id: string): EndpointRef | undefined => (phoneOf[id] ? { kind: 'phone', name: phoneOf[id] } : undefined);
  const handling = createCallHandling({
    pbx: h.server,
    routing: options.makeRouting ? options.makeRouting(clock) : routing,
    ivr,
    directory: { phoneOf: phone },
    supervisorPhones: { phoneOf: phone },
    store: sink,
    bus,
    clock,
    log: silentLogger,
    newId: sequentialIds('c'),
    config: { ...DEFAULT_CALLS_CONFIG, ...options.config },
    ...(options.callerRouting ? { callerRouting: options.callerRouting } : {}),
  });
  handling.start();
  const { calls, recorder } = handling;
  const pbxLog = new EventLog(h.server);
  const world: CallWorld = {
    h,
    routing,
    store,
    events,
    calls,
    pbxLog,
    recorder,
    phoneOf,
    async settle(ms = 0) {
      await h.passTime(ms);
      await calls.service.settle();
      await h.passTime(0);
    },
    callIdOf(channelId) {
      const call = calls.service.activeCalls().find((c) => c.legs.some((l) => l.id === channelId));
      if (!call) throw new Error(`no live call has leg ${channelId}`);
      return call.id;
    },
    agentLeg(agentId) {
      const call = calls.control.callOfAgent(agentId);
      const leg = call?.legs.filter((l) => l.agentId === agentId && l.endedAt === undefined).at(-1);
      if (!leg) throw new Error(`agent ${agentId} has no live leg`);
      return leg.id;
    },
    async close() {
      await handling.stop();
      pbxLog.stop();
      await h.close();
    },
  };
  return world;
}

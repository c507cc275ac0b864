/**
 * One deployment for the set-up benchmark and its order test: the real Asterisk or FreeSWITCH
 * adapter against its fake server (port 0), the real IVR runner on a flow that is a single queue
 * node, the real routing engine with one agent, and a fake PBX that timestamps every command as
 * it arrives. The queue decision (the IVR handing the caller to the queue) is timestamped too, so
 * the wire can be split into what came before it and what came after.
 */
import { performance } from 'node:perf_hooks';
import { InProcessEventBus } from '../../src/core/events.js';
import { sequentialIds } from '../../src/core/ids.js';
import { silentLogger } from '../../src/core/log.js';
import { InMemoryAcdPersistence } from '../../src/acd/in-memory-persistence.js';
import { RoutingService } from '../../src/acd/routing-service.js';
import type { CallStore, IvrPort } from '../../src/calls/ports.js';
import type { RecordingStore } from '../../src/recording/ports.js';
import { IvrRunner } from '../../src/ivr/runner.js';
import { validateFlowSource } from '../../src/ivr/validator.js';
import { AcdRoutingPort } from '../../src/wiring/acd-routing-port.js';
import { IvrFlowPort } from '../../src/wiring/ivr-flow-port.js';
import type { MakeHarness } from '../contract/harness.js';
import { makeCallWorld, type CallWorld } from '../e2e/calls/call-world.js';
import { makeFakeAsteriskHarness } from '../fakes/asterisk/harness.js';
import { makeFakeFreeSwitchHarness } from '../fakes/freeswitch/fake-harness.js';

export type SetupAdapter = 'asterisk' | 'freeswitch';

/** A command as the fake PBX received it, with performance.now() at arrival. */
export interface WireCommand {
  line: string;
  at: number;
}

export interface SetupWorld {
  w: CallWorld;
  acd: RoutingService;
  /** Every command the fake received since the world started, in arrival order. */
  wire: WireCommand[];
  /** performance.now() of each queue decision (an IVR run ending in the queue), in order. */
  decisions: number[];
  close(): Promise<void>;
}

/** The whole flow: the caller goes straight to the sales queue. */
export const QUEUE_ONLY_FLOW = `start: sales
nodes:
  sales:
    type: queue
    queue: sales
`;

export interface SetupWorldOptions {
  alsoStore?: CallStore & RecordingStore;
}

export async function makeSetupWorld(adapter: SetupAdapter, options: SetupWorldOptions = {}): Promise<SetupWorld> {
  const wire: WireCommand[] = [];
  const onWire = (line: string): void => {
    wire.push({ line, at: performance.now() });
  };
  const makeHarness: MakeHarness = adapter === 'asterisk' ? () => makeFakeAsteriskHarness({ onWire }) : () => makeFakeFreeSwitchHarness('json', { onWire });

  const { flow, problems } = await validateFlowSource(QUEUE_ONLY_FLOW, 'main.yaml', 'main', {
    references: { queueExists: async () => true, calendarExists: async () => true },
    fileExists: async () => true,
    flowExists: () => true,
  });
  if (!flow) throw new Error(`the queue-only flow does not validate: ${problems.map((p) => p.reason).join('; ')}`);
  const flows = new Map([['main', { flow, version: 1, hash: 'h', loadedAt: 0 }]]);
  // The runner needs the harness's server and clock, which the world creates.
  const late: { runner?: IvrRunner } = {};
  const flowPort = new IvrFlowPort(
    {
      handleInbound: (input) =>
        (late.runner as IvrRunner).run({ callId: input.callId, channel: input.channel, flow: 'main', flows }),
    },
    { announceEverySec: 20 },
  );
  const decisions: number[] = [];
  const ivr: IvrPort = {
    async run(request) {
      const outcome = await flowPort.run(request);
      if (outcome.kind === 'queue') decisions.push(performance.now());
      return outcome;
    },
  };

  const routingPort = new AcdRoutingPort();
  const late2: { acd?: RoutingService } = {};
  const w = await makeCallWorld({
    makeHarness,
    ivr,
    ...(options.alsoStore ? { alsoStore: options.alsoStore } : {}),
    makeRouting: (clock) => {
      late2.acd = new RoutingService({
        clock,
        persistence: new InMemoryAcdPersistence(),
        delivery: routingPort,
        events: new InProcessEventBus(),
        businessHours: { isOpen: () => true },
        newId: sequentialIds('acd'),
      });
      routingPort.bind(late2.acd);
      return routingPort;
    },
  });
  const acd = late2.acd as RoutingService;
  late.runner = new IvrRunner({
    media: w.h.server,
    clock: w.h.clock as NonNullable<typeof w.h.clock>,
    log: silentLogger,
    events: new InProcessEventBus(),
    tts: { synthesize: async () => '/tmp/unused' },
    traces: { saveTrace: async () => undefined, getTrace: async () => undefined, abandonPoints: async () => [] },
    services: {
      calendars: { stateAt: async () => 'open' },
      http: { fetchJson: async () => ({}) },
      recognizer: { available: () => true, recognize: async () => ({ phrase: null }) },
      recordings: { wavPathOf: (n) => `/tmp/${n}.wav` },
      messages: { createMessage: async () => 'm' },
      callData: { save: async () => undefined },
      flowsDir: '/tmp',
    },
  });
  // One idle agent; no wrap-up, so they are idle again for the next call.
  acd.upsertQueue({ id: 'sales', strategy: 'top_down', members: [{ agentId: 'a1', order: 1 }], offerTimeoutMs: 15_000, wrapUpMs: 0 });
  acd.upsertAgentProfile({ id: 'a1', skills: {}, teamIds: [] });
  acd.login('a1', { phone: w.phoneOf.a1 as string, state: 'available' });
  return {
    w,
    acd,
    wire,
    decisions,
    async close() {
      await acd.close();
      await w.close();
    },
  };
}

/**
 * Wiring, not domain: builds call handling, recording and supervision from the adapters main.ts
 * already has, so main.ts makes one call. Nothing here chooses an adapter.
 */
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { MediaServer } from '../pbx/port.js';
import type { RecordingStore } from '../recording/ports.js';
import { RecordingService } from '../recording/recording-service.js';
import type { AgentTeams, SupervisorPhones } from '../supervision/ports.js';
import { SupervisionService } from '../supervision/supervision-service.js';
import { DEFAULT_CALLS_CONFIG, type CallsConfig } from '../calls/call-config.js';
import { createCallsModule, type CallsModule } from '../calls/calls-module.js';
import type { AgentDirectory, CallerRoutingPort, CallStore, IvrPort, RoutingPort } from '../calls/ports.js';

export interface CallHandlingDeps {
  pbx: MediaServer;
  routing: RoutingPort;
  ivr: IvrPort;
  directory: AgentDirectory;
  supervisorPhones: SupervisorPhones;
  /** Supervision events reach the leads of the monitored agent's teams. */
  agentTeams?: AgentTeams;
  store: CallStore & RecordingStore;
  /**
   * Where call handling writes its calls, legs and transitions, when not `store` itself (the
   * daemon's retries a write while the database is unreachable); stopped before the last settle.
   */
  callWrites?: CallStore & { stop(): void };
  bus: EventBus;
  clock: Clock;
  log: Logger;
  newId: () => string;
  config?: Partial<CallsConfig>;
  /** Fire-and-forget work of calls and supervision (failures logged and counted). */
  background?: BackgroundTasks;
  /** The CRM lookup's routing for callers (absent: none configured). */
  callerRouting?: CallerRoutingPort;
}

export interface CallHandling {
  calls: CallsModule;
  supervision: SupervisionService;
  recorder: RecordingService;
  /** Start listening to the media server and the routing engine (after both exist). */
  start(): void;
  /** Stop listening, then wait for queued media steps and store writes. */
  stop(): Promise<void>;
}

export function createCallHandling(d: CallHandlingDeps): CallHandling {
  const config = { ...DEFAULT_CALLS_CONFIG, ...d.config };
  const recorder = new RecordingService({
    pbx: d.pbx,
    store: d.store,
    clock: d.clock,
    log: d.log.child({ component: 'recording' }),
    // Called only once recordings start, by which time `calls` below exists.
    callStored: (callId) => calls.service.kernel.writtenSoFar(callId),
  });
  const calls = createCallsModule({
    pbx: d.pbx,
    routing: d.routing,
    ivr: d.ivr,
    directory: d.directory,
    store: d.callWrites ?? d.store,
    recorder,
    bus: d.bus,
    clock: d.clock,
    log: d.log.child({ component: 'calls' }),
    config,
    newId: d.newId,
    ...(d.background ? { background: d.background } : {}),
    ...(d.callerRouting ? { callerRouting: d.callerRouting } : {}),
  });
  const supervision = new SupervisionService({
    pbx: d.pbx,
    calls: calls.supervised,
    phones: d.supervisorPhones,
    ...(d.agentTeams ? { teams: d.agentTeams } : {}),
    bus: d.bus,
    clock: d.clock,
    log: d.log.child({ component: 'supervision' }),
    newId: d.newId,
    ringTimeoutMs: config.agentDialTimeoutMs,
    ...(d.background ? { background: d.background } : {}),
  });
  return {
    calls,
    supervision,
    recorder,
    start: () => calls.service.start(),
    async stop() {
      calls.service.stop();
      supervision.close();
      recorder.close();
      // A write still waiting for an unreachable database gives up (logged with its call id)
      // rather than holding the shutdown for minutes.
      d.callWrites?.stop();
      await calls.service.settle();
      await recorder.flush();
    },
  };
}

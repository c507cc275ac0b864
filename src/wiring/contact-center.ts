/**
 * Part of the composition root (with src/main.ts): builds the contact-center services over one
 * media server and one database, in the order their dependencies need, and starts / stops them in
 * the order a live system needs:
 *
 *   start: configuration -> routing engine recovery -> realtime seed -> IVR flows -> call
 *          handling listening -> media server connect (its first reconcile must find call
 *          handling listening; it re-adopts the previous run's calls, then contacts and
 *          recordings nobody owns any more are closed) -> demo traffic (simulated server only)
 *   stop:  demo traffic -> call handling settles -> IVR watcher -> media server -> routing flush
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../config.js';
import { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { replayDay, startOfDay, zonedDayOf } from '../acd/realtime-seed.js';
import { RealtimeStats } from '../acd/realtime-stats.js';
import { RoutingService } from '../acd/routing-service.js';
import type { DirectoryReaders } from '../directory/ports.js';
import { RoutingSync } from '../directory/routing-sync.js';
import { AcdRoutingPort } from './acd-routing-port.js';
import { createCallHandling, type CallHandling } from './call-handling.js';
import { IvrFlowPort } from './ivr-flow-port.js';
import { FsFlowFiles } from '../ivr/files/fs-flow-files.js';
import { FlowRegistry } from '../ivr/flow-registry.js';
import { FetchHttpLookup } from '../ivr/http/fetch-lookup.js';
import { IvrService } from '../ivr/ivr-service.js';
import { IvrRunner } from '../ivr/runner.js';
import { PocketsphinxRecognizer } from '../ivr/speech/pocketsphinx-recognizer.js';
import { UtteranceRetention } from '../ivr/speech/utterance-retention.js';
import { RecordingFolder } from '../ivr/speech/recording-folder.js';
import { EspeakTts } from '../ivr/tts/espeak-tts.js';
import type { EndpointRef, MediaServer } from '../pbx/port.js';
import { SimulatedMediaServer } from '../pbx/sim/simulated-media-server.js';
import { SimTraffic } from '../pbx/sim/sim-traffic.js';
import { finishCutRecordings } from '../recording/cut-recordings.js';
import { FsRecordingFiles } from '../recording/fs-recording-files.js';
import { KyselyAcdPersistence } from '../store/acd/acd-persistence.js';
import { KyselyCallStore } from '../store/calls/call-repository.js';
import { createToolbarServices, type ToolbarServices } from './toolbar-services.js';
import { FlowVersionsRepo, IvrCallDataRepo, IvrConfigLookup, IvrMessagesRepo, IvrTracesRepo } from '../store/ivr/index.js';
import type { Database } from '../store/schema.js';
import { watchPromptSounds } from '../pbx/shared/prompt-check.js';

export interface ContactCenterDeps {
  /** Users' own phones (supervisors without an agent record); an agent's phone is the fallback. */
  userPhones?: { phoneOf(userId: string): EndpointRef | undefined };
  config: AppConfig;
  db: Kysely<Database>;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  /** The contact-center directory, read-only: changes arrive as `config.changed` events. */
  directory: DirectoryReaders;
  pbx: MediaServer;
  /** Fire-and-forget work (failures logged and counted in switchboard_background_failures_total). */
  background?: BackgroundTasks;
}

/** With the agent toolbar's services (toolbar-services.ts). */
export interface ContactCenter extends ToolbarServices {
  pbx: MediaServer;
  acd: RoutingService;
  realtime: RealtimeStats;
  /** The center's day starts at local midnight of this zone (the host's TZ): wallboard and toolbar figures. */
  centerTimeZone: string;
  callStore: KyselyCallStore;
  callHandling: CallHandling;
  /** Fire-and-forget work of the center (tests await `idle()` before reading what it left). */
  background: BackgroundTasks;
  ivr: { registry: FlowRegistry; versions: FlowVersionsRepo; traces: IvrTracesRepo; service: IvrService };
  /** Agent number of a user, kept in memory so supervisor legs are originated without a query. */
  agentOfUser(userId: string): string | undefined;
  start(): Promise<void>;
  /** Resolves once the previous run's calls were re-adopted and what they left behind was closed. */
  restored(): Promise<void>;
  stop(): Promise<void>;
}

export function createContactCenter(d: ContactCenterDeps): ContactCenter {
  const { config, db, clock, bus, logger, directory, pbx } = d;
  const background = d.background ?? new BackgroundTasks(logger);
  const configSync = new RoutingSync(directory, logger.child({ component: 'acd-config' }));
  const routingPort = new AcdRoutingPort();
  const acdPersistence = new KyselyAcdPersistence(db);
  const acd = new RoutingService({ clock, persistence: acdPersistence, delivery: routingPort, events: bus, businessHours: configSync, logger });
  routingPort.bind(acd);
  // The center's day is the host's local day (TZ): that is when the wallboard's figures restart.
  const centerTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const realtime = new RealtimeStats({ queuesOf: (id) => acd.memberQueues(id), dayOf: zonedDayOf(centerTimeZone) });
  const unsubscribeRealtime = bus.subscribe((e) => realtime.apply(e));

  const ivrLog = logger.child({ area: 'ivr' });
  const ivrFiles = new FsFlowFiles(config.ivrFlowsDir);
  const ivrLookup = new IvrConfigLookup(db);
  const versions = new FlowVersionsRepo(db);
  const traces = new IvrTracesRepo(db);
  const registry = new FlowRegistry({ files: ivrFiles, versions, references: ivrLookup, clock, events: bus, log: ivrLog });
  const recordingsDir = path.resolve(config.recordingsDir);
  const recognizer = new PocketsphinxRecognizer();
  const utterances = new UtteranceRetention({ dir: recordingsDir, retentionMs: config.ivrUtteranceRetentionMs, clock, log: ivrLog });
  const runner = new IvrRunner({
    media: pbx,
    clock,
    log: ivrLog,
    events: bus,
    traces,
    tts: new EspeakTts({ cacheDir: path.join(recordingsDir, 'tts') }),
    services: {
      calendars: ivrLookup,
      http: new FetchHttpLookup(),
      recognizer,
      // Asterisk names 16 kHz recordings <name>.wav16; the folder finds either.
      recordings: new RecordingFolder(recordingsDir),
      messages: new IvrMessagesRepo(db),
      callData: new IvrCallDataRepo(db),
      flowsDir: ivrFiles.dir,
    },
  });
  const ivrService = new IvrService(registry, runner);

  // user -> agent, and agent -> fixed extension, for supervisor legs (synchronous by design: the
  // supervisor's phone is originated the moment they click).
  const agentByUser = new Map<string, string>();
  const fixedPhone = new Map<string, string>();
  const refreshAgents = async (): Promise<void> => {
    for (let offset = 0; ; ) {
      const page = await directory.agents.list({ offset, limit: 200 });
      for (const a of page.items) {
        if (a.userId) agentByUser.set(a.userId, a.id);
        // A browser softphone is a named endpoint like a desk phone: same map, same simulated phone.
        if (a.phone.mode === 'fixed' || a.phone.mode === 'browser') {
          fixedPhone.set(a.id, a.phone.extension);
          if (pbx instanceof SimulatedMediaServer) pbx.control.addPhone(a.phone.extension);
        }
      }
      offset += page.items.length;
      if (page.items.length === 0 || offset >= page.total) break;
    }
  };
  const phoneOfAgent = (agentId: string): EndpointRef | undefined => {
    const fixed = fixedPhone.get(agentId);
    return routingPort.phoneOf(agentId) ?? (fixed ? { kind: 'phone', name: fixed } : undefined);
  };

  const callStore = new KyselyCallStore(db);
  const callHandling = createCallHandling({
    pbx,
    routing: routingPort,
    ivr: new IvrFlowPort(ivrService, {
      announceEverySec: 30,
      targets: ivrLookup,
      log: ivrLog,
      safeDestination: config.ivrSafeDestination,
      alerts: { events: bus, clock },
    }),
    directory: routingPort,
    supervisorPhones: {
      phoneOf: (userId) => {
        const own = d.userPhones?.phoneOf(userId);
        // The simulated PBX only rings phones it knows (agents' fixed phones are added at load).
        if (own?.kind === 'phone' && pbx instanceof SimulatedMediaServer) pbx.control.addPhone(own.name);
        if (own) return own;
        const agentId = agentByUser.get(userId);
        return agentId ? phoneOfAgent(agentId) : undefined;
      },
    },
    store: callStore,
    bus,
    clock,
    log: logger,
    newId,
    // Click-to-dial shows the customer one of these; the first when the agent chooses none.
    config: { callerIds: config.callerIds, ...(config.callerIds[0] ? { outboundCallerId: config.callerIds[0] } : {}) },
    background,
  });

  const toolbar = createToolbarServices({ db, clock, directory, acd, callStore, calls: callHandling.calls.control, traces });

  // A flow refused for naming a queue or calendar that did not exist yet becomes valid when an
  // admin creates it: re-check the flows shortly after such changes (several changes, one check).
  let recheck: ReturnType<Clock['setTimeout']> | undefined;
  const recheckFlows = (): void => {
    clock.clearTimeout(recheck);
    recheck = clock.setTimeout(() => {
      recheck = undefined;
      registry.loadAll().catch((err: unknown) => ivrLog.error({ err }, 'IVR flow re-check failed'));
    }, 500);
  };
  const onEvent = (e: DomainEvent): void => {
    // A simulated server has no registrations: the phone an agent logs in with is plugged in.
    if (e.type === 'agent.logged_in' && e.phone && pbx instanceof SimulatedMediaServer) pbx.control.addPhone(e.phone);
    if (e.type === 'config.changed' && e.entity === 'agent') background.run('agent directory refresh', refreshAgents, { agentId: e.id });
    if (e.type === 'config.changed' && (e.entity === 'queue' || e.entity === 'calendar' || e.entity === 'skill')) recheckFlows();
  };
  const unsubscribe = bus.subscribe(onEvent);

  /**
   * After the previous run's calls were re-adopted (call-recovery.ts): voice contacts the engine
   * recovered that no call owns any more (their caller left while we were down, or never got a
   * call back) would be offered to agents whose phones never ring, so they are closed; callbacks
   * need no channel and keep their place. Then recordings left open are checked on disk.
   */
  // Contacts the engine recovered from the store; new callers' contacts are never candidates.
  const previousRun = new Set<string>();
  const afterCallRecovery = async (): Promise<void> => {
    const owned = (contactId: string): boolean => !previousRun.has(contactId) || callHandling.calls.service.kernel.callOfContact(contactId) !== undefined;
    let dropped = 0;
    const attempt = (fn: () => void): void => {
      try {
        fn();
        dropped += 1;
      } catch (err) {
        logger.warn({ err }, 'could not close a contact of the previous run');
      }
    };
    for (const w of acd.liveForRealtime().waiting) {
      if (acd.contact(w.contactId).media === 'voice' && !owned(w.contactId)) attempt(() => acd.cancel(w.contactId, 'daemon_restarted'));
    }
    for (const agent of acd.agents()) {
      for (const item of agent.work) {
        if (item.media === 'voice' && (item.phase === 'talking' || item.phase === 'held') && !owned(item.contactId)) attempt(() => acd.contactEnded(item.contactId, 'daemon_restarted'));
      }
    }
    if (dropped > 0) logger.info({ dropped }, 'closed voice contacts whose calls ended with the previous run');
    await callHandling.calls.service.settle();
    // Recordings left open: the records say what their files really are.
    await finishCutRecordings({ store: callStore, files: new FsRecordingFiles(recordingsDir), now: clock.now(), log: logger.child({ component: 'recording' }) }, callHandling.recorder.liveIds());
  };
  const restored = callHandling.calls.service.recovered().then(afterCallRecovery, (err: unknown) => logger.error({ err }, 'after-restart checks failed'));

  let traffic: SimTraffic | undefined;
  let stopPromptWatch = (): void => undefined;
  return {
    pbx,
    acd,
    realtime,
    centerTimeZone,
    callStore,
    ...toolbar,
    callHandling,
    background,
    ivr: { registry, versions, traces, service: ivrService },
    agentOfUser: (userId) => agentByUser.get(userId),
    restored: () => restored,
    async start() {
      await configSync.start(bus, acd);
      await refreshAgents();
      await acd.recover();
      for (const w of acd.liveForRealtime().waiting) previousRun.add(w.contactId);
      for (const agent of acd.agents()) for (const item of agent.work) previousRun.add(item.contactId);
      // The day's figures come back from the stored contacts before anything new happens to them.
      realtime.seed(acd.liveForRealtime());
      replayDay(realtime, await acdPersistence.contactsSince(startOfDay(centerTimeZone, clock.now())));
      const missingSpeech = await recognizer.probe();
      if (missingSpeech.length > 0) ivrLog.warn({ missing: missingSpeech }, 'speech recognition is not installed here: speech menus take keys only');
      utterances.start();
      await registry.loadAll();
      registry.watch();
      callHandling.start();
      stopPromptWatch = watchPromptSounds(pbx, logger.child({ component: 'prompts' }));
      await pbx.connect().catch((err: unknown) => {
        // The adapters keep retrying with back-off; the daemon serves meanwhile (health says degraded).
        logger.warn({ err }, 'media server not reachable yet; retrying in the background');
      });
      if (pbx instanceof SimulatedMediaServer && config.pbx.kind === 'sim' && config.pbx.trafficPerMinute > 0) {
        const dids = [...registry.snapshot().values()].flatMap((l) => l.flow.numbers);
        traffic = new SimTraffic(pbx, pbx.control, clock, {
          dids: dids.length > 0 ? dids : ['100'],
          callsPerMinute: config.pbx.trafficPerMinute,
          patienceMs: { min: 20_000, max: 120_000 },
          talkMs: { min: 30_000, max: 180_000 },
          logger: logger.child({ component: 'sim-traffic' }),
        });
        traffic.start();
      }
    },
    async stop() {
      stopPromptWatch();
      utterances.stop();
      traffic?.stop();
      clock.clearTimeout(recheck);
      unsubscribe();
      unsubscribeRealtime();
      configSync.stop();
      await callHandling.stop();
      registry.close();
      await pbx.close();
      await acd.close();
    },
  };
}

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
import type { AuditLog } from '../accounts/audit.js';
import { CustomerMergeService } from '../customers/customer-merge-service.js';
import { CustomerMergeRepo } from '../store/customers/customer-merge-repo.js';
import { createRecordings, type Recordings } from './recordings.js';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { attachmentsDirOf, type AppConfig } from '../config.js';
import { DiskAttachmentFiles } from '../store/attachments/attachment-files.js';
import type { AttachmentFiles } from '../attachments/ports.js';
import { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { createTodayService } from './today-figures.js';
import { createReportService } from './reports.js';
import type { ReportService } from '../reports/report-service.js';
import type { QaService } from '../qa/qa-service.js';
import { createQa } from './qa.js';
import type { TodayService } from '../supervision/today-service.js';
import { replayDay, startOfDay, zonedDayOf } from '../acd/realtime-seed.js';
import { RealtimeStats } from '../acd/realtime-stats.js';
import { RoutingService } from '../acd/routing-service.js';
import { AgentDirectoryCache } from '../agents/agent-directory.js';
import { afterRestart } from '../calls/after-restart.js';
import type { DirectoryReaders } from '../directory/ports.js';
import { RoutingSync } from '../directory/routing-sync.js';
import { AcdRoutingPort } from './acd-routing-port.js';
import { ChatRoutingAdapter } from './chat-routing-port.js';
import { createChatService } from './chat.js';
import { VisitService } from '../chat/visit-service.js';
import { InvitationService } from '../chat/invitation-service.js';
import { InvitationRuleService } from '../chat/invitation-rule-service.js';
import { AutoInvitations } from '../chat/auto-invitations.js';
import { KyselyInvitationStore } from '../store/chat/invitation-store.js';
import { isAppError } from '../core/errors.js';
import { ChatColleagues } from '../chat/chat-colleagues.js';
import { ChatTransferService } from '../chat/chat-transfer-service.js';
import { ShareService } from '../chat/assist/share-service.js';
import { AssistSettings } from '../chat/assist/assist-settings.js';
import { ShareRecordings } from '../chat/assist/share-recordings.js';
import { turnIceServers } from '../chat/assist/turn-credentials.js';
import { StaffLines } from '../chat/assist/staff-lines.js';
import { KyselyShareStore } from '../store/chat/share-store.js';
import { KyselyAssistSettingsStore } from '../store/chat/assist-settings-store.js';
import { ChatTransferRoutingAdapter } from './chat-transfer-routing.js';
import { KyselyVisitStore } from '../store/chat/visit-store.js';
import { localVisitorLookup } from './visitor-lookup.js';
import type { ChatService } from '../chat/chat-service.js';
import { createCallHandling, type CallHandling } from './call-handling.js';
import { CallStoreRetryingWhileUnreachable } from '../store/calls/call-store-retry.js';
import { IvrFlowPort } from './ivr-flow-port.js';
import { FsFlowFiles } from '../ivr/files/fs-flow-files.js';
import { FlowRegistry } from '../ivr/flow-registry.js';
import { recheckFlowsOnDirectoryChange } from '../ivr/flow-recheck.js';
import { FetchHttpLookup } from '../ivr/http/fetch-lookup.js';
import { IvrService } from '../ivr/ivr-service.js';
import { IvrRunner } from '../ivr/runner.js';
import { PocketsphinxRecognizer } from '../ivr/speech/pocketsphinx-recognizer.js';
import { UtteranceRetention } from '../ivr/speech/utterance-retention.js';
import { RecordingFolder } from '../ivr/speech/recording-folder.js';
import { EspeakTts } from '../ivr/tts/espeak-tts.js';
import type { EndpointRef, MediaServer } from '../pbx/port.js';
import { finishCutRecordings } from '../recording/cut-recordings.js';
import { FsRecordingFiles } from '../recording/fs-recording-files.js';
import { KyselyAcdPersistence } from '../store/acd/acd-persistence.js';
import { KyselyCallStore } from '../store/calls/call-repository.js';
import type { MediaServerExtras } from './media-server.js';
import { createNotifications, type Notifications } from './notifications.js';
import { createToolbarServices, type ToolbarServices } from './toolbar-services.js';
import { FlowVersionsRepo, IvrCallDataRepo, IvrConfigLookup, IvrMessagesRepo, IvrTracesRepo } from '../store/ivr/index.js';
import { WriteBehindTraces } from '../ivr/write-behind-traces.js';
import { CachedFlowTargets } from '../ivr/cached-flow-targets.js';
import { flowTargetNames } from '../ivr/flow-usage.js';
import type { Database } from '../store/schema.js';
import type { CallerRoutingPort } from '../calls/ports.js';
import type { PopCrm } from '../calls/screen-pop.js';
import type { VisitorRoutingPort } from '../chat/ports.js';
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
  /** What only some media servers need (a simulated one: phones plugged in, demo callers). */
  pbxExtras: MediaServerExtras;
  /** Fire-and-forget work (failures logged and counted in switchboard_background_failures_total). */
  background?: BackgroundTasks;
  /** Where the recording purge writes its one entry per run. */
  audit: AuditLog;
  /** The CRM lookup's routing (wiring/crm.ts); absent in tests that need none. */
  crm?: { callerRouting: CallerRoutingPort; visitorRouting: VisitorRoutingPort; callerAnswer(number: string): Promise<PopCrm | undefined> };
}

/** With the agent toolbar's services (toolbar-services.ts). */
export interface ContactCenter extends ToolbarServices {
  /** Merging customers and an admin's undo. */
  customerMerges: CustomerMergeService;
  pbx: MediaServer;
  acd: RoutingService;
  /** Web chats (the visitor widget and the agents' chat routes). */
  chat: ChatService;
  /** Widget visitors' visits before any chat (pages, device, region). */
  visits: VisitService;
  /** Proactive invitations of visitors on the site: an agent's, or an admin rule's (automatic). */
  invitations: InvitationService;
  invitationRules: InvitationRuleService;
  autoInvitations: AutoInvitations;
  /** Chat transfers, multi-party chats and supervisors' assign / force-transfer of chats. */
  chatTransfers: ChatTransferService;
  /** Live screen sharing in chats (issue 20) and the per-user lines its signalling takes to staff. */
  shares: ShareService;
  staffLines: StaffLines;
  /** The admin switch recording shares, and the recordings the agents' pages send (issue 20). */
  assistSettings: AssistSettings;
  shareRecordings: ShareRecordings;
  /** Who and where a chat can be transferred to (the workspace's pickers). */
  chatTransferTargets(): ReturnType<ChatTransferRoutingAdapter['targets']>;
  /** The bytes of chat uploads and ticket attachments (<dataDir>/attachments). */
  attachmentFiles: AttachmentFiles;
  realtime: RealtimeStats;
  /** The supervisor's Today figures and trends, read back from the store and kept fresh by events. */
  today: TodayService;
  /** Historical reports (volume, agents) over the same stored rows and definitions as Today. */
  reports: ReportService;
  /** Quality scoring: scorecards, samples, evaluations and disputes. */
  qa: QaService;
  /** The center's day starts at local midnight of this zone (the host's TZ): wallboard and toolbar figures. */
  centerTimeZone: string;
  callStore: KyselyCallStore;
  /** The recordings folder (listen, download, delete, storage) and the daily retention purge. */
  recordings: Recordings;
  callHandling: CallHandling;
  /** Fire-and-forget work of the center (tests await `idle()` before reading what it left). */
  background: BackgroundTasks;
  ivr: { registry: FlowRegistry; versions: FlowVersionsRepo; traces: WriteBehindTraces; service: IvrService };
  /** Outcome notifications: rules, the outbox and its worker. */
  notify: Notifications['service'];
  /** Agent number of a user, kept in memory so supervisor legs are originated without a query. */
  agentOfUser(userId: string): string | undefined;
  start(): Promise<void>;
  /** Resolves once the previous run's calls were re-adopted and what they left behind was closed. */
  restored(): Promise<void>;
  stop(): Promise<void>;
}

export function createContactCenter(d: ContactCenterDeps): ContactCenter {
  const { config, db, clock, bus, logger, directory, pbx, pbxExtras } = d;
  const background = d.background ?? new BackgroundTasks(logger);
  const configSync = new RoutingSync(directory, logger.child({ component: 'acd-config' }));
  const chatRouting = new ChatRoutingAdapter(directory, config.chat.defaultQueue, logger.child({ area: 'chat' }));
  const routingPort = new AcdRoutingPort(chatRouting);
  const acdPersistence = new KyselyAcdPersistence(db);
  const acd = new RoutingService({ clock, persistence: acdPersistence, delivery: routingPort, events: bus, businessHours: configSync, logger });
  routingPort.bind(acd);
  const attachmentFiles = new DiskAttachmentFiles(attachmentsDirOf(config));
  const chatColleagues = new ChatColleagues();
  const chat = createChatService({ db, clock, bus, logger, background, routing: chatRouting, config: config.chat, attachments: config.attachments, files: attachmentFiles, colleagues: chatColleagues, ...(d.crm ? { visitorRouting: d.crm.visitorRouting } : {}) });
  chatRouting.bind(acd, chat);
  const chatTransferRouting = new ChatTransferRoutingAdapter(acd, directory);
  const chatTransfers = new ChatTransferService({
    chat,
    colleagues: chatColleagues,
    routing: chatTransferRouting,
    names: chatRouting,
    clock,
    bus,
    log: logger.child({ area: 'chat-transfer' }),
    newId,
    timeoutMs: config.chat.transferTimeoutMs,
  });
  const staffLines = new StaffLines();
  const turn = { urls: config.assist.turnUrls, ttlSeconds: config.assist.turnTtlSeconds, ...(config.assist.turnSecret ? { secret: config.assist.turnSecret } : {}) };
  const shareStore = new KyselyShareStore(db);
  const assistSettings = new AssistSettings({ store: new KyselyAssistSettingsStore(db), audit: d.audit, clock });
  const shares = new ShareService({
    chats: chat,
    store: shareStore,
    staff: staffLines,
    names: chatRouting,
    clock,
    bus,
    log: logger.child({ area: 'chat-share' }),
    newId,
    iceServers: (user) => turnIceServers(turn, user, clock.now()),
    recordShares: () => assistSettings.recordShares(),
  });
  const shareRecordings = new ShareRecordings({ store: shareStore, files: attachmentFiles, clock, maxBytes: config.assist.recordingMaxBytes, seenBy: (chatId, viewer) => chat.seenBy(chatId, viewer) });
  const visits: VisitService = new VisitService({
    store: new KyselyVisitStore(db),
    lookup: localVisitorLookup,
    clock,
    newId,
    // Everyone-scoped; the event filter shows visitor.* only to holders of chat.visitors.
    changed: (visitorId) => bus.publish({ type: 'visitor.changed', at: clock.now(), scope: { everyone: true }, visitorId, online: visits.isOnline(visitorId) }),
  });
  const invitationStore = new KyselyInvitationStore(db);
  const invitations = new InvitationService({ chat, visits, routing: chatRouting, names: chatRouting, store: invitationStore, audit: d.audit, clock, bus, log: logger.child({ area: 'chat-invitations' }), newId });
  const invitationRules = new InvitationRuleService({ store: invitationStore, audit: d.audit, clock, newId, isChatQueue: async (queueId) => (await directory.queues.find(queueId))?.media === 'chat' });
  const autoInvitations = new AutoInvitations({
    visits,
    invitations,
    chat,
    rules: () => invitationRules.list(),
    hasFreeAgent: (queueId) => {
      try {
        return acd.queueFigures(queueId).available.chat > 0;
      } catch (err) {
        // A rule naming a queue deleted since: nobody can answer its invitations.
        if (isAppError(err, 'NOT_FOUND')) return false;
        throw err;
      }
    },
    clock,
    log: logger.child({ area: 'chat-invitations' }),
  });
  const unwatchVisitsForInvitations = bus.subscribe((e) => {
    if (e.type === 'visitor.changed') autoInvitations.changed(e.visitorId);
  });
  // The center's day is the host's local day (TZ): that is when the wallboard's figures restart.
  const centerTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const realtime = new RealtimeStats({ queuesOf: (id) => acd.memberQueues(id), dayOf: zonedDayOf(centerTimeZone) });
  const unsubscribeRealtime = bus.subscribe((e) => realtime.apply(e));

  const ivrLog = logger.child({ area: 'ivr' });
  const ivrFiles = new FsFlowFiles(config.ivrFlowsDir);
  const ivrLookup = new IvrConfigLookup(db);
  // Held in memory between calls, dropped on each queue or skill change (ivr/cached-flow-targets.ts).
  const flowTargets = new CachedFlowTargets(ivrLookup, bus, ivrLog);
  const versions = new FlowVersionsRepo(db);
  // Written behind the call: the caller reaches the queue without waiting for the database.
  const traces = new WriteBehindTraces(new IvrTracesRepo(db), background);
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

  const agentDirectory = new AgentDirectoryCache({
    agents: directory.agents,
    loggedInPhone: (agentId) => routingPort.phoneOf(agentId),
    phoneSeen: (name) => pbxExtras.phoneSeen(name),
    background,
  });
  const callStore = new KyselyCallStore(db);
  const callHandling = createCallHandling({
    callWrites: new CallStoreRetryingWhileUnreachable(callStore, { clock, log: logger.child({ component: 'calls' }) }),
    pbx,
    routing: routingPort,
    ivr: new IvrFlowPort(ivrService, {
      announceEverySec: 30,
      targets: flowTargets,
      log: ivrLog,
      safeDestination: config.ivrSafeDestination,
      alerts: { events: bus, clock },
    }),
    directory: routingPort,
    supervisorPhones: {
      phoneOf: (userId) => {
        const own = d.userPhones?.phoneOf(userId);
        if (own?.kind === 'phone') pbxExtras.phoneSeen(own.name);
        return own ?? agentDirectory.phoneOfUser(userId);
      },
    },
    agentTeams: acd,
    store: callStore,
    bus,
    clock,
    log: logger,
    newId,
    // Click-to-dial shows the customer one of these; the first when the agent chooses none.
    config: { callerIds: config.callerIds, ...(config.callerIds[0] ? { outboundCallerId: config.callerIds[0] } : {}) },
    background,
    ...(d.crm ? { callerRouting: d.crm.callerRouting } : {}),
  });

  const toolbar = createToolbarServices({ db, clock, directory, acd, callStore, calls: callHandling.calls.control, traces, ...(d.crm ? { crmByNumber: d.crm.callerAnswer } : {}) });

  const today = createTodayService({ db, clock, bus, logger, timeZone: centerTimeZone, acd, calls: callHandling.calls.service, directory });
  const reports = createReportService({ db, clock, timeZone: centerTimeZone, acd, calls: callHandling.calls.service, directory });
  const qa = createQa({ db, audit: d.audit, clock, teamsOf: (agentId) => acd.teamsOf(agentId) });

  const unwatchAgents = agentDirectory.watch(bus);
  const unwatchChatNames = chatRouting.watch(bus);
  const stopFlowRecheck = recheckFlowsOnDirectoryChange({ bus, clock, flows: registry, log: ivrLog });

  const restored = afterRestart({
    calls: callHandling.calls.service,
    routing: acd,
    // Recordings left open: the records say what their files really are.
    finishCutRecordings: () =>
      finishCutRecordings({ store: callStore, files: new FsRecordingFiles(recordingsDir), now: clock.now(), log: logger.child({ component: 'recording' }) }, callHandling.recorder.liveIds()),
    log: logger,
  });

  const recordings = createRecordings({ db, clock, logger, audit: d.audit, dir: recordingsDir, timeZone: centerTimeZone });

  const notifications = createNotifications({ db, clock, bus, logger, background, timeZone: centerTimeZone });

  let traffic: { stop(): void } | undefined;
  let stopPromptWatch = (): void => undefined;
  return {
    pbx,
    acd,
    chat,
    visits,
    invitations,
    invitationRules,
    autoInvitations,
    chatTransfers,
    shares,
    assistSettings,
    shareRecordings,
    staffLines,
    chatTransferTargets: () => chatTransferRouting.targets(),
    attachmentFiles,
    realtime,
    today,
    reports,
    qa,
    centerTimeZone,
    callStore,
    recordings,
    ...toolbar,
    customerMerges: new CustomerMergeService({ store: new CustomerMergeRepo(db), audit: d.audit, bus, clock, newId }),
    callHandling,
    background,
    ivr: { registry, versions, traces, service: ivrService },
    notify: notifications.service,
    agentOfUser: (userId) => agentDirectory.agentOfUser(userId),
    restored: () => restored,
    async start() {
      await configSync.start(bus, acd);
      await agentDirectory.refresh();
      await acd.recover();
      await chat.start();
      chatTransfers.start();
      await shares.start();
      await visits.start();
      await invitationRules.start();
      await invitations.start();
      // The day's figures come back from the stored contacts before anything new happens to them.
      realtime.seed(acd.liveForRealtime());
      replayDay(realtime, await acdPersistence.contactsSince(startOfDay(centerTimeZone, clock.now())));
      const missingSpeech = await recognizer.probe();
      if (missingSpeech.length > 0) ivrLog.warn({ missing: missingSpeech }, 'speech recognition is not installed here: speech menus take keys only');
      utterances.start();
      // A purge missed while the daemon was down runs now, in the background.
      await recordings.purge.start();
      await registry.loadAll();
      registry.watch();
      // Callers leaving the IVR reach their queue during a database outage too (issue 15).
      await flowTargets.warm(flowTargetNames(registry.snapshot()));
      callHandling.start();
      notifications.start();
      today.start();
      // The reports' interval tables: quarter hours stored before them or left dirty by a stop.
      background.run('report-tables-settle', () => reports.settleTables());
      stopPromptWatch = watchPromptSounds(pbx, logger.child({ component: 'prompts' }));
      await pbx.connect().catch((err: unknown) => {
        // The adapters keep retrying with back-off; the daemon serves meanwhile (health says degraded).
        logger.warn({ err }, 'media server not reachable yet; retrying in the background');
      });
      const demo = pbxExtras.demoTraffic([...registry.snapshot().values()].flatMap((l) => l.flow.numbers));
      demo?.start();
      traffic = demo;
    },
    async stop() {
      stopPromptWatch();
      utterances.stop();
      await recordings.purge.stop();
      traffic?.stop();
      stopFlowRecheck();
      unwatchAgents();
      unwatchChatNames();
      unsubscribeRealtime();
      today.stop();
      await reports.stopSettling();
      configSync.stop();
      await callHandling.stop();
      await traces.flush();
      await notifications.stop();
      chatTransfers.stop();
      unwatchVisitsForInvitations();
      autoInvitations.stop();
      // Decisions under way finish before the store closes.
      await autoInvitations.idle();
      invitations.stop();
      shares.stop();
      chat.stop();
      await chat.idle();
      registry.close();
      flowTargets.close();
      await pbx.close();
      await acd.close();
    },
  };
}

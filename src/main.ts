import type { FastifyInstance } from 'fastify';
import { sql, type Kysely } from 'kysely';
import type { Logger as PinoLogger } from 'pino';
import { pgliteDirOf, type AppConfig } from './config.js';
import { AuthService } from './accounts/auth-service.js';
import type { HashQueue } from './accounts/hash-queue.js';
import { UserPhones } from './accounts/user-phones.js';
import type { PrincipalLinks } from './accounts/ports.js';
import { SessionCache } from './accounts/session-cache.js';
import { UserService } from './accounts/user-service.js';
import { BACKGROUND_FAILURES_METRIC, BackgroundTasks } from './core/background-tasks.js';
import { systemClock, type Clock } from './core/clock.js';
import { InProcessEventBus, type EventBus } from './core/events.js';
import { silentLogger, type Logger } from './core/log.js';
import { keepServingOnUnhandled } from './core/unhandled.js';
import { createPinoLogger } from './api/logger.js';
import { allRouteRegistrars, type RouteDeps } from './api/routes.js';
import { buildServer } from './api/server.js';
import { originOf } from './api/security-headers.js';
import { registerContactCenterMetrics } from './metrics/contact-center-metrics.js';
import { instrumentHttp } from './metrics/http-metrics.js';
import { MetricsRegistry } from './metrics/registry.js';
import { createChatEndingTickets, createLeaveMessages, createTickets, createVoicemailTickets } from './wiring/tickets.js';
import { createCannedReplies, createChatNotes, createChatRecords } from './wiring/chat-desk.js';
import { createChatForms } from './wiring/chat-forms.js';
import { createChatSupervision } from './wiring/chat-supervision.js';
import { createKb } from './wiring/kb.js';
import { createCrm } from './wiring/crm.js';
import { createMessaging } from './wiring/messaging.js';
import { createChatBot } from './wiring/chat-bot.js';
import { RoleGrantsService } from './accounts/role-grants.js';
import { KyselyRoleGrantStore } from './store/accounts/role-grants-repo.js';
import { KyselyAuditLog } from './store/accounts/audit-repo.js';
import { KyselySessionRepository } from './store/accounts/sessions-repo.js';
import { KyselyUserRepository } from './store/accounts/users-repo.js';
import { ConfigPrincipalLinks, createConfigRepos, type ConfigRepos } from './store/config/index.js';
import { databaseCheck } from './store/health.js';
import { DirectoryService } from './directory/directory-service.js';
import { createDatabase, type DatabaseHandle } from './store/db.js';
import { migrateToLatest } from './store/migrations.js';
import { databaseWhere, waitForDatabase } from './store/wait-for-database.js';
import { PostgresLease } from './store/postgres-lease.js';
import { ActiveLease, type LeaseRole } from './standby/active-lease.js';
import type { Database } from './store/schema.js';
import type { MediaServer } from './pbx/port.js';
import { createContactCenter } from './wiring/contact-center.js';
import { createMediaServer, mediaServerExtras } from './wiring/media-server.js';
import { WallboardTokenService } from './accounts/wallboard-tokens.js';
import { KyselyWallboardTokenStore } from './store/accounts/wallboard-tokens-repo.js';
import { KyselyIndicatorSettingsStore } from './store/config/indicator-settings-repo.js';
import { IndicatorSettingsService } from './supervision/indicator-settings-service.js';
import { FloorWatch } from './supervision/floor-watch.js';
import { floorSnapshotOf, queueFiguresOf } from './wiring/floor-snapshot.js';
import type { Authenticate } from './api/auth-hook.js';

/**
 * The composition root: the only place concrete adapters meet. `buildApp` wires services and
 * routes over an open database (tests call it through test/helpers/test-app.ts); `startDaemon`
 * adds the process concerns: database, migrations, first admin, listening, signals.
 */
export interface AppOptions {
  config: AppConfig;
  db: Kysely<Database>;
  clock?: Clock;
  bus?: EventBus;
  /** Production logger; omitted, the app logs nothing. */
  pino?: PinoLogger;
  /** Who the user is as an agent / team lead; defaults to the configuration tables. */
  links?: PrincipalLinks;
  pbxConnected?: () => boolean;
  /** The bounded password-hash queue of logins (tests pass a small one). */
  hashQueue?: HashQueue;
  /** How new users' passwords are hashed; default scrypt at the production cost (see password.ts). */
  hashPassword?: (password: string) => Promise<string>;
  /** The media server; built from `config.pbx` when omitted (tests pass a simulated one). */
  mediaServer?: MediaServer;
  /** Observers of the /api/ws fan-out hub (benchmarks). */
  eventHub?: RouteDeps['eventHub'];
  /** A standby daemon's role (SWITCHBOARD_STANDBY): requests are refused until it is active. */
  leaseRole?: () => LeaseRole;
}

export interface App {
  server: FastifyInstance;
  deps: RouteDeps;
  /** The store behind the services, for tests and tools that set up or inspect data directly. */
  store: { db: Kysely<Database>; configRepos: ConfigRepos };
}

export function buildApp(options: AppOptions): App {
  const { config, db } = options;
  const clock = options.clock ?? systemClock;
  const logger: Logger = options.pino ?? silentLogger;
  const bus = options.bus ?? new InProcessEventBus((err, event) => logger.error({ err, eventType: event.type }, 'event listener failed'));
  const metrics = new MetricsRegistry();
  const eventsTotal = metrics.counter('switchboard_events_total', 'Domain events published, by type', ['type']);
  bus.subscribe((event) => eventsTotal.inc({ type: event.type }));
  // Fire-and-forget work of call handling, supervision and the PBX adapter: a failure is logged
  // with its context and counted here, so an alert sees a background step that keeps failing.
  const backgroundFailures = metrics.counter(BACKGROUND_FAILURES_METRIC, 'Background steps (not awaited by anyone) that failed, by task', ['task']);
  const background = new BackgroundTasks(logger.child({ component: 'background' }), backgroundFailures);
  const audit = new KyselyAuditLog(db, clock, bus);
  const userRepo = new KyselyUserRepository(db);
  const sessionRepo = new KyselySessionRepository(db);
  const sessionCache = new SessionCache({ recheckMs: config.session.recheckMs });
  // Who is which agent and leads which team lives in the configuration: any change there is read
  // again (rare; the sessions themselves stay valid).
  bus.subscribe((e) => {
    if (e.type === 'config.changed' && (e.entity === 'agent' || e.entity === 'team')) sessionCache.linksChanged();
  });
  // Permissions granted per role: a change drops the resolved sessions so it applies at once.
  const roleGrants = new RoleGrantsService({ store: new KyselyRoleGrantStore(db, audit), now: () => clock.now(), changed: () => sessionCache.linksChanged() });
  const auth = new AuthService(
    userRepo,
    sessionRepo,
    audit,
    clock,
    {
      sessionTtlMs: config.session.ttlMs,
      sessionIdleMs: config.session.idleMs,
      lockoutAttempts: config.lockout.attempts,
      lockoutMs: config.lockout.durationMs,
    },
    options.links ?? new ConfigPrincipalLinks(db),
    options.hashQueue,
    sessionCache,
    logger.child({ component: 'auth' }),
    () => roleGrants.current(),
  );
  const userPhones = new UserPhones();
  const users = new UserService(userRepo, sessionRepo, audit, clock, userPhones, sessionCache, options.hashPassword);
  const configRepos = createConfigRepos({ db, clock });
  const pbx = options.mediaServer ?? createMediaServer(config, clock, logger, background);
  const directory = new DirectoryService({ store: configRepos, audit, bus, clock });
  const pbxExtras = mediaServerExtras(pbx, config, clock, logger);
  const crm = createCrm({ db, clock, logger, metrics, directory: directory.read });
  const contactCenter = createContactCenter({ config, db, clock, bus, logger, directory: directory.read, pbx, pbxExtras, userPhones, background, audit, crm });
  const wording = { language: config.centerLanguage, timeZone: contactCenter.centerTimeZone };
  const tickets = createTickets({ db, audit, bus, clock, acd: contactCenter.acd, directory: directory.read, files: contactCenter.attachmentFiles, attachments: config.attachments, wording });
  const leaveMessages = createLeaveMessages({ db, audit, clock, tickets, wording, customers: directory.read.customers });
  const cannedReplies = createCannedReplies({ db, audit, clock });
  const chatNotes = createChatNotes({ db, clock, bus, chat: contactCenter.chat, acd: contactCenter.acd });
  const chatRecords = createChatRecords({ db });
  const chatForms = createChatForms({ db, audit, clock, bus, logger, chat: contactCenter.chat, tickets });
  const chatSupervision = createChatSupervision({ db, chat: contactCenter.chat, acd: contactCenter.acd, visits: contactCenter.visits, audit, bus, clock, background: contactCenter.background });
  const kb = createKb({ db, audit, clock });
  const chatBot = createChatBot({ db, audit, clock, logger, background: contactCenter.background, kb, directory: directory.read, chat: contactCenter.chat });
  chatSupervision.supervision.bindBot(chatBot);
  const messaging = createMessaging({ db, clock, bus, logger, background: contactCenter.background, chat: contactCenter.chat, notify: contactCenter.notify, directory: directory.read });
  const chatEndingTickets = createChatEndingTickets({ db, bus, clock, tickets, background: contactCenter.background, logger });
  const voicemailTickets = createVoicemailTickets({ db, bus, tickets, background: contactCenter.background, logger });
  const indicatorSettings = new IndicatorSettingsService({ store: new KyselyIndicatorSettingsStore(db, audit), bus, clock });
  const wallboardTokens = new WallboardTokenService(new KyselyWallboardTokenStore(db, audit), clock);
  const authenticate: Authenticate = (token) => (WallboardTokenService.isWallboardToken(token) ? wallboardTokens.authenticate(token) : auth.authenticate(token));
  const floorWatch = new FloorWatch({
    clock,
    bus,
    log: logger.child({ component: 'floor-watch' }),
    snapshot: () => floorSnapshotOf(contactCenter, () => clock.now()),
    queues: () => queueFiguresOf(contactCenter),
    thresholds: (audience) => indicatorSettings.current()[audience].thresholds,
  });
  const deps: RouteDeps = {
    authenticate,
    indicatorSettings,
    wallboardTokens,
    config,
    checkDb: databaseCheck(db),
    clock,
    bus,
    logger,
    audit,
    auditReader: audit,
    auth,
    users,
    metrics,
    directory,
    pbxConnected: options.pbxConnected ?? (() => pbx.isConnected()),
    contactCenter,
    tickets,
    leaveMessages,
    cannedReplies,
    chatNotes,
    chatRecords,
    chatForms,
    chatSupervision,
    roleGrants,
    kb,
    crm,
    chatBot,
    messaging: messaging.service,
    ...(options.eventHub ? { eventHub: options.eventHub } : {}),
  };
  const server = buildServer({
    authenticate,
    routes: allRouteRegistrars(deps),
    ...(options.pino ? { logger: options.pino } : {}),
    trustProxy: config.trustProxy,
    security: { https: config.session.cookieSecure, extraConnectSrc: config.webrtc ? [originOf(config.webrtc.wssUrl)] : [] },
    ...(options.leaseRole ? { leaseRole: options.leaseRole } : {}),
  });
  server.addHook('onClose', async () => auth.stop());
  // Alerts need the admin's thresholds: the watch starts once they are read.
  server.addHook('onReady', async () => {
    await roleGrants.load();
    await indicatorSettings.load();
    await crm.service.load();
    floorWatch.start();
    chatEndingTickets.start();
    voicemailTickets.start();
    messaging.catchUp();
  });
  server.addHook('onClose', async () => {
    chatSupervision.supervision.close();
    chatSupervision.silenceAlerts.close();
    floorWatch.stop();
    chatEndingTickets.stop();
    voicemailTickets.stop();
    messaging.stop();
  });
  instrumentHttp(server, metrics);
  const ccMetrics = registerContactCenterMetrics(metrics, {
    subscribe: (listener) => bus.subscribe(listener),
    realtime: () => contactCenter.realtime.view(clock.now()),
    pbxConnected: () => deps.pbxConnected?.() ?? false,
    webSocketClients: () => server.websocketServer?.clients.size ?? 0,
  });
  server.addHook('onClose', async () => ccMetrics.stop());
  return { server, deps, store: { db, configRepos } };
}

export interface DaemonIo {
  /** Where the URL and the first admin password go (never the logger): stdout by default. */
  print(line: string): void;
  /** Log destination (tests capture it); stdout by default. */
  logDestination?: import('pino').DestinationStream;
  /** Install SIGINT/SIGTERM handlers (default true; tests say false). */
  handleSignals?: boolean;
  /**
   * A standby that became active and then lost the lease has closed itself; the process must end
   * so its supervisor starts it again as a standby. Default: exit code 75 (try again).
   */
  exit?: (code: number) => void;
}

export interface Daemon {
  url: string;
  app: App;
  database: DatabaseHandle;
  /** With SWITCHBOARD_STANDBY: 'standby' until this daemon holds the active lease. */
  role(): LeaseRole;
  /** Graceful stop: refuse new requests, close sockets, then the database. Idempotent. */
  close(): Promise<void>;
}

export const FIRST_ADMIN_USERNAME = 'admin';

export async function startDaemon(config: AppConfig, io: DaemonIo = { print: (l) => process.stdout.write(`${l}\n`) }): Promise<Daemon> {
  const pinoLogger = createPinoLogger(config.logLevel, io.logDestination);
  const database = await createDatabase(config.databaseUrl ? { databaseUrl: config.databaseUrl, log: pinoLogger.child({ component: 'store' }) } : { pgliteDir: pgliteDirOf(config) });
  let app: App | undefined;
  let lease: ActiveLease | undefined;
  let started = false;
  const becomeActive = async (built: App) => {
    await ensureFirstAdmin(built.deps.users, io.print);
    await built.deps.contactCenter.start();
    started = true;
    // Who monitored which chat before the restart (or on the daemon that was active): the chats are restored by now.
    await built.deps.chatSupervision.supervision.start();
  };
  try {
    if (config.databaseUrl) {
      const db = database.db;
      await waitForDatabase({ probe: () => sql`select 1`.execute(db), where: databaseWhere(config.databaseUrl), maxWaitMs: config.databaseWaitMs, log: pinoLogger.child({ component: 'store' }) });
    }
    const { applied } = await migrateToLatest(database.db);
    if (applied.length > 0) pinoLogger.info({ applied }, 'migrations applied');
    if (config.standby && config.databaseUrl) {
      const standbyLog = pinoLogger.child({ component: 'standby' });
      lease = new ActiveLease({
        lease: new PostgresLease({ url: config.databaseUrl, log: standbyLog }),
        clock: systemClock,
        log: standbyLog,
        // Called only after lease.start() below, by which time `app` is built.
        activate: () => becomeActive(app as App),
        fence: () => void fenced(),
      });
    }
    const held = lease;
    app = buildApp({ config, db: database.db, pino: pinoLogger, ...(held ? { leaseRole: () => held.role() } : {}) });
    if (!lease) await becomeActive(app);
    await app.server.listen({ host: config.host, port: config.port });
  } catch (err) {
    // The start's own error is what the caller gets; a stop that fails too is logged, not lost.
    if (started) await app?.deps.contactCenter.stop().catch((stopErr: unknown) => pinoLogger.error({ err: stopErr }, 'stopping after a failed start failed too'));
    await database.close();
    throw err;
  }
  const address = app.server.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  io.print(`Switchboard is listening on ${url}`);
  pinoLogger.info({ url, engine: database.engine, pbx: config.pbx.kind, standby: lease !== undefined }, 'started');
  if (config.pbx.kind === 'sim') io.print('Media server: SIMULATED (no PBX configured; set SWITCHBOARD_PBX=asterisk or freeswitch for real calls)');
  if (lease) {
    io.print('Standby: serving /healthz as standby until this daemon holds the active lease');
    lease.start();
  }

  let closing: Promise<void> | undefined;
  let removeGuard = (): void => {};
  const onSignal = (signal: NodeJS.Signals) => {
    pinoLogger.info({ signal }, 'shutting down');
    void close().then(
      () => process.exit(0),
      (err: unknown) => {
        pinoLogger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (io.handleSignals !== false) {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      // fastify.close stops accepting, lets in-flight requests finish, and (via the websocket
      // plugin's preClose) closes the sockets.
      await app.server.close();
      await lease?.stop();
      if (started) await app.deps.contactCenter.stop();
      await database.close();
      removeGuard();
      pinoLogger.info({}, 'stopped');
    })());
  if (io.handleSignals !== false) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const unhandled = app.deps.metrics.counter('switchboard_unhandled_errors_total', 'Unhandled rejections and exceptions the daemon logged and survived', ['kind']);
    removeGuard = keepServingOnUnhandled(process, pinoLogger, (kind) => unhandled.inc({ kind }));
  }
  // The lease is gone (its connection dropped, or another daemon holds it): stop driving the PBX
  // now, then end the process so that its supervisor brings it back as a standby.
  const fenced = async () => {
    try {
      await close();
    } catch (err) {
      pinoLogger.error({ err }, 'closing after losing the active lease failed');
    }
    (io.exit ?? ((code: number) => process.exit(code)))(75);
  };
  return { url, app, database, role: () => lease?.role() ?? 'active', close };
}

/**
 * On the first start without any administrator (a fresh database, or one where `seed-demo` or the
 * CLI created other users first) creates `admin` with a generated password and prints it once.
 * It goes to stdout only, never to the logger, and only its scrypt hash is stored.
 */
export async function ensureFirstAdmin(users: UserService, print: (line: string) => void): Promise<boolean> {
  if ((await users.count('admin')) > 0) return false;
  if (await users.findByUsername(FIRST_ADMIN_USERNAME)) {
    print(`No administrator exists and the user "${FIRST_ADMIN_USERNAME}" is taken by a non-admin: create one with \`switchboard create-admin <username>\`.`);
    return false;
  }
  const { generatedPassword } = await users.create({ username: FIRST_ADMIN_USERNAME, displayName: 'Administrator', roles: ['admin'] }, {});
  print(`First start: created user "${FIRST_ADMIN_USERNAME}" with password: ${generatedPassword ?? ''}`);
  print('This password is shown only once. Log in and change it, or reset it with `switchboard reset-password admin`.');
  return true;
}

import { roleHas } from '../accounts/permissions.js';
import { registerRecordingRoutes } from './http/recordings/recording-routes.js';
import { registerRecordingStorageRoutes } from './http/recordings/recording-storage-routes.js';
import type { AppConfig } from '../config.js';
import type { AuditLog, AuditReader } from '../accounts/audit.js';
import type { AuthService } from '../accounts/auth-service.js';
import type { UserService } from '../accounts/user-service.js';
import type { Clock } from '../core/clock.js';
import { AppError, isAppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { MetricsRegistry } from '../metrics/registry.js';
import { registerMetricsRoutes } from '../metrics/http-metrics.js';
import { allItems } from '../core/paging.js';
import type { DirectoryService } from '../directory/directory-service.js';
import { registerAuditRoutes } from './http/audit/audit-routes.js';
import { registerConfigRoutes } from './http/config/index.js';
import { configUsersOf } from './http/config/config-in-use.js';
import { registerAuthRoutes } from './http/auth/auth-routes.js';
import { registerHealthRoutes, registerRootRoute } from './http/health/health-routes.js';
import { registerUserRoutes } from './http/users/user-routes.js';
import { registerOpenApiRoute } from './openapi.js';
import { registerEventSocket, type EventSocketDeps } from './ws/event-socket.js';
import { RefusalAudit } from './refusal-audit.js';
import type { RouteRegistrar } from './server.js';
import type { ContactCenter } from '../wiring/contact-center.js';
import { registerAcdRoutes } from './http/acd/acd-routes.js';
import { registerCallRoutes } from './http/calls/call-routes.js';
import { registerIvrRoutes } from './http/ivr/ivr-routes.js';
import { registerWebRoutes } from './http/web/web-routes.js';
import { registerScreenPopRoutes } from './http/calls/screen-pop-routes.js';
import { registerCustomerRoutes } from './http/customers/customer-routes.js';
import { registerCustomerTimelineRoutes } from './http/customers/customer-timeline-routes.js';
import { registerCustomerMergeRoutes } from './http/customers/customer-merge-routes.js';
import { registerWrapUpRoutes } from './http/calls/wrap-up-routes.js';
import { registerToolbarRoutes } from './http/toolbar/toolbar-routes.js';
import { startOfDay } from '../acd/realtime-seed.js';
import { registerSoftphoneRoutes } from './http/softphone/softphone-routes.js';
import { SoftphoneService } from '../softphone/softphone-service.js';
import { registerSupervisorRoutes } from './http/supervisor/supervisor-routes.js';
import { registerNotifyRoutes } from './http/notify/notify-routes.js';
import { registerTodayRoutes } from './http/supervisor/today-routes.js';
import { registerReportRoutes } from './http/reports/report-routes.js';
import { registerChatRoutes } from './http/chat/chat-routes.js';
import { regionLabel } from '../chat/visit-tracking.js';
import { registerChatRecordRoutes } from './http/chat/chat-record-routes.js';
import type { ChatRecordReader } from '../chat/ports.js';
import { registerChatBotRoutes } from './http/chat/chat-bot-routes.js';
import { registerMessagingRoutes } from './http/chat/messaging-routes.js';
import type { MessagingService } from '../chat/messaging/messaging-service.js';
import type { BotService } from '../chat/bot/bot-service.js';
import { queuesOfTeams } from '../wiring/today-figures.js';
import { registerVisitorRoutes } from './http/chat/visitor-routes.js';
import { registerInvitationRuleRoutes } from './http/chat/invitation-rule-routes.js';
import { registerUploadRoutes } from './http/chat/upload-routes.js';
import { registerTicketAttachmentRoutes } from './http/tickets/ticket-attachment-routes.js';
import { registerTicketVoicemailRoutes } from './http/tickets/ticket-voicemail-routes.js';
import { registerWidgetSocket } from './ws/widget-socket.js';
import type { WallboardTokenService } from '../accounts/wallboard-tokens.js';
import type { IndicatorSettingsService } from '../supervision/indicator-settings-service.js';
import { registerIndicatorRoutes } from './http/supervisor/indicator-routes.js';
import { floorSnapshotOf, queueFiguresOf } from '../wiring/floor-snapshot.js';
import type { Authenticate } from './auth-hook.js';
import type { LeaveMessageService } from '../tickets/leave-message-service.js';
import type { TicketService } from '../tickets/ticket-service.js';
import type { RoleGrantsService } from '../accounts/role-grants.js';
import { registerRoleGrantRoutes } from './http/users/role-grant-routes.js';
import { registerLeaveMessageRoutes } from './http/tickets/leave-message-routes.js';
import { registerCannedReplyRoutes } from './http/chat/canned-reply-routes.js';
import { registerChatNotesRoutes } from './http/chat/chat-notes-routes.js';
import { registerChatSupervisionRoutes } from './http/chat/supervision-routes.js';
import type { ChatSupervisionParts } from '../wiring/chat-supervision.js';
import { registerChatTransferRoutes } from './http/chat/transfer-routes.js';
import { registerShareRoutes } from './http/chat/share-routes.js';
import { registerShareRecordingRoutes } from './http/chat/share-recording-routes.js';
import type { ChatNotesService } from '../chat/chat-notes-service.js';
import type { CannedReplyService } from '../chat/canned-reply-service.js';
import { registerTicketRoutes } from './http/tickets/ticket-routes.js';
import type { KbService } from '../kb/kb-service.js';
import { registerKbRoutes } from './http/kb/kb-routes.js';
import { registerQaRoutes } from './http/qa/qa-routes.js';
import { recordInScope } from './http/calls/call-record-search.js';
import { registerFormRoutes } from './http/forms/form-routes.js';
import type { ChatForms } from '../wiring/chat-forms.js';
import { seesEveryChat } from './chat-reach.js';
import { registerCrmRoutes } from './http/customers/crm-routes.js';
import type { Crm } from '../wiring/crm.js';

/**
 * Everything a route registrar may need, built once by main.ts (and by test/helpers/test-app.ts
 * through the same code). Add a field here when your routes need a new service.
 */
export interface RouteDeps {
  config: AppConfig;
  /** The database half of /healthz: resolves when the database answers. */
  checkDb: () => Promise<void>;
  clock: Clock;
  bus: EventBus;
  logger: Logger;
  audit: AuditLog;
  auditReader: AuditReader;
  auth: AuthService;
  users: UserService;
  metrics: MetricsRegistry;
  /** The contact-center directory (skills, teams, agents, calendars, queues, ...): reads, and writes with audit. */
  directory: DirectoryService;
  /** Media-server connection state for /healthz; absent until a PBX adapter is wired. */
  pbxConnected?: () => boolean;
  /** Routing engine, call handling, IVR and the media server behind them. */
  contactCenter: ContactCenter;
  /** Sessions and wallboard tokens alike (the HTTP hook and the event socket resolve through it). */
  authenticate: Authenticate;
  /** Per-role indicators and thresholds (issue 11). */
  indicatorSettings: IndicatorSettingsService;
  /** Read-only tokens for wall displays. */
  wallboardTokens: WallboardTokenService;
  /** Tickets (issue 13): every change with its history, audit and event. */
  tickets: TicketService;
  /** Leave-a-message templates and the messages visitors leave with them (tickets). */
  leaveMessages: LeaveMessageService;
  cannedReplies: CannedReplyService;
  chatNotes: ChatNotesService;
  /** Ended chats for the records page (src/store/chat/chat-record-repo.ts). */
  chatRecords: ChatRecordReader;
  /** Forms and surveys in chat (issue 21): the admin's definitions and the chat's forms and answers. */
  chatForms: ChatForms;
  /** Monitor, whisper, take over; the agent-silence alerts (src/chat/chat-supervision.ts). */
  chatSupervision: ChatSupervisionParts;
  /** Permissions an admin grants per role (tickets.close, kb.edit). */
  roleGrants: RoleGrantsService;
  /** The knowledge base (issue 13): categories, versioned articles, search, usage. */
  kb: KbService;
  /** The optional CRM lookup (issue 13): settings, the answer about callers and visitors. */
  crm: Crm;
  /** The chat bot (issue 21): settings, the report, article reads by visitors. */
  chatBot: BotService;
  /** Messaging connectors (issues 12 and 21): admin configuration and the signed inbound webhook. */
  messaging: MessagingService;
  /** Observers of the /api/ws fan-out hub (its counters, its delivery delay: benchmarks). */
  eventHub?: Pick<EventSocketDeps, 'onHub' | 'onWritten'>;
}

export const APP_INFO = { title: 'Switchboard API', version: '0.1.0' };

/**
 * The one list of every route of the daemon. main.ts passes it to buildServer, and
 * test/unit/api/route-auth.test.ts walks the routes it registers; so a registrar appended here is
 * served and auth-tested at once. Append yours as `(app) => registerXxxRoutes(app, { ...from deps })`.
 */
/** Queue and agent names as the directory has them now, for the records exports' name columns. */
async function exportNames(deps: RouteDeps): Promise<{ queue: (id: string) => string | undefined; agent: (id: string) => string | undefined }> {
  const [queues, agents] = await Promise.all([allItems((page) => deps.directory.read.queues.list(page)), allItems((page) => deps.directory.read.agents.list(page))]);
  const q = new Map(queues.map((x) => [x.id, x.name]));
  const a = new Map(agents.map((x) => [x.id, x.displayName]));
  return { queue: (id) => q.get(id), agent: (id) => a.get(id) };
}

/** The agents in any of these teams (a team lead's records scope). */
const agentsInTeamsOf =
  (deps: RouteDeps) =>
  (teamIds: string[]): string[] =>
    deps.contactCenter.acd
      .agents()
      .filter((a) => a.profile?.teamIds.some((t) => teamIds.includes(t)))
      .map((a) => a.id);

export function allRouteRegistrars(deps: RouteDeps): RouteRegistrar[] {
  // One for every route: a flood is audited once per address and action per minute.
  const refusals = new RefusalAudit(deps.audit, deps.clock, deps.logger);
  return [
    (app) =>
      registerHealthRoutes(app, {
        checkDb: deps.checkDb,
        now: () => deps.clock.now(),
        logger: deps.logger,
        ...(deps.pbxConnected ? { pbxConnected: deps.pbxConnected } : {}),
        pbx: { kind: deps.contactCenter.pbx.kind, simulated: deps.contactCenter.pbx.simulated },
      }),
    (app) => registerMetricsRoutes(app, { registry: deps.metrics, ...(deps.config.metrics.token ? { token: deps.config.metrics.token } : {}) }),
    (app) => registerOpenApiRoute(app, APP_INFO),
    (app) => registerRootRoute(app),
    (app) => registerAuthRoutes(app, { auth: deps.auth, now: () => deps.clock.now(), cookieSecure: deps.config.session.cookieSecure, loginsPerAddressPerMinute: deps.config.lockout.perAddressPerMinute, users: deps.users, refusals }),
    (app) => registerUserRoutes(app, { users: deps.users }),
    (app) => registerRoleGrantRoutes(app, { grants: deps.roleGrants }),
    (app) => registerAuditRoutes(app, { auditReader: deps.auditReader }),
    (app) => {
      const cc = deps.contactCenter;
      const users = configUsersOf({ flows: () => cc.ivr.registry.snapshot(), live: () => cc.acd.liveForRealtime(), contact: (id) => cc.acd.contact(id) });
      return registerConfigRoutes(app, { directory: deps.directory, clock: deps.clock, users });
    },
    (app) =>
      registerAcdRoutes(app, {
        acd: deps.contactCenter.acd,
        realtime: deps.contactCenter.realtime,
        clock: deps.clock,
        audit: deps.audit,
        fixedPhone: async (id) => {
          const a = await deps.directory.read.agents.find(id);
          // A browser softphone is bound like a fixed phone: the agent cannot ring another one.
          return a?.phone.mode === 'fixed' || a?.phone.mode === 'browser' ? a.phone.extension : undefined;
        },
        // A live call first (its row may still be on its way to the store), then the stored ones.
        callOfContact: async (contactId) =>
          deps.contactCenter.callHandling.calls.service.kernel.callOfContact(contactId)?.record.id ?? deps.contactCenter.callHistory.callOfContact(contactId),
        calls: deps.contactCenter.callHandling.calls.control,
      }),
    (app) => {
      const cc = deps.contactCenter;
      return registerCallRoutes(app, {
        control: cc.callHandling.calls.control,
        activeCalls: () => cc.callHandling.calls.service.activeCalls(),
        supervision: cc.callHandling.supervision,
        records: cc.callStore,
        audit: deps.audit,
        teamsOfAgent: (id) => cc.acd.teamsOf(id),
        preparePhone: (userId) => deps.users.refreshPhone(userId),
        recordingFiles: cc.recordings.disk,
        agentsInTeams: agentsInTeamsOf(deps),
        exportNames: () => exportNames(deps),
      });
    },
    (app) => {
      const cc = deps.contactCenter;
      return registerRecordingRoutes(app, { recordings: cc.callStore, records: cc.callStore, audio: cc.recordings.audio, disk: cc.recordings.disk, purges: cc.recordings.retentionStore, now: () => deps.clock.now(), audit: deps.audit, teamsOfAgent: (id) => cc.acd.teamsOf(id) });
    },
    (app) => {
      const r = deps.contactCenter.recordings;
      return registerRecordingStorageRoutes(app, { disk: r.disk, figures: r.retentionStore, retention: r.retentionStore });
    },
    (app) => registerWebRoutes(app),
    (app) => {
      const cc = deps.contactCenter;
      return registerScreenPopRoutes(app, { pop: cc.screenPop, teamsOfAgent: (id) => cc.acd.teamsOf(id) });
    },
    (app) => registerWrapUpRoutes(app, { wrapUp: deps.contactCenter.wrapUp, audit: deps.audit }),
    (app) => registerCustomerRoutes(app, { records: deps.contactCenter.customerRecord, chats: deps.contactCenter.chat, directory: deps.directory, audit: deps.audit }),
    (app) => registerCustomerMergeRoutes(app, { merges: deps.contactCenter.customerMerges }),
    (app) => registerCustomerTimelineRoutes(app, { timeline: deps.contactCenter.customerTimeline, teamsOfAgent: (id) => deps.contactCenter.acd.teamsOf(id) }),
    (app) => registerNotifyRoutes(app, { notify: deps.contactCenter.notify, audit: deps.audit }),
    (app) => registerCrmRoutes(app, { crm: deps.crm.service, callerSubject: deps.crm.callerSubject, visitorSubject: deps.crm.visitorSubject, chats: deps.contactCenter.chat, audit: deps.audit }),
    (app) =>
      registerTicketRoutes(app, {
        tickets: deps.tickets,
        teamsOfAgent: (id) => deps.contactCenter.acd.teamsOf(id),
        now: () => deps.clock.now(),
        chats: deps.contactCenter.chat,
        nameOfUser: async (userId) => {
          try {
            return (await deps.users.get(userId)).displayName;
          } catch (err) {
            // A user deleted since keeps their id in the history; the page shows the id.
            if (isAppError(err, 'NOT_FOUND')) return undefined;
            throw err;
          }
        },
      }),
    (app) => {
      const cc = deps.contactCenter;
      return registerToolbarRoutes(app, {
        clock: deps.clock,
        startOfDay: (at) => startOfDay(cc.centerTimeZone, at),
        history: cc.callHistory,
        offers: cc.offerHistory,
        callerIds: deps.config.callerIds,
        directory: cc.directory,
      });
    },
    (app) => {
      const cc = deps.contactCenter;
      return registerSupervisorRoutes(app, {
        clock: deps.clock,
        acd: cc.acd,
        calls: () => cc.callHandling.calls.service.activeCalls(),
        sessions: () => cc.callHandling.supervision.list(),
        roster: () => cc.directory.agents(),
        teams: async () => (await deps.directory.read.teams.list({ limit: 500 })).items,
        agentDays: () => cc.today.agentDays(),
      });
    },
    (app) => registerTodayRoutes(app, { today: deps.contactCenter.today }),
    (app) => registerReportRoutes(app, { reports: deps.contactCenter.reports, audit: deps.audit }),
    (app) => {
      const cc = deps.contactCenter;
      return registerQaRoutes(app, {
        qa: cc.qa,
        teamsOfAgent: (id) => cc.acd.teamsOf(id),
        agentsInTeams: agentsInTeamsOf(deps),
        timeZone: cc.centerTimeZone,
        principalOfUser: (userId) => deps.auth.principalOfUser(userId),
        evaluators: async () =>
          (await deps.users.list())
            .filter((u) => !u.disabled && u.roles.some((role) => roleHas(role, 'qa.evaluate')))
            .map((u) => ({ userId: u.id, name: u.displayName || u.username }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        chatTranscript: async (chatId) => {
          // The evaluation's scope has decided; the chat is read as a supervisor would.
          const viewer = { supervise: true };
          try {
            const [chat, page] = await Promise.all([cc.chat.seenBy(chatId, viewer), cc.chat.messages(chatId, viewer, 0, 5000)]);
            return {
              visitorName: chat.visitorName,
              page: chat.page,
              messages: page.messages.map((m) => ({ seq: m.seq, from: m.from, text: m.text, at: m.at, ...(m.attachment ? { attachmentName: m.attachment.name } : {}) })),
            };
          } catch (err) {
            if (isAppError(err, 'CHAT_NOT_FOUND')) return undefined;
            throw err;
          }
        },
      });
    },
    (app) =>
      registerSoftphoneRoutes(app, {
        softphone: new SoftphoneService(deps.config.webrtc, {
          userPhone: async (userId) => {
            try {
              const u = await deps.users.get(userId);
              return { phone: u.phone, displayName: u.displayName };
            } catch (err) {
              // A user deleted while their session lives has no phone; anything else is a real failure.
              if (isAppError(err, 'NOT_FOUND')) return undefined;
              throw err;
            }
          },
          agentPhone: async (agentId) => {
            const a = await deps.directory.read.agents.find(agentId);
            return a && { phone: a.phone, displayName: a.displayName };
          },
        }),
      }),
    (app) =>
      registerIvrRoutes(app, {
        registry: deps.contactCenter.ivr.registry,
        versions: deps.contactCenter.ivr.versions,
        traces: deps.contactCenter.ivr.traces,
        audit: deps.audit,
        userName: async (id) => {
          const u = await deps.users.find(id);
          return u && (u.displayName || u.username);
        },
      }),
    (app) => {
      const cc = deps.contactCenter;
      return registerIndicatorRoutes(app, {
        clock: deps.clock,
        settings: deps.indicatorSettings,
        tokens: deps.wallboardTokens,
        snapshot: () => floorSnapshotOf(cc, () => deps.clock.now()),
        queues: () => queueFiguresOf(cc),
        queueNames: async () => new Map((await deps.directory.read.queues.list({ limit: 500 })).items.map((q) => [q.id, q.name])),
      });
    },
    (app) =>
      registerEventSocket(app, {
        bus: deps.bus,
        clock: deps.clock,
        authenticate: deps.authenticate,
        sessionChanges: (listener) => deps.auth.cache.onChange(listener),
        logger: deps.logger,
        openSockets: deps.metrics.gauge('switchboard_ws_connections', 'Open event WebSockets'),
        staffLines: deps.contactCenter.staffLines,
        requests: { chat: deps.contactCenter.chat },
        ...deps.eventHub,
      }),
    (app) =>
      registerChatRoutes(app, {
        chat: deps.contactCenter.chat,
        notes: deps.chatNotes,
        regionOf: async (chatId) => regionLabel(await deps.contactCenter.visits.regionOf(await deps.contactCenter.chat.visitorOf(chatId, { supervise: true }))),
      }),
    (app) => {
      const cc = deps.contactCenter;
      return registerChatRecordRoutes(app, {
        records: deps.chatRecords,
        chat: cc.chat,
        audit: deps.audit,
        agentsInTeams: agentsInTeamsOf(deps),
        exportNames: () => exportNames(deps),
      });
    },
    (app) =>
      registerChatTransferRoutes(app, {
        chat: deps.contactCenter.chat,
        transfers: deps.contactCenter.chatTransfers,
        audit: deps.audit,
        teamsOfAgent: (id) => deps.contactCenter.acd.teamsOf(id),
        targets: () => deps.contactCenter.chatTransferTargets(),
      }),
    (app) => registerShareRoutes(app, { chat: deps.contactCenter.chat, shares: deps.contactCenter.shares, audit: deps.audit, supervisedBy: deps.chatSupervision.supervision, settings: deps.contactCenter.assistSettings, recordingMaxBytes: deps.config.assist.recordingMaxBytes }),
    (app) =>
      registerShareRecordingRoutes(app, {
        recordings: deps.contactCenter.shareRecordings,
        files: deps.contactCenter.attachmentFiles,
        audit: deps.audit,
        maxBytes: deps.config.assist.recordingMaxBytes,
      }),
    (app) => registerChatBotRoutes(app, { chat: deps.contactCenter.chat, bot: deps.chatBot, kb: deps.kb, queuesOfTeams: () => queuesOfTeams(deps.contactCenter.acd) }),
    (app) => registerMessagingRoutes(app, { messaging: deps.messaging, chat: deps.contactCenter.chat, audit: deps.audit }),
    (app) => registerChatNotesRoutes(app, { notes: deps.chatNotes, agentName: async (id) => (await deps.directory.read.agents.find(id))?.displayName }),
    (app) => registerChatSupervisionRoutes(app, { ...deps.chatSupervision, agentName: async (id) => (await deps.directory.read.agents.find(id))?.displayName }),
    (app) => registerVisitorRoutes(app, { visits: deps.contactCenter.visits, chat: deps.contactCenter.chat, invitations: deps.contactCenter.invitations, clock: deps.clock }),
    (app) => registerInvitationRuleRoutes(app, { rules: deps.contactCenter.invitationRules }),
    (app) =>
      registerUploadRoutes(app, {
        chat: deps.contactCenter.chat,
        visitorTicketAttachment: (visitorId, id) => deps.tickets.visitorAttachment(visitorId, id),
        files: deps.contactCenter.attachmentFiles,
        limits: deps.config.attachments.maxBytes,
        uploadsPerMinute: deps.config.attachments.uploadsPerMinute,
        clock: deps.clock,
        refusals,
      }),
    (app) =>
      registerTicketAttachmentRoutes(app, {
        tickets: deps.tickets,
        teamsOfAgent: (id) => deps.contactCenter.acd.teamsOf(id),
        files: deps.contactCenter.attachmentFiles,
        limits: deps.config.attachments.maxBytes,
      }),
    (app) =>
      registerTicketVoicemailRoutes(app, {
        tickets: deps.tickets,
        teamsOfAgent: (id) => deps.contactCenter.acd.teamsOf(id),
        audio: deps.contactCenter.recordings.audio,
        audit: deps.audit,
      }),
    (app) => registerLeaveMessageRoutes(app, { templates: deps.leaveMessages }),
    (app) =>
      registerFormRoutes(app, {
        forms: deps.chatForms.admin,
        chatForms: deps.chatForms.chat,
        teamsOfAgent: (id) => deps.contactCenter.acd.teamsOf(id),
        visitorsOfCustomer: async (id) => {
          const customer = await deps.directory.read.customers.find(id);
          if (!customer) throw new AppError('NOT_FOUND', `No customer ${id}`, { customerId: id });
          return customer.chatVisitors;
        },
      }),
    (app) => registerCannedReplyRoutes(app, { canned: deps.cannedReplies, teamsOfAgent: (id) => deps.contactCenter.acd.teamsOf(id) }),
    (app) =>
      registerKbRoutes(app, {
        kb: deps.kb,
        nameOfUser: async (userId) => {
          try {
            return (await deps.users.get(userId)).displayName;
          } catch (err) {
            // A user deleted since keeps their id on the version; the page shows the id.
            if (isAppError(err, 'NOT_FOUND')) return undefined;
            throw err;
          }
        },
        reach: {
          call: async (p, callId) => {
            const detail = await deps.contactCenter.callStore.get(callId);
            if (!detail) return false;
            const own = p.agentId !== undefined && [detail.call.agentId, ...detail.legs.map((l) => l.agentId)].includes(p.agentId);
            return own || recordInScope(p, detail, (id) => deps.contactCenter.acd.teamsOf(id));
          },
          chat: async (p, chatId) => {
            try {
              await deps.contactCenter.chat.visitorOf(chatId, { ...(p.agentId ? { agentId: p.agentId } : {}), supervise: seesEveryChat(p) });
              return true;
            } catch (err) {
              if (isAppError(err, 'CHAT_NOT_YOURS') || isAppError(err, 'CHAT_NOT_FOUND')) return false;
              throw err;
            }
          },
        },
      }),
    (app) =>
      registerWidgetSocket(app, {
        chat: deps.contactCenter.chat,
        visits: deps.contactCenter.visits,
        invitations: deps.contactCenter.invitations,
        visitorTickets: (visitorId) => deps.tickets.forVisitor(visitorId),
        watchVisitorTickets: (visitorId, listener) => deps.tickets.watchVisitor(visitorId, listener),
        leaveMessage: {
          offered: async (channel) => (await deps.leaveMessages.offered(channel)).map((t) => ({ id: t.id, name: t.name, businessLine: t.businessLine, fields: t.fields })),
          submit: (visitorId, channel, input) => deps.leaveMessages.submit(visitorId, channel, input),
        },
        forms: deps.chatForms.chat,
        shares: deps.contactCenter.shares,
        chatStaffed: (queueId) => deps.contactCenter.acd.queueFigures(queueId).staffed.chat > 0,
        clock: deps.clock,
        logger: deps.logger,
        framesPerMinute: deps.config.chat.framesPerMinute,
        connectionsPerMinute: deps.config.chat.connectionsPerMinute,
        refusals,
      }),
  ];
}


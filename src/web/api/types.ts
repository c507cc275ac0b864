/**
 * What the daemon answers, typed from the response schemas its routes declare (never retyped by
 * hand: see schema-type.ts). Only `import type`: nothing of the server reaches the bundle.
 */
import type { deskSchema, offerViewSchema, realtimeSchema } from '../../api/http/acd/acd-schemas.js';
import type { principalSchema } from '../../api/http/auth/auth-schemas.js';
import type { cannedReplyInputSchema, cannedReplySchema, chatNoteSchema } from '../../api/http/chat/chat-desk-schemas.js';
import type { liveCallSchema, recordDetailResponse, recordsResponse } from '../../api/http/calls/call-schemas.js';
import type { chatRecordsResponse } from '../../api/http/chat/chat-record-schemas.js';
import type { screenPopSchema, wrapUpResponse } from '../../api/http/calls/screen-pop-schemas.js';
import type { agentView, breakReasonView, customerView, dispositionView, queueView, teamView } from '../../api/http/config/entity-schemas.js';
import type { recordingStorageResponse } from '../../api/http/recordings/recording-storage-routes.js';
import type { recordingPeaksResponse } from '../../api/http/recordings/recording-peaks-schemas.js';
import type { customerCallsSchema, mergeSchema, timelineSchema } from '../../api/http/customers/customer-schemas.js';
import type { customFieldView } from '../../api/http/customers/customer-field-schemas.js';
import type { realtimeAgentsSchema } from '../../api/http/supervisor/supervisor-schemas.js';
import type { deliverySchema, ruleSchema } from '../../api/http/notify/notify-schemas.js';
import type { templateSchema as leaveMessageTemplateSchema } from '../../api/http/tickets/leave-message-schemas.js';
import type { ruleSchema as invitationRuleSchema } from '../../api/http/chat/invitation-rule-schemas.js';
import type { NotifyRuleInput } from '../../notify/model.js';
import type { listResponse as ticketListSchema, replySchema as ticketReplySchema, ticketDetailSchema, ticketSchema } from '../../api/http/tickets/ticket-schemas.js';
import type { allSettingsSchema, audienceSettingsSchema, createdTokenSchema, myIndicatorsSchema, tokenViewSchema, wallboardSchema } from '../../api/http/supervisor/indicator-schemas.js';
import type { credentialsSchema } from '../../api/http/softphone/softphone-schemas.js';
import type { crmAnswerSchema, crmResultSchema, crmSettingsView } from '../../api/http/customers/crm-schemas.js';
import type { callerIdsSchema, directorySchema, recentNumbersSchema, todaySchema } from '../../api/http/toolbar/toolbar-schemas.js';
import type { CallStateName } from '../../calls/call-model.js';
import type { chatListSchema, chatMessageSchema, chatSummarySchema, messagesPageSchema, sendMessageReplySchema } from '../../api/http/chat/chat-schemas.js';
import type { visitorDetailSchema, visitorListSchema } from '../../api/http/chat/visitor-schemas.js';
import type { partiesSchema, pendingSchema, targetsSchema, transferSchema } from '../../api/http/chat/transfer-schemas.js';
import type { AgentStateName } from '../../core/events.js';
import type { FromSchema } from './schema-type.js';
import type { articleListSchema, articleViewSchema, categorySchema as kbCategorySchema, searchResponse as kbSearchResponse, usageReportSchema as kbUsageReportSchema, versionSchema as kbVersionSchema, versionWithNameSchema as kbVersionWithNameSchema } from '../../api/http/kb/kb-schemas.js';

export type { DomainEvent, DomainEventType, EventOf, AgentStateName } from '../../core/events.js';
export type { ServerMessage, ClientMessage, ChatSendResult } from '../../api/ws/messages.js';
export type { TodayFigures, TodayGroupFigures, TodayTrends, TrendAgentState } from '../../supervision/today-figures.js';
export type { VolumeGrouping, VolumeReport, VolumeRow } from '../../reports/volume.js';
export type { ReportInterval } from '../../reports/intervals.js';
export type { SatisfactionGrouping, SatisfactionReport, SatisfactionRow } from '../../reports/satisfaction.js';
export type { AgentDayRow } from '../../reports/agent-activity.js';
import type { AgentDayRow as ReportAgentDay } from '../../reports/agent-activity.js';
/** GET /api/reports/agents. */
export interface AgentsReport {
  from: number;
  to: number;
  timeZone: string;
  rows: ReportAgentDay[];
}
export type { ErrorCode } from '../../core/errors.js';
export type { CallStateName } from '../../calls/call-model.js';
export type { ChatOutcome } from '../../chat/protocol.js';

export type Principal = FromSchema<typeof principalSchema>;
export type LoginAnswer = { expiresAt: number; principal: Principal };

export type Desk = Omit<FromSchema<typeof deskSchema>, 'state'> & { state: AgentStateName };
export type Offer = FromSchema<typeof offerViewSchema>;
export type DeskWork = Desk['work'][number];

/** The schema says `state: string`; the call machine's names are the real set. */
export type LiveCall = Omit<FromSchema<typeof liveCallSchema>, 'state'> & { state: CallStateName };
export type CallLeg = LiveCall['legs'][number];

export type BreakReason = FromSchema<typeof breakReasonView>;
export type QueueConfig = FromSchema<typeof queueView>;
export type AgentConfig = FromSchema<typeof agentView>;
/** The configuration list routes answer pages (pageOf in common-schemas.ts). */
export type Page<T> = { items: T[]; total: number; limit: number; offset: number };

/** The toolbar's own reads (src/api/http/toolbar, src/api/http/calls/screen-pop-schemas.ts). */
export type AgentToday = FromSchema<typeof todaySchema>;
export type AgentDirectory = FromSchema<typeof directorySchema>;
export type DirectoryAgent = AgentDirectory['agents'][number];
export type CallerIds = FromSchema<typeof callerIdsSchema>;
export type RecentNumbers = FromSchema<typeof recentNumbersSchema>;
export type ScreenPop = FromSchema<typeof screenPopSchema>;
export type PopCustomer = NonNullable<ScreenPop['customer']>;
/** The CRM lookup (issue 13): its answer, the admin's settings view, a test's result. */
export type CrmAnswer = FromSchema<typeof crmAnswerSchema>;
export type CrmSettingsView = FromSchema<typeof crmSettingsView>;
export type CrmTestResult = FromSchema<typeof crmResultSchema>;
export type Disposition = FromSchema<typeof dispositionView>;
export type WrapUpAnswer = FromSchema<typeof wrapUpResponse>;
/** The browser softphone's SIP credentials (GET /api/agent/softphone; never stored by the page). */
export type SoftphoneAnswer = FromSchema<typeof credentialsSchema>;
/** The customer page: the profile (GET /api/customers/:id) and the calls (GET /api/customers/:id/calls). */
export type Customer = FromSchema<typeof customerView>;
export type CustomerCall = FromSchema<typeof customerCallsSchema>['calls'][number];

/** The supervisor console's read (GET /api/realtime/agents) and the queue figures (GET /api/realtime). */
export type RealtimeAgents = Omit<FromSchema<typeof realtimeAgentsSchema>, 'agents'> & { agents: ListedAgent[] };
export type ListedAgent = Omit<FromSchema<typeof realtimeAgentsSchema>['agents'][number], 'state'> & { state: AgentStateName };
export type FloorCounts = FromSchema<typeof realtimeAgentsSchema>['floor'];
export type WaitingContact = FromSchema<typeof realtimeAgentsSchema>['waiting'][number];
export type RealtimeView = FromSchema<typeof realtimeSchema>;
export type RealtimeQueue = RealtimeView['queues'][number];

/** Outcome notifications (admin): rules as the daemon answers them (never with their secret) and the delivery log. */
export type NotifyRule = Omit<FromSchema<typeof ruleSchema>, 'trigger' | 'channel'> & Pick<NotifyRuleInput, 'trigger' | 'channel'>;
export type NotifyDelivery = FromSchema<typeof deliverySchema>;
export type { NotifyRuleInput };
/** Tickets (GET /api/tickets, /api/tickets/:id): the list, one ticket with replies and history. */
export type Ticket = FromSchema<typeof ticketSchema>;
export type TicketList = FromSchema<typeof ticketListSchema>;
export type TicketDetail = FromSchema<typeof ticketDetailSchema>;

/** Knowledge base (src/api/http/kb/kb-schemas.ts). */
export type KbCategory = FromSchema<typeof kbCategorySchema>;
export type KbCategoryNode = KbCategory & { children: KbCategoryNode[] };
export type KbArticleView = FromSchema<typeof articleViewSchema>;
export type KbArticleItem = FromSchema<typeof articleListSchema>[number];
export type KbVersion = FromSchema<typeof kbVersionSchema>;
export type KbVersionWithName = FromSchema<typeof kbVersionWithNameSchema>;
export type KbSearchHit = FromSchema<typeof kbSearchResponse>[number];
export type KbUsageReport = FromSchema<typeof kbUsageReportSchema>;
export type KbLanguage = KbVersion['language'];
export interface KbArticleInput {
  title: string;
  body: string;
  tags: string[];
  categoryId: string;
  language: KbLanguage;
}
export type TicketReply = FromSchema<typeof ticketReplySchema>;
export type { TicketStatus, TicketPriority, ReplyVisibility } from '../../tickets/model.js';
/** The chat workspace (src/api/http/chat/chat-schemas.ts): my chats, the waiting ones, their messages. */
export type ChatSummary = FromSchema<typeof chatSummarySchema>;
export type ChatList = FromSchema<typeof chatListSchema>;
/** Widget visitors on the site now (src/api/http/chat/visitor-routes.ts). */
export type VisitorList = FromSchema<typeof visitorListSchema>;
export type VisitorSummary = VisitorList['visitors'][number];
export type VisitorDetail = FromSchema<typeof visitorDetailSchema>;
export type ChatMessage = FromSchema<typeof chatMessageSchema>;
export type ChatMessagesPage = FromSchema<typeof messagesPageSchema>;
export type ChatSendReply = FromSchema<typeof sendMessageReplySchema>;
/** The workspace's extras (src/api/http/chat/chat-desk-schemas.ts): canned replies, private notes. */
export type CannedReply = FromSchema<typeof cannedReplySchema>;
export type CannedReplyInput = FromSchema<typeof cannedReplyInputSchema>;
export type ChatNote = FromSchema<typeof chatNoteSchema>;
/** Chat transfers and multi-party chats (src/api/http/chat/transfer-schemas.ts). */
export type ChatTransfer = FromSchema<typeof transferSchema>;
export type ChatParties = FromSchema<typeof partiesSchema>;
export type PendingTransfers = FromSchema<typeof pendingSchema>;
export type TransferTargets = FromSchema<typeof targetsSchema>;
/** Issue 11: the caller's status strip (GET /api/supervision/my-indicators) and the wallboard (GET /api/wallboard). */
export type MyIndicators = FromSchema<typeof myIndicatorsSchema>;
export type WallboardView = FromSchema<typeof wallboardSchema>;
export type IndicatorThresholds = MyIndicators['settings']['thresholds'];
/** The admin's floor settings (GET /api/supervision/indicator-settings) and wallboard tokens. */
export type IndicatorSettingsAll = FromSchema<typeof allSettingsSchema>;
export type AudienceSettings = FromSchema<typeof audienceSettingsSchema>;
export type WallboardToken = FromSchema<typeof tokenViewSchema>;
export type CreatedWallboardToken = FromSchema<typeof createdTokenSchema>;
/** Call records: the list's rows (records.own; each says whether its recordings can be played) and one call's detail with its timeline and recordings (records.own, within the same reach). */
export type CallRecordRow = FromSchema<typeof recordsResponse>['calls'][number];
/** An ended chat in the records (src/api/http/chat/chat-record-schemas.ts). */
export type ChatRecordRow = FromSchema<typeof chatRecordsResponse>['chats'][number];
export type CallRecordDetail = FromSchema<typeof recordDetailResponse>;
/** Storage used by recordings (config.edit): the folder, and per queue from the rows. */
export type RecordingStorage = FromSchema<typeof recordingStorageResponse>;
/** A recording's waveform (GET /api/recordings/{id}/peaks, records.own, within the reach of its call). */
export type RecordingPeaks = FromSchema<typeof recordingPeaksResponse>;
export type TeamConfig = FromSchema<typeof teamView>;
/** Leave-a-message templates (issue 13): as GET /api/leave-message-templates answers them, and what a change sends. */
export type LeaveMessageTemplate = FromSchema<typeof leaveMessageTemplateSchema>;
export type InvitationRule = FromSchema<typeof invitationRuleSchema>;
export type { InvitationRuleInput, VisitorKind } from '../../chat/invitation-rules.js';
export type { LeaveMessageTemplateInput, LeaveMessageChannel, FieldKind as LeaveMessageFieldKind } from '../../tickets/leave-message-template.js';
/** Custom fields of customer profiles (GET /api/customer-fields). */
export type CustomField = FromSchema<typeof customFieldView>;
/** The customer page's history (GET /api/customers/{id}/timeline). */
export type TimelinePage = FromSchema<typeof timelineSchema>;
export type TimelineEntry = TimelinePage['items'][number];
/** A merge of one customer into another (POST /api/customers/{id}/merge). */
export type CustomerMergeView = FromSchema<typeof mergeSchema>;

/** Quality scoring (src/api/http/qa/qa-schemas.ts; the domain types of src/qa). */
export type { Scorecard, ScorecardInput, ScorecardItem, ScorecardSection, ItemKind, QaMedia } from '../../qa/scorecard.js';
export type { Evaluation, Assignment, ChatTranscript, ContactContext, CustomerSummary, VisitTrail } from '../../qa/model.js';
export type { EvaluationState } from '../../qa/evaluation-state.js';
export type { QaReport, QaGrouping, QaGroupRow } from '../../qa/qa-report.js';
export type { Answers, ItemAnswer } from '../../qa/scoring.js';
export type { SampleCandidate } from '../../qa/sampling.js';

/**
 * One typed function per daemon route the pages use. Paths and bodies as the route files declare
 * them (src/api/http/**); answers typed in types.ts / agent-extras.ts.
 */
import { request } from './http.js';
import type { ShareKind, ShareQuality, ShareSignal, ShareView } from '../../chat/assist/assist-protocol.js';
import type {
  Answers,
  Assignment,
  ChatTranscript,
  ContactContext,
  SampleCandidate,
  Evaluation,
  EvaluationState,
  QaMedia,
  QaReport,
  Scorecard,
  ScorecardInput,
  CrmAnswer,
  CrmSettingsView,
  CrmTestResult,
  ChatParties,
  ChatTransfer,
  PendingTransfers,
  TransferTargets,
  KbArticleInput,
  KbArticleItem,
  KbArticleView,
  KbCategory,
  KbCategoryNode,
  KbSearchHit,
  KbUsageReport,
  KbVersionWithName,
  AgentConfig,
  CannedReply,
  CannedReplyInput,
  ChatNote,
  AgentsReport,
  SatisfactionReport,
  VolumeReport,
  AgentDirectory,
  AgentToday,
  Customer,
  CustomerCall,
  CustomField,
  CustomerMergeView,
  TimelinePage,
  BreakReason,
  CallRecordDetail,
  RecordingStorage,
  RecordingPeaks,
  CallRecordRow,
  TeamConfig,
  ChatList,
  VisitorList,
  VisitorDetail,
  ChatMessagesPage,
  ChatRecordRow,
  ChatOutcome,
  ChatSendReply,
  ChatMessage,
  ChatSummary,
  CallerIds,
  Desk,
  Disposition,
  LiveCall,
  LoginAnswer,
  NotifyDelivery,
  NotifyRule,
  NotifyRuleInput,
  ReplyVisibility,
  Ticket,
  TicketDetail,
  TicketList,
  TicketPriority,
  TicketReply,
  TicketStatus,
  MyIndicators,
  IndicatorSettingsAll,
  LeaveMessageTemplate,
  LeaveMessageTemplateInput,
  InvitationRule,
  InvitationRuleInput,
  AudienceSettings,
  WallboardToken,
  CreatedWallboardToken,
  Offer,
  Page,
  Principal,
  QueueConfig,
  RealtimeAgents,
  RealtimeView,
  RecentNumbers,
  ScreenPop,
  SoftphoneAnswer,
  TodayFigures,
  TodayTrends,
  WallboardView,
  WrapUpAnswer,
} from './types.js';

export type TransferTarget = { kind: 'queue'; queueId: string } | { kind: 'agent'; agentId: string } | { kind: 'number'; number: string };
export type ConsultTarget = Exclude<TransferTarget, { kind: 'queue' }>;
export type FirstState = { state: 'available' } | { state: 'not_ready'; reason: string };

const enc = encodeURIComponent;
const call = (id: string, action: string) => `/api/calls/${enc(id)}/${action}`;

export const auth = {
  me: () => request<Principal>('GET', '/api/auth/me', undefined, { anonymousOk: true }),
  login: (username: string, password: string) => request<LoginAnswer>('POST', '/api/auth/login', { username, password, cookieOnly: true }, { anonymousOk: true }),
  logout: () => request<void>('POST', '/api/auth/logout', undefined, { anonymousOk: true }),
  choosePhone: (phone: string) => request<{ phone: string }>('POST', '/api/auth/phone', { phone }),
};

export const agent = {
  desk: () => request<Desk>('GET', '/api/agent/desk'),
  login: (first: FirstState, phone?: string) => request<Desk>('POST', '/api/agent/login', { ...first, ...(phone ? { phone } : {}) }),
  logout: () => request<Desk>('POST', '/api/agent/logout'),
  setState: (next: FirstState | { state: 'outbound' }) => request<Desk>('POST', '/api/agent/state', next),
  accept: (offerId: string) => request<Offer>('POST', `/api/agent/offers/${enc(offerId)}/accept`),
  reject: (offerId: string) => request<Desk>('POST', `/api/agent/offers/${enc(offerId)}/reject`),
  extendWrapUp: (ms: number, contactId?: string) => request<Desk>('POST', '/api/agent/wrap-up/extend', { ms, ...(contactId ? { contactId } : {}) }),
  finishWrapUp: (contactId?: string) => request<Desk>('POST', '/api/agent/wrap-up/finish', contactId ? { contactId } : {}),
  /** How many chats at once; 0 takes none (busy for chats). */
  setChatCapacity: (capacity: number) => request<Desk>('POST', '/api/agent/chat-capacity', { capacity }),
  today: () => request<AgentToday>('GET', '/api/agent/today'),
  directory: () => request<AgentDirectory>('GET', '/api/agent/directory'),
  callerIds: () => request<CallerIds>('GET', '/api/agent/caller-ids'),
  recentNumbers: () => request<RecentNumbers>('GET', '/api/agent/recent-numbers'),
  /** SIP credentials of a browser-bound phone; 409 PHONE_NOT_BROWSER / 404 NO_PHONE otherwise. */
  softphone: () => request<SoftphoneAnswer>('GET', '/api/agent/softphone'),
  /** The agent's own configuration: is the phone fixed or chosen at login. */
  config: (agentId: string) => request<AgentConfig>('GET', `/api/agents/${enc(agentId)}`),
};

export const calls = {
  mine: () => request<{ call: LiveCall | null }>('GET', '/api/calls/mine'),
  dial: (number: string, callerId?: string) => request<{ call: LiveCall }>('POST', '/api/calls/dial', { number, ...(callerId ? { callerId } : {}) }),
  hold: (id: string) => request<{ call: LiveCall }>('POST', call(id, 'hold')),
  unhold: (id: string) => request<{ call: LiveCall }>('POST', call(id, 'unhold')),
  mute: (id: string, muted: boolean) => request<{ call: LiveCall }>('POST', call(id, 'mute'), { muted }),
  recording: (id: string, paused: boolean) => request<{ call: LiveCall }>('POST', call(id, 'recording'), { paused }),
  transfer: (id: string, target: TransferTarget) => request<void>('POST', call(id, 'transfer'), { target }),
  consult: (id: string, target: ConsultTarget) => request<{ call: LiveCall }>('POST', call(id, 'consult'), { target }),
  completeConsult: (id: string) => request<{ call: LiveCall }>('POST', call(id, 'consult/complete')),
  cancelConsult: (id: string) => request<{ call: LiveCall }>('POST', call(id, 'consult/cancel')),
  conference: (id: string) => request<{ call: LiveCall }>('POST', call(id, 'conference')),
  hangup: (id: string) => request<void>('POST', call(id, 'hangup')),
  dtmf: (id: string, digits: string) => request<unknown>('POST', call(id, 'dtmf'), { digits }),
  pop: (id: string) => request<ScreenPop>('GET', call(id, 'pop')),
  /** disposition: an id of /api/dispositions, null clears; note: '' clears; omitted keeps. */
  setDisposition: (id: string, body: { disposition?: string | null; note?: string }) => request<WrapUpAnswer>('PUT', call(id, 'disposition'), body),
};

export const config = {
  breakReasons: () => request<Page<BreakReason>>('GET', '/api/break-reasons?limit=500'),
  queues: () => request<Page<QueueConfig>>('GET', '/api/queues?limit=500'),
  teams: () => request<Page<TeamConfig>>('GET', '/api/teams?limit=500'),
  agents: () => request<Page<AgentConfig>>('GET', '/api/agents?limit=500'),
  /** What an agent may pick for a call (active only). */
  dispositions: () => request<Page<Disposition>>('GET', '/api/dispositions?active=true&limit=500'),
};

export const customers = {
  /** Every customer as CSV (customer.export); over the cap 400 EXPORT_TOO_LARGE. */
  exportUrl: (format: 'csv' | 'xlsx-csv') => `/api/customers/export?format=${format}`,
  /** 404 NOT_FOUND for no such customer. */
  get: (id: string) => request<Customer>('GET', `/api/customers/${enc(id)}`),
  /** Calls with any of the customer's numbers, newest first. */
  calls: (id: string) => request<{ calls: CustomerCall[] }>('GET', `/api/customers/${enc(id)}/calls`),
  /** Changes what the body names; refusals name the field (CUSTOMER_FIELD_*, CUSTOMER_IDENTITY_TAKEN, VALIDATION_FAILED). */
  patch: (id: string, body: Record<string, unknown>) => request<Customer>('PATCH', `/api/customers/${enc(id)}`, body),
  fields: () => request<Page<CustomField>>('GET', '/api/customer-fields?limit=500'),
  /** Admins (config.edit). */
  createField: (body: { key: string; label: string; type: string; options?: string[] }) => request<CustomField>('POST', '/api/customer-fields', body),
  /** CONFLICT while customers hold values of it. */
  deleteField: (id: string) => request<void>('DELETE', `/api/customer-fields/${enc(id)}`),
  /** Merges `mergedId` into `keptId` (after the user confirmed). */
  merge: (keptId: string, mergedId: string) => request<CustomerMergeView>('POST', `/api/customers/${enc(keptId)}/merge`, { mergedId }),
  merges: (id: string) => request<{ items: CustomerMergeView[] }>('GET', `/api/customers/${enc(id)}/merges`),
  /** Admins: both customers as they were before the merge. */
  undoMerge: (mergeId: string) => request<CustomerMergeView>('POST', `/api/customer-merges/${enc(mergeId)}/undo`),
  /** Calls, chats and tickets, newest first; `before` is the previous page's `next`. */
  timeline: (id: string, before?: string) => request<TimelinePage>('GET', `/api/customers/${enc(id)}/timeline${before ? `?before=${enc(before)}` : ''}`),
  /** The first page by name (the list page before anything is typed). */
  list: (signal?: AbortSignal) => request<Page<Customer>>('GET', '/api/customers?limit=100', undefined, signal ? { signal } : {}),
  /** Best match first: names (start, anywhere, similar) and every identity. */
  search: (q: string, signal?: AbortSignal) => request<{ items: Customer[] }>('GET', `/api/customers/search?q=${enc(q)}&limit=50`, undefined, signal ? { signal } : {}),
};

export type SuperviseMode = 'listen' | 'whisper' | 'barge';

/** The supervisor console: live reads, monitoring on a call, commands on an agent. */
export const supervisor = {
  agents: () => request<RealtimeAgents>('GET', '/api/realtime/agents'),
  realtime: () => request<RealtimeView>('GET', '/api/realtime'),
  /** The day so far per center, queue and team, and its 15-minute trends (issue 11). */
  today: () => request<TodayFigures>('GET', '/api/realtime/today'),
  trends: () => request<TodayTrends>('GET', '/api/realtime/trends'),
  supervise: (callId: string, mode: SuperviseMode) => request<unknown>('POST', call(callId, `supervise/${mode}`)),
  stopSupervising: (callId: string) => request<void>('DELETE', call(callId, 'supervise')),
  /** Frees the agent; the caller goes back to the queue. */
  release: (callId: string) => request<void>('POST', call(callId, 'release'), { scope: 'agent' }),
  forceState: (agentId: string, next: FirstState) => request<Desk>('POST', `/api/agents/${enc(agentId)}/state`, next),
  forceLogout: (agentId: string) => request<Desk>('POST', `/api/agents/${enc(agentId)}/logout`),
  /** Offers a waiting contact to a chosen agent: their phone rings. */
  assign: (contactId: string, agentId: string) => request<unknown>('POST', `/api/contacts/${enc(contactId)}/assign`, { agentId }),
  /** Moves an agent's contact to another agent or back into a queue, without either agent's consent. */
  forceTransfer: (contactId: string, target: { agentId: string } | { queueId: string }) => request<unknown>('POST', `/api/contacts/${enc(contactId)}/transfer`, target),
};

/** The filters of GET /api/tickets (src/api/http/tickets/ticket-schemas.ts). */
export interface TicketQuery {
  view?: 'mine' | 'my_teams' | 'unassigned' | 'overdue';
  status?: TicketStatus[];
  priority?: TicketPriority[];
  before?: { at: number; id: string };
  limit?: number;
}

/** Tickets (tickets.view to read, tickets.edit to change; closing also tickets.close). */
export const tickets = {
  list: (query: TicketQuery) => {
    const q = new URLSearchParams();
    if (query.view) q.set('view', query.view);
    for (const s of query.status ?? []) q.append('status', s);
    for (const p of query.priority ?? []) q.append('priority', p);
    if (query.before) {
      q.set('beforeAt', String(query.before.at));
      q.set('beforeId', query.before.id);
    }
    if (query.limit) q.set('limit', String(query.limit));
    return request<TicketList>('GET', `/api/tickets?${q.toString()}`);
  },
  get: (id: string) => request<TicketDetail>('GET', `/api/tickets/${enc(id)}`),
  create: (input: { subject: string; description?: string; priority?: TicketPriority; customerId?: string }) => request<Ticket>('POST', '/api/tickets', input),
  transition: (id: string, to: TicketStatus, reason?: string) => request<Ticket>('POST', `/api/tickets/${enc(id)}/transitions`, { to, ...(reason ? { reason } : {}) }),
  reply: (id: string, visibility: ReplyVisibility, body: string) => request<TicketReply>('POST', `/api/tickets/${enc(id)}/replies`, { visibility, body }),
  update: (id: string, patch: { priority?: TicketPriority; subject?: string }) => request<Ticket>('PATCH', `/api/tickets/${enc(id)}`, patch),
  /** A file for the ticket, or for one of its replies (the visitor sees it when that reply is public). */
  attach: (id: string, kind: 'image' | 'file' | 'video' | 'voice', file: File, replyId?: string) =>
    request<TicketDetail['attachments'][number]>(
      'POST',
      `/api/tickets/${enc(id)}/attachments?${new URLSearchParams({ kind, name: file.name.slice(0, 1000), ...(replyId ? { replyId } : {}) }).toString()}`,
      undefined,
      { raw: file },
    ),
  attachmentUrl: (id: string, attachmentId: string) => `/api/tickets/${enc(id)}/attachments/${enc(attachmentId)}`,
  /** The recording of the voicemail the ticket was made from (records.view). */
  voicemailUrl: (id: string) => `/api/tickets/${enc(id)}/voicemail`,
};

/** The knowledge base (kb.view to find and read published articles, kb.edit to maintain them). */
export const kb = {
  categories: () => request<KbCategoryNode[]>('GET', '/api/kb/categories'),
  createCategory: (input: { name: string; parentId: string | null }) => request<KbCategory>('POST', '/api/kb/categories', input),
  updateCategory: (id: string, input: { name: string; parentId: string | null }) => request<KbCategory>('PUT', `/api/kb/categories/${enc(id)}`, input),
  deleteCategory: (id: string) => request<void>('DELETE', `/api/kb/categories/${enc(id)}`),
  list: (categoryId?: string) => request<KbArticleItem[]>('GET', `/api/kb/articles${categoryId ? `?category=${enc(categoryId)}` : ''}`),
  get: (id: string) => request<KbArticleView>('GET', `/api/kb/articles/${enc(id)}`),
  create: (input: KbArticleInput) => request<KbArticleView>('POST', '/api/kb/articles', input),
  edit: (id: string, input: KbArticleInput) => request<KbArticleView>('PUT', `/api/kb/articles/${enc(id)}`, input),
  archive: (id: string) => request<void>('DELETE', `/api/kb/articles/${enc(id)}`),
  versions: (id: string) => request<KbVersionWithName[]>('GET', `/api/kb/articles/${enc(id)}/versions`),
  publish: (id: string, version: number) => request<KbArticleView>('POST', `/api/kb/articles/${enc(id)}/publish`, { version }),
  search: (query: { q: string; category?: string; scope?: 'published' | 'draft' }, signal?: AbortSignal) => {
    const q = new URLSearchParams({ q: query.q, limit: '20' });
    if (query.category) q.set('category', query.category);
    if (query.scope) q.set('scope', query.scope);
    return request<KbSearchHit[]>('GET', `/api/kb/search?${q.toString()}`, undefined, signal ? { signal } : {});
  },
  viewed: (id: string) => request<void>('POST', `/api/kb/articles/${enc(id)}/usage`, { kind: 'viewed' }),
  /** Counts the article as used during the call (the daemon counts it once per call). */
  usedInCall: (id: string, callId: string) => request<void>('POST', `/api/kb/articles/${enc(id)}/usage`, { kind: 'used_in_call', callId }),
  /** The most and least used published articles over [from, to) (kb.edit). */
  usageReport: (from: number, to: number, limit: number) => request<KbUsageReport>('GET', `/api/kb/usage-report?${new URLSearchParams({ from: String(from), to: String(to), limit: String(limit) }).toString()}`),
};

/** Outcome notifications (notify.manage): rules and the delivery log (docs/notifications.md). */
export const notify = {
  rules: () => request<{ rules: NotifyRule[] }>('GET', '/api/notify/rules'),
  createRule: (input: NotifyRuleInput) => request<NotifyRule>('POST', '/api/notify/rules', input),
  updateRule: (id: string, input: NotifyRuleInput) => request<NotifyRule>('PUT', `/api/notify/rules/${enc(id)}`, input),
  deleteRule: (id: string) => request<void>('DELETE', `/api/notify/rules/${enc(id)}`),
  deliveries: (query: { status?: NotifyDelivery['status']; before?: { at: number; id: string } }) => {
    const q = new URLSearchParams({ limit: '50' });
    if (query.status) q.set('status', query.status);
    if (query.before) {
      q.set('beforeAt', String(query.before.at));
      q.set('beforeId', query.before.id);
    }
    return request<{ deliveries: NotifyDelivery[] }>('GET', `/api/notify/deliveries?${q.toString()}`);
  },
  retry: (id: string) => request<NotifyDelivery>('POST', `/api/notify/deliveries/${enc(id)}/retry`),
};

/** The agent's chats (src/api/http/chat): REST for every action, chat.* events on /api/ws for news. */
export const chats = {
  list: () => request<ChatList>('GET', '/api/chats'),
  messages: (id: string, after = 0) => request<ChatMessagesPage>('GET', `/api/chats/${enc(id)}/messages?after=${after}&limit=500`),
  /** Idempotent by clientId: a resend after a network failure is answered with the same seq. */
  send: (id: string, clientId: string, text: string) => request<ChatSendReply>('POST', `/api/chats/${enc(id)}/messages`, { clientId, text }),
  typing: (id: string) => request<void>('POST', `/api/chats/${enc(id)}/typing`),
  /** A file as a message (docs/chat-protocol.md, "Uploads"); idempotent by clientId like send. */
  upload: (id: string, clientId: string, kind: 'image' | 'file' | 'video' | 'voice', file: File) =>
    request<ChatSendReply & { attachment: NonNullable<ChatMessage['attachment']> }>('POST', `/api/chats/${enc(id)}/uploads?${new URLSearchParams({ clientId, kind, name: file.name.slice(0, 1000) }).toString()}`, undefined, { raw: file }),
  /** Where an attachment's bytes are (the session cookie goes with an <img>). */
  attachmentUrl: (id: string, attachmentId: string) => `/api/chats/${enc(id)}/attachments/${enc(attachmentId)}`,
  /** reason: required for spam. */
  end: (id: string, outcome: ChatOutcome, reason?: string) => request<ChatSummary>('POST', `/api/chats/${enc(id)}/end`, { outcome, ...(reason ? { reason } : {}) }),
  pick: (id: string) => request<ChatSummary>('POST', `/api/chats/${enc(id)}/pick`),
  /** The customer holding the chat's visitor id, or null (the chat's screen-pop). */
  customer: (id: string) => request<{ customer: Customer | null }>('GET', `/api/chats/${enc(id)}/customer`),
  /** What the CRM lookup knows about the chat's visitor, or null. */
  crm: (id: string) => request<{ crm: CrmAnswer | null }>('GET', `/api/chats/${enc(id)}/crm`),
  /** Private notes: the agents see them, the visitor never does. */
  notes: (id: string) => request<{ notes: ChatNote[] }>('GET', `/api/chats/${enc(id)}/notes`),
  addNote: (id: string, text: string) => request<ChatNote>('POST', `/api/chats/${enc(id)}/notes`, { text }),
  tags: (id: string) => request<{ tags: string[] }>('GET', `/api/chats/${enc(id)}/tags`),
  setTags: (id: string, tags: string[]) => request<{ tags: string[] }>('PUT', `/api/chats/${enc(id)}/tags`, { tags }),
};

/** Chat transfers and multi-party chats (docs/chat-protocol.md, "Transfers and multi-party chats"). */
/** Live screen sharing (src/api/http/chat/share-routes.ts); what comes back arrives on /api/ws as `assist` frames. */
export const screenShares = {
  invite: (chatId: string, quality: ShareQuality, kind: ShareKind = 'screen') => request<{ share: ShareView }>('POST', `/api/chats/${enc(chatId)}/shares`, { quality, kind }),
  signal: (shareId: string, peer: string, signal: ShareSignal) => request<void>('POST', `/api/shares/${enc(shareId)}/signal`, { peer, signal }),
  ofChat: (chatId: string) => request<{ shares: ShareView[] }>('GET', `/api/chats/${enc(chatId)}/shares`),
  watch: (shareId: string) => request<{ share: ShareView }>('POST', `/api/shares/${enc(shareId)}/watch`),
  end: (shareId: string) => request<{ share: ShareView }>('POST', `/api/shares/${enc(shareId)}/end`),
  /** A recorded share's WebM, sent once after it is over (the agent who asked only). */
  sendRecording: (shareId: string, recording: Blob) => request<{ share: ShareView }>('POST', `/api/shares/${enc(shareId)}/recording`, undefined, { raw: recording }),
  recordingUrl: (shareId: string) => `/api/shares/${enc(shareId)}/recording`,
  /** The admin switch (config.view reads, config.edit sets): sessions asked for afterwards are recorded, and the visitor told. */
  settings: () => request<{ recordShares: boolean; recordingMaxBytes: number }>('GET', '/api/chat-assist/settings'),
  saveSettings: (recordShares: boolean) => request<{ recordShares: boolean }>('PUT', '/api/chat-assist/settings', { recordShares }),
};

export const chatTransfers = {
  targets: () => request<TransferTargets>('GET', '/api/chat-transfer-targets'),
  pending: () => request<PendingTransfers>('GET', '/api/chat-transfers'),
  /** To an agent: offered (pending); to a queue: moved at once. */
  transfer: (chatId: string, target: { agentId: string; note?: string } | { queueId: string }) => request<{ transfer?: ChatTransfer; chat?: ChatSummary }>('POST', `/api/chats/${enc(chatId)}/transfer`, target),
  accept: (id: string) => request<ChatTransfer>('POST', `/api/chat-transfers/${enc(id)}/accept`),
  decline: (id: string, reason?: string) => request<ChatTransfer>('POST', `/api/chat-transfers/${enc(id)}/decline`, reason ? { reason } : {}),
  cancel: (id: string) => request<ChatTransfer>('POST', `/api/chat-transfers/${enc(id)}/cancel`),
  parties: (chatId: string) => request<ChatParties>('GET', `/api/chats/${enc(chatId)}/parties`),
  invite: (chatId: string, agentId: string) => request<ChatParties>('POST', `/api/chats/${enc(chatId)}/colleagues`, { agentId }),
  remove: (chatId: string, agentId: string) => request<ChatParties>('DELETE', `/api/chats/${enc(chatId)}/colleagues/${enc(agentId)}`),
  leave: (chatId: string) => request<void>('POST', `/api/chats/${enc(chatId)}/leave`),
};

/** Canned replies: mine and my teams' (each says whether I may change it). */
export const cannedReplies = {
  list: () => request<CannedReply[]>('GET', '/api/canned-replies'),
  create: (input: CannedReplyInput) => request<CannedReply>('POST', '/api/canned-replies', input),
  update: (id: string, input: CannedReplyInput) => request<CannedReply>('PUT', `/api/canned-replies/${enc(id)}`, input),
  remove: (id: string) => request<void>('DELETE', `/api/canned-replies/${enc(id)}`),
};

/** Widget visitors on the site now, before any chat (chat.visitors); visitor.changed on /api/ws says when to re-read. */
export const visitorsApi = {
  list: () => request<VisitorList>('GET', '/api/visitors'),
  get: (visitorId: string) => request<VisitorDetail>('GET', `/api/visitors/${enc(visitorId)}`),
  /** The widget shows my name and the message; accepting starts a chat offered to me. */
  invite: (visitorId: string, message: string) => request<{ invitationId: string; expiresAt: number }>('POST', `/api/visitors/${enc(visitorId)}/invite`, { message }),
};

/** Issue 11: the status strip of the signed-in user, and the wallboard (with the session, or a wall display's read-only token). */
export const floorApi = {
  mine: () => request<MyIndicators>('GET', '/api/supervision/my-indicators'),
  // With a token there is no session to end: a refusal is the wallboard's to show.
  wallboard: (token?: string) => request<WallboardView>('GET', '/api/wallboard', undefined, token ? { bearer: token, anonymousOk: true } : {}),
};

/** Admin: the CRM lookup (the secret is write-only: omitted keeps it, null removes it). */
export const crm = {
  settings: () => request<CrmSettingsView>('GET', '/api/crm/settings'),
  save: (body: Omit<CrmSettingsView, 'secretSet'> & { secret?: string | null }) => request<CrmSettingsView>('PUT', '/api/crm/settings', body),
  test: (phone: string) => request<CrmTestResult>('POST', '/api/crm/test', { phone }),
};

/** Admin: the floor indicators and thresholds per audience, and the wall displays' read-only tokens. */
export const floorSettings = {
  all: () => request<IndicatorSettingsAll>('GET', '/api/supervision/indicator-settings'),
  save: (audience: string, settings: AudienceSettings) => request<unknown>('PUT', `/api/supervision/indicator-settings/${enc(audience)}`, settings),
  tokens: () => request<WallboardToken[]>('GET', '/api/wallboard/tokens'),
  createToken: (name: string) => request<CreatedWallboardToken>('POST', '/api/wallboard/tokens', { name }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/wallboard/tokens/${enc(id)}`),
};

/** Call records: the search and one call (records.own: an agent's own calls, records.view the team scope; `filters` as URL parameters, see src/web/records/record-filters.ts). */
export const records = {
  list: (filters: URLSearchParams) => request<{ calls: CallRecordRow[] }>('GET', `/api/call-records?${filters.toString()}`),
  get: (id: string) => request<CallRecordDetail>('GET', `/api/call-records/${enc(id)}`),
  /** Where a recording plays from (Range requests: the player seeks) and where it downloads from (recordings.download). */
  audioUrl: (recordingId: string) => `/api/recordings/${enc(recordingId)}/audio`,
  downloadUrl: (recordingId: string) => `/api/recordings/${enc(recordingId)}/download`,
  /** The waveform of a recording: `buckets` peaks (50..2000) and the audio's length; never counted as a listen. */
  peaks: (recordingId: string, buckets: number, signal?: AbortSignal) =>
    request<RecordingPeaks>('GET', `/api/recordings/${enc(recordingId)}/peaks?buckets=${buckets}`, undefined, signal ? { signal } : {}),
  /** Deletes a recording's file, keeping its row marked deleted (records.delete). */
  deleteRecording: (recordingId: string) => request<void>('DELETE', `/api/recordings/${enc(recordingId)}`),
  /** Storage used by recordings, for admins (config.edit). */
  storage: () => request<RecordingStorage>('GET', '/api/recordings/storage'),
  exportUrl: (filters: URLSearchParams, format: 'csv' | 'xlsx-csv') => {
    const q = new URLSearchParams(filters);
    q.set('format', format);
    return `/api/call-records/export?${q.toString()}`;
  },
};

/**
 * Chat records: ended chats within the user's reach (src/web/records/chat-record-filters.ts builds
 * `filters`), an ended chat's transcript within the same reach, and the export (records.view).
 */
export const chatRecords = {
  list: (filters: URLSearchParams) => request<{ chats: ChatRecordRow[] }>('GET', `/api/chat-records?${filters.toString()}`),
  messages: (id: string, after = 0) => request<ChatMessagesPage>('GET', `/api/chat-records/${enc(id)}/messages?after=${after}&limit=500`),
  exportUrl: (filters: URLSearchParams, format: 'csv' | 'xlsx-csv') => {
    const q = new URLSearchParams(filters);
    q.set('format', format);
    return `/api/chat-records/export?${q.toString()}`;
  },
};

/** Reports (reports.view; team leads: their teams): `params` holds from, to, tz and for volume interval, groupBy. */
export const reports = {
  volume: (params: URLSearchParams) => request<VolumeReport>('GET', `/api/reports/volume?${params.toString()}`),
  agents: (params: URLSearchParams) => request<AgentsReport>('GET', `/api/reports/agents?${params.toString()}`),
  satisfaction: (params: URLSearchParams) => request<SatisfactionReport>('GET', `/api/reports/satisfaction?${params.toString()}`),
  exportUrl: (kind: 'volume' | 'agents' | 'satisfaction', params: URLSearchParams, format: 'csv' | 'xlsx-csv') => {
    const q = new URLSearchParams(params);
    q.set('format', format);
    return `/api/reports/${kind}?${q.toString()}`;
  },
};

/** Leave-a-message templates (config.view to read, config.edit to change; docs/tickets.md). */
export const leaveMessageTemplates = {
  list: () => request<LeaveMessageTemplate[]>('GET', '/api/leave-message-templates'),
  create: (input: LeaveMessageTemplateInput) => request<LeaveMessageTemplate>('POST', '/api/leave-message-templates', input),
  update: (id: string, input: LeaveMessageTemplateInput) => request<LeaveMessageTemplate>('PUT', `/api/leave-message-templates/${enc(id)}`, input),
  remove: (id: string) => request<void>('DELETE', `/api/leave-message-templates/${enc(id)}`),
};

/** Automatic chat invitation rules (config.view to read, config.edit to change; docs/chat-protocol.md). */
export const invitationRules = {
  list: () => request<{ rules: InvitationRule[] }>('GET', '/api/chat-invitation-rules'),
  create: (input: InvitationRuleInput) => request<InvitationRule>('POST', '/api/chat-invitation-rules', input),
  update: (id: string, input: InvitationRuleInput) => request<InvitationRule>('PUT', `/api/chat-invitation-rules/${enc(id)}`, input),
  remove: (id: string) => request<void>('DELETE', `/api/chat-invitation-rules/${enc(id)}`),
};

/** Quality scoring (issue 14): scorecards (qa.manage), samples, evaluations and the report (qa.evaluate); an agent's own evaluations. */
export const qa = {
  scorecards: (archived = false) => request<Scorecard[]>('GET', `/api/qa/scorecards?archived=${archived}`),
  scorecard: (id: string, version?: number) => request<Scorecard>('GET', `/api/qa/scorecards/${enc(id)}${version ? `?version=${version}` : ''}`),
  createScorecard: (input: ScorecardInput) => request<Scorecard>('POST', '/api/qa/scorecards', input),
  updateScorecard: (id: string, input: ScorecardInput) => request<Scorecard>('PUT', `/api/qa/scorecards/${enc(id)}`, input),
  archiveScorecard: (id: string) => request<void>('DELETE', `/api/qa/scorecards/${enc(id)}`),
  sample: (input: { from: number; to: number; perAgent: number; media: QaMedia[]; perWeek?: boolean; tz?: string; queueIds?: string[]; teamIds?: string[]; minSeconds?: number; evaluatorId?: string }) =>
    request<Assignment[]>('POST', '/api/qa/samples', input),
  candidates: (query: { from: number; to: number; media?: QaMedia; queueId?: string; teamId?: string; minSeconds?: number }) => {
    const q = new URLSearchParams({ from: String(query.from), to: String(query.to), limit: '100' });
    for (const k of ['media', 'queueId', 'teamId'] as const) if (query[k]) q.set(k, query[k]);
    if (query.minSeconds) q.set('minSeconds', String(query.minSeconds));
    return request<SampleCandidate[]>('GET', `/api/qa/candidates?${q.toString()}`);
  },
  evaluators: () => request<{ userId: string; name: string }[]>('GET', '/api/qa/evaluators'),
  context: (id: string) => request<ContactContext>('GET', `/api/qa/evaluations/${enc(id)}/context`),
  assignments: () => request<Assignment[]>('GET', '/api/qa/assignments'),
  everyonesAssignments: () => request<Assignment[]>('GET', '/api/qa/assignments?holder=anyone'),
  reassign: (id: string, evaluatorId: string) => request<Assignment>('PUT', `/api/qa/assignments/${enc(id)}`, { evaluatorId }),
  start: (input: { scorecardId: string; contact: { kind: QaMedia; id: string }; assignmentId?: string }) => request<Evaluation>('POST', '/api/qa/evaluations', input),
  list: (query: { state?: EvaluationState; agentId?: string } = {}) => {
    const q = new URLSearchParams({ limit: '200' });
    if (query.state) q.set('state', query.state);
    if (query.agentId) q.set('agentId', query.agentId);
    return request<Evaluation[]>('GET', `/api/qa/evaluations?${q.toString()}`);
  },
  get: (id: string) => request<Evaluation>('GET', `/api/qa/evaluations/${enc(id)}`),
  transcript: (id: string) => request<ChatTranscript & { kind: 'chat' }>('GET', `/api/qa/evaluations/${enc(id)}/transcript`),
  save: (id: string, input: { answers: Answers; comment: string }) => request<Evaluation>('PUT', `/api/qa/evaluations/${enc(id)}`, input),
  submit: (id: string, input: { answers: Answers; comment: string }) => request<Evaluation>('POST', `/api/qa/evaluations/${enc(id)}/submit`, input),
  accept: (id: string) => request<Evaluation>('POST', `/api/qa/evaluations/${enc(id)}/accept`),
  dispute: (id: string, reason: string) => request<Evaluation>('POST', `/api/qa/evaluations/${enc(id)}/dispute`, { reason }),
  resolve: (id: string, input: { outcome: 'upheld' | 'revised'; note: string; answers?: Answers }) => request<Evaluation>('POST', `/api/qa/evaluations/${enc(id)}/resolve`, input),
  report: (params: URLSearchParams) => request<QaReport>('GET', `/api/qa/report?${params.toString()}`),
};

/** The roles holding each permission granted per role (users.manage); keys are the daemon's grantable permissions. */
export type RoleGrantsView = Record<string, string[]>;
export const roleGrants = {
  get: () => request<RoleGrantsView>('GET', '/api/role-grants'),
  set: (permission: string, roles: string[]) => request<RoleGrantsView>('PUT', `/api/role-grants/${enc(permission)}`, { roles }),
};

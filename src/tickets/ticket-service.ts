/**
 * Tickets, application layer: each change is computed by the domain (ticket-changes.ts), stored
 * with its history rows and its audit entry in one unit of work, and announced once stored as
 * `ticket.changed` to the assignee and the members and leads of the ticket's team (before and
 * after the change, so a ticket taken away also leaves the old owner's list).
 *
 * Team scoping is applied here, so that every way in (REST, chat endings, voicemail) sees the
 * same rules (ticket-access.ts); a ticket out of scope is reported as not found, so its existence
 * does not leak.
 */
import type { TicketWording } from './ticket-wording.js';
import type { AuditLog } from '../accounts/audit.js';
import { checkUpload, type AttachmentLimits } from '../attachments/attachment-rules.js';
import { viewOf, type AttachmentFiles, type AttachmentRecord, type AttachmentView } from '../attachments/ports.js';
import type { Clock } from '../core/clock.js';
import { AppError, type FieldProblem, validationError } from '../core/errors.js';
import type { EventBus, EventOf } from '../core/events.js';
import type { NewTicketInput, ReplyVisibility, Ticket, TicketHistoryEntry, TicketPatch, TicketReply, TicketStatus } from './model.js';
import type { LeftMessageRecord } from './leave-message-ports.js';
import type { TicketFilter, TicketLeftMessage, TicketReferences, TicketStore, TicketVoicemail } from './ports.js';
import { ticketFromVoicemail, voicemailAuthor, type VoicemailFacts } from './voicemail.js';
import { VisitorTicketFeed, type VisitorTicketChange } from './visitor-ticket-feed.js';
import { DEFAULT_SLA, type SlaPolicy } from './sla.js';
import { addReply, applyPatch, applyTransition, createTicket, type Changed } from './ticket-changes.js';
import { endingOnTicket, ticketFromChatEnding, type ChatEndingFacts } from './chat-ending.js';
import { changeAudience, checkPlacement, ticketVisibleTo, type TicketViewer } from './ticket-access.js';

export type { TicketViewer } from './ticket-access.js';

export type TicketView = 'mine' | 'my_teams' | 'unassigned' | 'overdue';

export interface TicketQuery extends Omit<TicketFilter, 'visibleTo' | 'overdueAt' | 'limit'> {
  view?: TicketView;
  overdue?: boolean;
  limit?: number;
}

export interface TicketDetail {
  ticket: Ticket;
  replies: TicketReply[];
  history: TicketHistoryEntry[];
  /** Each with the reply it came with, if any (null: added to the ticket itself). */
  attachments: (AttachmentView & { replyId: string | null; at: number })[];
  /** The voicemail the ticket was made from (it plays from GET /api/tickets/:id/voicemail), else null. */
  voicemail: { durationMs: number | null } | null;
  /** The message a visitor left that the ticket was made from, field by field, else null. */
  leftMessage: TicketLeftMessage | null;
}

/** A ticket as its visitor sees it (the widget's `tickets` frame). */
export interface VisitorTicketView {
  id: string;
  subject: string;
  status: TicketStatus;
  createdAt: number;
  updatedAt: number;
  replies: { id: string; body: string; at: number; attachments: AttachmentView[] }[];
}

/** A file added to a ticket (POST /api/tickets/:id/attachments): the same checks as chat uploads. */
export interface TicketUpload {
  kind: string;
  name: string;
  bytes: Uint8Array;
  /** The reply it belongs to: a visitor sees it when that reply is public. */
  replyId?: string;
}

export interface TicketServiceDeps {
  store: TicketStore;
  audit: AuditLog;
  events: Pick<EventBus, 'publish'>;
  clock: Clock;
  newId: () => string;
  /** Agents of a team (they receive its tickets' events). */
  membersOf: (teamId: string) => string[];
  /** Refuses a ticket naming a customer, agent or team that does not exist; none: ids unchecked. */
  references?: TicketReferences;
  sla?: SlaPolicy;
  /** Where attachments' bytes go and how big each kind may be (src/attachments); absent: none accepted. */
  attachments?: { files: AttachmentFiles; limits: AttachmentLimits };
  /** The center's language and zone for the texts this service writes itself (ticket-wording.ts). */
  wording?: TicketWording;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

export class TicketService {
  private readonly sla: SlaPolicy;
  private readonly visitorFeed = new VisitorTicketFeed();

  constructor(private readonly deps: TicketServiceDeps) {
    this.sla = deps.sla ?? DEFAULT_SLA;
  }

  async create(input: NewTicketInput, viewer: TicketViewer): Promise<Ticket> {
    checkPlacement(viewer, input.teamId ?? null, input.assigneeId ?? null, this.deps.membersOf);
    await this.checkReferences(input);
    const { ticket, history } = createTicket(input, { id: this.deps.newId(), now: this.deps.clock.now(), by: viewer.userId, sla: this.sla });
    await this.deps.store.write({ ticket, history }, this.auditEntry(viewer, 'ticket.created', ticket, { subject: ticket.subject, priority: ticket.priority }), this.deps.audit);
    this.announce('created', undefined, ticket, viewer);
    return ticket;
  }

  /**
   * A ticket from a message a visitor left: owned by that visitor (their widget lists it), made by
   * no user, so the audit and history name the visitor. The left message is stored with it, in
   * the same transaction, so a retry finds it (see LeaveMessageService.submit).
   */
  async createFromLeftMessage(input: NewTicketInput, left: LeftMessageRecord): Promise<Ticket> {
    const by = `visitor:${left.visitorId}`;
    await this.checkReferences(input);
    const { ticket, history } = createTicket(input, { id: this.deps.newId(), now: this.deps.clock.now(), by, sla: this.sla });
    const audit = { actorId: by, action: 'ticket.created', target: `ticket:${ticket.id}`, details: { subject: ticket.subject, priority: ticket.priority, templateId: left.templateId } };
    await this.deps.store.write({ ticket, history, leftMessage: left }, audit, this.deps.audit);
    this.announce('created', undefined, ticket, { userId: by, agentId: null, seesAll: false, teamIds: [], canClose: false });
    return ticket;
  }

  /**
   * A chat's ending kept as a ticket, exactly once per chat (chat-ending.ts says how): added to the
   * ticket the chat was linked to, else a new ticket. Undefined when the ending was kept already
   * (a retry, or the catch-up at start finding work another path did).
   */
  async keepChatEnding(f: ChatEndingFacts): Promise<Ticket | undefined> {
    const link = await this.deps.store.chatLink(f.chatId);
    if (link && link.doneAt !== null) return undefined;
    const now = this.deps.clock.now();
    const viewer: TicketViewer = { userId: f.by, agentId: f.agentId, seesAll: false, teamIds: [], canClose: false };
    const details = { chatId: f.chatId, outcome: f.outcome };
    const linked = link ? await this.deps.store.find(link.ticketId) : undefined;
    const added = linked && endingOnTicket(linked, f, { replyId: this.deps.newId(), now, ...this.wording() });
    if (linked && added) {
      const write = { ...added, expectedVersion: linked.version, chat: { chatId: f.chatId, how: 'linked' as const, at: now, ending: true } };
      await this.deps.store.write(write, this.auditEntry(viewer, 'ticket.chat_ended', linked, details), this.deps.audit);
      this.announce('updated', linked, added.ticket, viewer);
      return added.ticket;
    }
    const made = ticketFromChatEnding(f, { id: this.deps.newId(), now, sla: this.sla, ...this.wording() });
    const write = { ...made, chat: { chatId: f.chatId, how: 'ending' as const, at: now, ending: true } };
    await this.deps.store.write(write, this.auditEntry(viewer, 'ticket.created', made.ticket, details), this.deps.audit);
    this.announce('created', undefined, made.ticket, viewer);
    return made.ticket;
  }

  /**
   * A voicemail kept as a ticket (voicemail.ts says how), stored with the message's flip to
   * `ticketed`: CONFLICT when it was kept already (voicemail-tickets.ts treats that as done).
   */
  async keepVoicemail(f: VoicemailFacts): Promise<Ticket> {
    const made = ticketFromVoicemail(f, { id: this.deps.newId(), now: this.deps.clock.now(), sla: this.sla, ...this.wording() });
    const by = voicemailAuthor(f);
    const audit = { actorId: by, action: 'ticket.created', target: `ticket:${made.ticket.id}`, details: { messageId: f.messageId, callId: f.callId } };
    await this.deps.store.write({ ...made, voicemail: { messageId: f.messageId } }, audit, this.deps.audit);
    this.announce('created', undefined, made.ticket, { userId: by, agentId: null, seesAll: false, teamIds: [], canClose: false });
    return made.ticket;
  }

  private wording(): { wording?: TicketWording } {
    return this.deps.wording ? { wording: this.deps.wording } : {};
  }

  /** The voicemail the ticket was made from, when the viewer sees the ticket (the route checks the right to hear it). */
  async voicemail(id: string, viewer: TicketViewer): Promise<TicketVoicemail> {
    await this.visible(id, viewer);
    const v = await this.deps.store.voicemailOf(id);
    if (!v) throw new AppError('NOT_FOUND', `Ticket ${id} was not made from a voicemail`, { ticketId: id });
    return v;
  }

  /** The ticket a chat was made into or linked to, when the viewer sees it (forms in chat add their answers there). */
  async ticketOfChat(chatId: string, viewer: TicketViewer): Promise<Ticket | undefined> {
    const link = await this.deps.store.chatLink(chatId);
    if (!link) return undefined;
    try {
      return await this.visible(link.ticketId, viewer);
    } catch (err) {
      // Out of the viewer's scope reads as none: its existence does not leak.
      if (err instanceof AppError && err.code === 'TICKET_NOT_FOUND') return undefined;
      throw err;
    }
  }

  /** Ties a live chat to a ticket the viewer sees: the chat's ending will be added there. */
  async linkChat(chatId: string, ticketId: string, viewer: TicketViewer): Promise<Ticket> {
    const ticket = await this.visible(ticketId, viewer);
    if (ticket.status === 'closed' || ticket.status === 'deleted') {
      throw new AppError(ticket.status === 'closed' ? 'TICKET_CLOSED' : 'TICKET_DELETED', undefined, { ticketId, problems: [{ where: '/ticketId', reason: `the ticket is ${ticket.status}` }] });
    }
    const at = this.deps.clock.now();
    const write = { ticket, history: [], expectedVersion: ticket.version, chat: { chatId, how: 'linked' as const, at, ending: false } };
    await this.deps.store.write(write, this.auditEntry(viewer, 'ticket.chat_linked', ticket, { chatId }), this.deps.audit);
    return ticket;
  }

  async get(id: string, viewer: TicketViewer): Promise<TicketDetail> {
    const ticket = await this.visible(id, viewer);
    const { store } = this.deps;
    const [replies, history, attachments, voicemail, leftMessage] = await Promise.all([store.replies(id), store.history(id), store.attachments(id), store.voicemailOf(id), store.leftMessageOf(id)]);
    return {
      ticket,
      replies,
      history,
      attachments: attachments.map((a) => ({ ...viewOf(a), replyId: a.replyId, at: a.createdAt })),
      voicemail: voicemail ? { durationMs: voicemail.durationMs } : null,
      leftMessage: leftMessage ?? null,
    };
  }

  /**
   * Adds a file to a ticket (and to one of its replies): the bytes are checked by content like a
   * chat upload, staged, and moved to their random name inside the transaction that stores the
   * row and its audit entry; whatever fails leaves no row and no file.
   */
  async attach(id: string, upload: TicketUpload, viewer: TicketViewer): Promise<AttachmentView & { replyId: string | null; at: number }> {
    const store = this.deps.attachments;
    if (!store) throw new AppError('INTERNAL', 'Attachments are not set up');
    const ticket = await this.visible(id, viewer);
    if (ticket.status === 'deleted') throw new AppError('TICKET_DELETED', undefined, { ticketId: id });
    if (upload.replyId !== undefined && !(await this.deps.store.replies(id)).some((r) => r.id === upload.replyId)) {
      throw validationError([{ where: '/replyId', reason: 'not a reply of this ticket' }]);
    }
    const checked = await checkUpload(upload, store.limits);
    const staged = await store.files.stage(upload.bytes);
    const record: AttachmentRecord = {
      id: this.deps.newId(),
      ...checked,
      storedName: store.files.newName(),
      chatId: null,
      ticketId: id,
      replyId: upload.replyId ?? null,
      uploadedBy: viewer.userId,
      createdAt: this.deps.clock.now(),
    };
    try {
      await this.deps.store.addAttachment(
        record,
        this.auditEntry(viewer, 'ticket.attachment_added', ticket, { attachmentId: record.id, kind: record.kind, contentType: record.contentType, size: record.size, name: record.name, replyId: record.replyId }),
        this.deps.audit,
        () => store.files.place(staged, record.storedName),
      );
    } catch (err) {
      await store.files.discard(staged);
      await store.files.discard(record.storedName);
      throw err;
    }
    this.announce('updated', ticket, ticket, viewer);
    return { ...viewOf(record), replyId: record.replyId, at: record.createdAt };
  }

  /** An attachment of a ticket the viewer sees. */
  async attachment(id: string, attachmentId: string, viewer: TicketViewer): Promise<AttachmentRecord> {
    await this.visible(id, viewer);
    const a = await this.deps.store.attachment(attachmentId);
    if (a?.ticketId !== id) throw new AppError('ATTACHMENT_NOT_FOUND', undefined, { attachmentId });
    return a;
  }

  /**
   * An attachment a visitor may fetch: one of a public reply of their own ticket, never one of an
   * internal reply or of the ticket itself; anything else is not found.
   */
  async visitorAttachment(visitorId: string, attachmentId: string): Promise<AttachmentRecord> {
    const a = await this.deps.store.attachment(attachmentId);
    const ticket = a?.ticketId ? await this.deps.store.find(a.ticketId) : undefined;
    const publicReply = a?.replyId && ticket ? (await this.deps.store.replies(ticket.id, 'public')).some((r) => r.id === a.replyId) : false;
    if (!a || !ticket || ticket.visitorId !== visitorId || ticket.status === 'deleted' || !publicReply) throw new AppError('ATTACHMENT_NOT_FOUND', undefined, { attachmentId });
    return a;
  }

  async list(query: TicketQuery, viewer: TicketViewer): Promise<Ticket[]> {
    const { view, overdue, limit, ...filter } = query;
    const now = this.deps.clock.now();
    const f: TicketFilter = { ...filter, limit: Math.min(Math.max(limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT) };
    if (overdue || view === 'overdue') f.overdueAt = now;
    if (view === 'mine') {
      // A user who is no agent has nothing assigned to them.
      if (viewer.agentId === null) return [];
      f.assigneeId = viewer.agentId;
    } else if (view === 'unassigned') {
      f.assigneeId = null;
    }
    if (!viewer.seesAll) f.visibleTo = { teamIds: viewer.teamIds, agentId: viewer.agentId, teamless: true };
    if (view === 'my_teams') f.visibleTo = { teamIds: viewer.teamIds, agentId: null, teamless: false };
    return this.deps.store.list(f);
  }

  async update(id: string, patch: TicketPatch, viewer: TicketViewer): Promise<Ticket> {
    const before = await this.visible(id, viewer);
    const team = patch.teamId === undefined ? before.teamId : patch.teamId;
    const assignee = patch.assigneeId === undefined ? before.assigneeId : patch.assigneeId;
    if (patch.teamId !== undefined || patch.assigneeId !== undefined) checkPlacement(viewer, team, assignee, this.deps.membersOf);
    await this.checkReferences(patch);
    const changed = applyPatch(before, patch, this.actor(viewer), this.deps.clock.now(), this.sla);
    if (changed.history.length === 0) return before;
    await this.save(before, changed, viewer, 'ticket.updated', { fields: changed.history.map((h) => h.field) });
    this.announce('updated', before, changed.ticket, viewer);
    return changed.ticket;
  }

  async transition(id: string, to: TicketStatus, viewer: TicketViewer, reason?: string): Promise<Ticket> {
    const before = await this.visible(id, viewer);
    const changed = applyTransition(before, to, this.actor(viewer), this.deps.clock.now(), reason);
    await this.save(before, changed, viewer, `ticket.${to === 'deleted' ? 'deleted' : 'transitioned'}`, { from: before.status, to, ...(reason ? { reason } : {}) });
    this.announce('transitioned', before, changed.ticket, viewer);
    this.tellVisitor(changed.ticket);
    return changed.ticket;
  }

  async reply(id: string, input: { visibility: ReplyVisibility; body: string }, viewer: TicketViewer): Promise<TicketReply> {
    const before = await this.visible(id, viewer);
    const out = addReply(before, input, this.actor(viewer), { id: this.deps.newId(), now: this.deps.clock.now() });
    await this.deps.store.write(
      { ticket: out.ticket, history: out.history, reply: out.reply, expectedVersion: before.version },
      this.auditEntry(viewer, 'ticket.replied', before, { replyId: out.reply.id, visibility: out.reply.visibility }),
      this.deps.audit,
    );
    this.announce('replied', before, out.ticket, viewer, { id: out.reply.id, visibility: out.reply.visibility });
    // An internal reply changes nothing the visitor sees: it is not even mentioned to them.
    if (out.reply.visibility === 'public') this.tellVisitor(out.ticket, { id: out.reply.id, body: out.reply.body, at: out.reply.at });
    return out.reply;
  }

  /**
   * What a chat visitor may see: their own tickets (by visitor id) with public replies only. The
   * internal ones are never read for this, so no later filter can forget to drop them.
   */
  async forVisitor(visitorId: string): Promise<VisitorTicketView[]> {
    const tickets = await this.deps.store.list({ visitorId, limit: MAX_LIMIT });
    return Promise.all(
      tickets.map(async (t) => {
        const attachments = await this.deps.store.attachments(t.id);
        return {
          id: t.id,
          subject: t.subject,
          status: t.status,
          createdAt: t.createdAt,
          updatedAt: t.updatedAt,
          // Only the body, time and files: who wrote it stays inside the center. A file joins only its (public) reply.
          replies: (await this.deps.store.replies(t.id, 'public')).map((r) => ({ id: r.id, body: r.body, at: r.at, attachments: attachments.filter((a) => a.replyId === r.id).map(viewOf) })),
        };
      }),
    );
  }

  /**
   * Changes of the visitor's own tickets while their widget is open (ticket_update frames): a
   * public reply and each new status; nothing of a deleted ticket, never an internal reply.
   */
  watchVisitor(visitorId: string, listener: (change: VisitorTicketChange) => void): () => void {
    return this.visitorFeed.watch(visitorId, listener);
  }

  private tellVisitor(t: Ticket, reply?: VisitorTicketChange['reply']): void {
    if (t.visitorId === null || t.status === 'deleted') return;
    this.visitorFeed.publish(t.visitorId, { ticketId: t.id, subject: t.subject, status: t.status, updatedAt: t.updatedAt, ...(reply ? { reply } : {}) });
  }

  private async save(before: Ticket, changed: Changed, viewer: TicketViewer, action: string, details: Record<string, unknown>): Promise<void> {
    await this.deps.store.write({ ticket: changed.ticket, history: changed.history, expectedVersion: before.version }, this.auditEntry(viewer, action, before, details), this.deps.audit);
  }

  private async visible(id: string, viewer: TicketViewer): Promise<Ticket> {
    const t = await this.deps.store.find(id);
    if (!t || !ticketVisibleTo(viewer, t)) throw new AppError('TICKET_NOT_FOUND', `No ticket ${id}`, { ticketId: id });
    return t;
  }

  /** Every id the input names must exist: a ticket pointing nowhere is refused, nothing stored. */
  private async checkReferences(input: { customerId?: string | null; assigneeId?: string | null; teamId?: string | null }): Promise<void> {
    const refs = this.deps.references;
    if (!refs) return;
    const problems: FieldProblem[] = [];
    if (input.customerId && !(await refs.customerExists(input.customerId))) problems.push({ where: '/customerId', reason: 'no such customer' });
    if (input.assigneeId && !(await refs.agentExists(input.assigneeId))) problems.push({ where: '/assigneeId', reason: 'no such agent' });
    if (input.teamId && !(await refs.teamExists(input.teamId))) problems.push({ where: '/teamId', reason: 'no such team' });
    if (problems.length > 0) throw validationError(problems);
  }

  private actor(v: TicketViewer): { userId: string; canClose: boolean } {
    return { userId: v.userId, canClose: v.canClose };
  }

  private auditEntry(v: TicketViewer, action: string, t: Ticket, details: Record<string, unknown>) {
    return { actorId: v.userId, action, target: `ticket:${t.id}`, details, ...(v.ip ? { ip: v.ip } : {}) };
  }

  private announce(change: EventOf<'ticket.changed'>['change'], before: Ticket | undefined, after: Ticket, viewer: TicketViewer, reply?: EventOf<'ticket.changed'>['reply']): void {
    this.deps.events.publish({
      type: 'ticket.changed',
      at: this.deps.clock.now(),
      scope: changeAudience([before, after], this.deps.membersOf),
      ticketId: after.id,
      change,
      status: after.status,
      assigneeId: after.assigneeId,
      teamId: after.teamId,
      by: viewer.userId,
      ...(reply ? { reply } : {}),
    });
  }
}

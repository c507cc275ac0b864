/** Tickets, their replies and history in the database (sql/070_tickets.sql; voicemail's link sql/099). */
import type { Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { AttachmentRecord } from '../../attachments/ports.js';
import { AppError } from '../../core/errors.js';
import { attachmentRow, toAttachment } from '../chat/chat-store.js';
import type { ReplyVisibility, Ticket, TicketHistoryEntry, TicketPriority, TicketReply, TicketStatus, TrackedField } from '../../tickets/model.js';
import type { TemplateField, TemplateName } from '../../tickets/leave-message-template.js';
import type { ChatTicketLink, TicketFilter, TicketLeftMessage, TicketStore, TicketVoicemail, TicketWrite } from '../../tickets/ports.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import { epochMs } from '../config/repo-deps.js';
import type { Database } from '../schema.js';
import type { TicketHistoryTable, TicketRepliesTable, TicketsTable } from '../tables/tickets.js';

const WORKING: TicketStatus[] = ['new', 'open', 'pending'];

function toTicket(r: TicketsTable): Ticket {
  return {
    id: r.id,
    subject: r.subject,
    description: r.description,
    status: r.status as TicketStatus,
    priority: r.priority as TicketPriority,
    customerId: r.customer_id,
    visitorId: r.visitor_id,
    assigneeId: r.assignee_id,
    teamId: r.team_id,
    createdBy: r.created_by,
    createdAt: epochMs(r.created_at),
    updatedAt: epochMs(r.updated_at),
    dueAt: epochMs(r.due_at),
    deletedReason: r.deleted_reason,
    version: r.version,
  };
}

function toRow(t: Ticket): TicketsTable {
  return {
    id: t.id,
    subject: t.subject,
    description: t.description,
    status: t.status,
    priority: t.priority,
    customer_id: t.customerId,
    visitor_id: t.visitorId,
    assignee_id: t.assigneeId,
    team_id: t.teamId,
    created_by: t.createdBy,
    created_at: new Date(t.createdAt),
    updated_at: new Date(t.updatedAt),
    due_at: new Date(t.dueAt),
    deleted_reason: t.deletedReason,
    version: t.version,
  };
}

function toReply(r: Omit<TicketRepliesTable, 'seq'>): TicketReply {
  return { id: r.id, ticketId: r.ticket_id, visibility: r.visibility as ReplyVisibility, body: r.body, authorId: r.author_id, at: epochMs(r.at) };
}

function toEntry(r: Omit<TicketHistoryTable, 'seq'>): TicketHistoryEntry {
  return { ticketId: r.ticket_id, at: epochMs(r.at), by: r.by_user, field: r.field as TrackedField, from: r.from_value, to: r.to_value };
}

export class TicketsRepo implements TicketStore {
  constructor(private readonly db: Kysely<Database>) {}

  async write(change: TicketWrite, entry: AuditEntry, log: AuditLog): Promise<void> {
    const { ticket } = change;
    await transactWithAudit(this.db, log, async (trx, audit) => {
      if (change.expectedVersion === undefined) {
        await trx.insertInto('tickets').values(toRow(ticket)).execute();
      } else {
        const { id: _id, created_at: _c, created_by: _b, ...fields } = toRow(ticket);
        const result = await trx
          .updateTable('tickets')
          .set(fields)
          .where('id', '=', ticket.id)
          .where('version', '=', change.expectedVersion)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) {
          throw new AppError('CONFLICT', 'The ticket was changed meanwhile: read it again', { ticketId: ticket.id, expectedVersion: change.expectedVersion });
        }
      }
      if (change.reply) {
        const r = change.reply;
        await trx.insertInto('ticket_replies').values({ id: r.id, ticket_id: r.ticketId, visibility: r.visibility, body: r.body, author_id: r.authorId, at: new Date(r.at) }).execute();
      }
      if (change.leftMessage) {
        const m = change.leftMessage;
        await trx
          .insertInto('left_messages')
          .values({ visitor_id: m.visitorId, client_id: m.clientId, ticket_id: ticket.id, template_id: m.templateId, fields: JSON.stringify(m.fields), at: new Date(m.at) })
          .execute();
      }
      if (change.chat) {
        const c = change.chat;
        const at = new Date(c.at);
        // Linking: a new tie, or the chat moves to another ticket while it lasts. Ending: applied
        // once; a tie already done refuses the whole change (the ending's ticket exists).
        const result = await trx
          .insertInto('chat_tickets')
          .values({ chat_id: c.chatId, ticket_id: ticket.id, how: c.how, linked_at: at, done_at: c.ending ? at : null })
          .onConflict((oc) =>
            oc
              .column('chat_id')
              .doUpdateSet({ ticket_id: ticket.id, how: c.how, ...(c.ending ? { done_at: at } : {}) })
              .where('chat_tickets.done_at', 'is', null),
          )
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) {
          throw new AppError('CONFLICT', 'The chat was already kept as a ticket', { chatId: c.chatId, ticketId: ticket.id });
        }
      }
      if (change.voicemail) {
        const result = await trx
          .updateTable('ivr_messages')
          .set({ status: 'ticketed', ticket_id: ticket.id })
          .where('id', '=', change.voicemail.messageId)
          .where('status', '=', 'new')
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) {
          throw new AppError('CONFLICT', 'The voicemail was already made into a ticket', { messageId: change.voicemail.messageId, ticketId: ticket.id });
        }
      }
      if (change.history.length > 0) {
        await trx
          .insertInto('ticket_history')
          .values(change.history.map((h) => ({ ticket_id: h.ticketId, at: new Date(h.at), by_user: h.by, field: h.field, from_value: h.from, to_value: h.to })))
          .execute();
      }
      await audit.record(entry);
    });
  }

  async chatLink(chatId: string): Promise<ChatTicketLink | undefined> {
    const row = await this.db.selectFrom('chat_tickets').select(['chat_id', 'ticket_id', 'how', 'done_at']).where('chat_id', '=', chatId).executeTakeFirst();
    return row ? { chatId: row.chat_id, ticketId: row.ticket_id, how: row.how === 'linked' ? 'linked' : 'ending', doneAt: row.done_at === null ? null : row.done_at.getTime() } : undefined;
  }

  async voicemailOf(ticketId: string): Promise<TicketVoicemail | undefined> {
    const row = await this.db.selectFrom('ivr_messages').select(['id', 'recording_name', 'duration_ms']).where('ticket_id', '=', ticketId).executeTakeFirst();
    return row ? { messageId: row.id, recordingName: row.recording_name, durationMs: row.duration_ms } : undefined;
  }

  async leftMessageOf(ticketId: string): Promise<TicketLeftMessage | undefined> {
    const row = await this.db
      .selectFrom('left_messages as m')
      .leftJoin('leave_message_templates as t', 't.id', 'm.template_id')
      .select(['m.template_id', 'm.fields', 't.name as template_name', 't.fields as template_fields'])
      .where('m.ticket_id', '=', ticketId)
      .executeTakeFirst();
    if (!row) return undefined;
    // Both jsonb, checked before they were stored (leave-message.ts, leave-message-template.ts).
    const templateFields = (row.template_fields ?? []) as TemplateField[];
    const labelOf = new Map(templateFields.map((f) => [f.name, f.label]));
    const order = new Map(templateFields.map((f, i) => [f.name, i]));
    const values = Object.entries(row.fields).sort(([a], [b]) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : 1));
    return {
      templateId: row.template_id,
      templateName: (row.template_name as TemplateName | null) ?? null,
      fields: values.map(([name, value]) => ({ name, label: labelOf.get(name) ?? null, value })),
    };
  }

  async addAttachment(a: AttachmentRecord, entry: AuditEntry, log: AuditLog, beforeCommit: () => Promise<void>): Promise<void> {
    await transactWithAudit(this.db, log, async (trx, audit) => {
      await trx.insertInto('attachments').values(attachmentRow(a)).execute();
      await audit.record(entry);
      await beforeCommit();
    });
  }

  async attachments(ticketId: string): Promise<AttachmentRecord[]> {
    const rows = await this.db.selectFrom('attachments').selectAll().where('ticket_id', '=', ticketId).orderBy('seq').execute();
    return rows.map(toAttachment);
  }

  async attachment(id: string): Promise<AttachmentRecord | undefined> {
    const r = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).where('ticket_id', 'is not', null).executeTakeFirst();
    return r && toAttachment(r);
  }

  async find(id: string): Promise<Ticket | undefined> {
    const row = await this.db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTicket(row) : undefined;
  }

  async list(f: TicketFilter): Promise<Ticket[]> {
    let q = this.db.selectFrom('tickets').selectAll();
    q = f.status?.length ? q.where('status', 'in', f.status) : q.where('status', '!=', 'deleted');
    if (f.priority?.length) q = q.where('priority', 'in', f.priority);
    if (f.assigneeId === null) q = q.where('assignee_id', 'is', null);
    else if (f.assigneeId !== undefined) q = q.where('assignee_id', '=', f.assigneeId);
    if (f.teamId !== undefined) q = q.where('team_id', '=', f.teamId);
    if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
    if (f.visitorId !== undefined) q = q.where('visitor_id', '=', f.visitorId);
    if (f.overdueAt !== undefined) q = q.where('due_at', '<', new Date(f.overdueAt)).where('status', 'in', WORKING);
    const scope = f.visibleTo;
    if (scope) {
      q = q.where((eb) => {
        const ors = [];
        if (scope.teamIds.length > 0) ors.push(eb('team_id', 'in', scope.teamIds));
        if (scope.agentId !== null) ors.push(eb('assignee_id', '=', scope.agentId));
        if (scope.teamless) ors.push(eb('team_id', 'is', null));
        return ors.length > 0 ? eb.or(ors) : eb.val(false);
      });
    }
    const before = f.before;
    if (before) {
      const at = new Date(before.createdAt);
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', before.id)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map(toTicket);
  }

  async replies(ticketId: string, visibility?: ReplyVisibility): Promise<TicketReply[]> {
    let q = this.db.selectFrom('ticket_replies').select(['id', 'ticket_id', 'visibility', 'body', 'author_id', 'at']).where('ticket_id', '=', ticketId);
    if (visibility) q = q.where('visibility', '=', visibility);
    return (await q.orderBy('seq').execute()).map(toReply);
  }

  async history(ticketId: string): Promise<TicketHistoryEntry[]> {
    const rows = await this.db
      .selectFrom('ticket_history')
      .select(['ticket_id', 'at', 'by_user', 'field', 'from_value', 'to_value'])
      .where('ticket_id', '=', ticketId)
      .orderBy('seq')
      .execute();
    return rows.map(toEntry);
  }
}

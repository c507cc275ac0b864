/**
 * Every change to a ticket as a pure function: the new ticket and the history entries that
 * describe it (one per field that really changed). The service stores both in one unit of work, so
 * the history is never behind the ticket.
 */
import { AppError, type FieldProblem, validationError } from '../core/errors.js';
import type {
  NewTicketInput,
  ReplyVisibility,
  Ticket,
  TicketActor,
  TicketHistoryEntry,
  TicketPatch,
  TicketReply,
  TicketStatus,
  TrackedField,
} from './model.js';
import { DEFAULT_SLA, dueAt, type SlaPolicy } from './sla.js';
import { checkTransition } from './ticket-state.js';

export const SUBJECT_MAX = 200;
export const TEXT_MAX = 20_000;

export interface Changed {
  ticket: Ticket;
  history: TicketHistoryEntry[];
}

export function createTicket(input: NewTicketInput, ctx: { id: string; now: number; by: string; sla?: SlaPolicy }): Changed {
  checkText('/subject', input.subject, SUBJECT_MAX, true);
  checkText('/description', input.description ?? '', TEXT_MAX, false);
  const priority = input.priority ?? 'normal';
  const ticket: Ticket = {
    id: ctx.id,
    subject: input.subject.trim(),
    description: input.description ?? '',
    status: 'new',
    priority,
    customerId: input.customerId ?? null,
    visitorId: input.visitorId ?? null,
    assigneeId: input.assigneeId ?? null,
    teamId: input.teamId ?? null,
    createdBy: ctx.by,
    createdAt: ctx.now,
    updatedAt: ctx.now,
    dueAt: dueAt(ctx.now, priority, ctx.sla ?? DEFAULT_SLA),
    deletedReason: null,
    version: 1,
  };
  return { ticket, history: [entry(ticket.id, ctx.now, ctx.by, 'status', null, 'new')] };
}

export function applyPatch(before: Ticket, patch: TicketPatch, actor: TicketActor, now: number, sla: SlaPolicy = DEFAULT_SLA): Changed {
  refuseFinished(before);
  if (patch.subject !== undefined) checkText('/subject', patch.subject, SUBJECT_MAX, true);
  if (patch.description !== undefined) checkText('/description', patch.description, TEXT_MAX, false);
  const after: Ticket = { ...before };
  if (patch.subject !== undefined) after.subject = patch.subject.trim();
  if (patch.description !== undefined) after.description = patch.description;
  if (patch.priority !== undefined) {
    after.priority = patch.priority;
    after.dueAt = dueAt(before.createdAt, patch.priority, sla);
  }
  if (patch.customerId !== undefined) after.customerId = patch.customerId;
  if (patch.assigneeId !== undefined) after.assigneeId = patch.assigneeId;
  if (patch.teamId !== undefined) after.teamId = patch.teamId;
  const history = diff(before, after, actor.userId, now);
  if (history.length > 0) {
    after.updatedAt = now;
    after.version = before.version + 1;
  }
  return { ticket: after, history };
}

export function applyTransition(before: Ticket, to: TicketStatus, actor: TicketActor, now: number, reason?: string): Changed {
  checkTransition(before.status, to, { canClose: actor.canClose, ...(reason === undefined ? {} : { reason }) });
  const after: Ticket = { ...before, status: to, updatedAt: now, version: before.version + 1, deletedReason: to === 'deleted' ? (reason ?? '').trim() : before.deletedReason };
  const history = [entry(before.id, now, actor.userId, 'status', before.status, to)];
  return { ticket: after, history };
}

export function addReply(
  ticket: Ticket,
  input: { visibility: ReplyVisibility; body: string },
  actor: TicketActor,
  ctx: { id: string; now: number },
): { reply: TicketReply; ticket: Ticket; history: TicketHistoryEntry[] } {
  refuseFinished(ticket);
  checkText('/body', input.body, TEXT_MAX, true);
  const reply: TicketReply = { id: ctx.id, ticketId: ticket.id, visibility: input.visibility, body: input.body, authorId: actor.userId, at: ctx.now };
  return {
    reply,
    ticket: { ...ticket, updatedAt: ctx.now, version: ticket.version + 1 },
    history: [entry(ticket.id, ctx.now, actor.userId, 'reply', null, input.visibility)],
  };
}

/** Deleted tickets are kept for audit and closed ones are done: neither takes replies or edits. */
function refuseFinished(t: Ticket): void {
  if (t.status === 'deleted') throw new AppError('TICKET_DELETED', undefined, { ticketId: t.id });
  if (t.status === 'closed') throw new AppError('TICKET_CLOSED', undefined, { ticketId: t.id });
}

const DIFFED: readonly (keyof Ticket & TrackedField)[] = ['subject', 'description', 'priority', 'dueAt', 'customerId', 'assigneeId', 'teamId'];

function diff(before: Ticket, after: Ticket, by: string, now: number): TicketHistoryEntry[] {
  const out: TicketHistoryEntry[] = [];
  for (const f of DIFFED) {
    if (before[f] !== after[f]) out.push(entry(before.id, now, by, f, text(before[f]), text(after[f])));
  }
  return out;
}

function text(v: string | number | null): string | null {
  return v === null ? null : String(v);
}

function entry(ticketId: string, at: number, by: string, field: TrackedField, from: string | null, to: string | null): TicketHistoryEntry {
  return { ticketId, at, by, field, from, to };
}

function checkText(where: string, value: string, max: number, required: boolean): void {
  const problems: FieldProblem[] = [];
  if (required && value.trim() === '') problems.push({ where, reason: 'must not be empty' });
  if (value.length > max) problems.push({ where, reason: `is longer than ${max} characters` });
  if (problems.length > 0) throw validationError(problems);
}

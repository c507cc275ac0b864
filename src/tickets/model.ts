/**
 * Tickets (issue 13): a customer's request that outlives a call or a chat. The model is plain
 * data; the state machine is in ticket-state.ts, the SLA clock in sla.ts and every change (with
 * its history entries) in ticket-changes.ts.
 */

export const TICKET_STATUSES = ['new', 'open', 'pending', 'solved', 'closed', 'deleted'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

export const REPLY_VISIBILITIES = ['public', 'internal'] as const;
/** A public reply reaches the customer (widget history, webhook); an internal one never does. */
export type ReplyVisibility = (typeof REPLY_VISIBILITIES)[number];

export interface Ticket {
  id: string;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority;
  customerId: string | null;
  /** The chat visitor it came from or belongs to: that visitor sees its public replies in the widget. */
  visitorId: string | null;
  /** The agent working the ticket, if any. */
  assigneeId: string | null;
  /** The team the ticket belongs to, if any: its leads and members see it. */
  teamId: string | null;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  /** When the SLA for its priority runs out (sla.ts). */
  dueAt: number;
  /** Why it was deleted; set only on a deleted ticket, which is kept for audit. */
  deletedReason: string | null;
  /** Counts changes: a change stored over another one made meanwhile is refused (CONFLICT). */
  version: number;
}

export interface TicketReply {
  id: string;
  ticketId: string;
  visibility: ReplyVisibility;
  body: string;
  /** The user who wrote it. */
  authorId: string;
  at: number;
}

/** The fields a history entry can name: each change to one of them is one entry. */
export const TRACKED_FIELDS = ['status', 'priority', 'assigneeId', 'teamId', 'subject', 'description', 'customerId', 'dueAt', 'reply'] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

/** One change of one field: who, when, from, to (values as text; null for none). */
export interface TicketHistoryEntry {
  ticketId: string;
  at: number;
  by: string;
  field: TrackedField;
  from: string | null;
  to: string | null;
}

export interface NewTicketInput {
  subject: string;
  description?: string;
  priority?: TicketPriority;
  customerId?: string | null;
  visitorId?: string | null;
  assigneeId?: string | null;
  teamId?: string | null;
}

/** Fields an agent may change directly; status only moves through transitions. */
export interface TicketPatch {
  subject?: string;
  description?: string;
  priority?: TicketPriority;
  customerId?: string | null;
  assigneeId?: string | null;
  teamId?: string | null;
}

/** Who makes a change and whether they may close (the tickets.close permission). */
export interface TicketActor {
  userId: string;
  canClose: boolean;
}

export function isOverdue(t: Pick<Ticket, 'status' | 'dueAt'>, now: number): boolean {
  return (t.status === 'new' || t.status === 'open' || t.status === 'pending') && t.dueAt < now;
}

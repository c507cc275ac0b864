/**
 * The ticket machine's table (diagram and rules: ticket-state.ts). A file of its own without
 * imports so the tickets page offers exactly the moves the daemon allows.
 */
import type { TicketStatus } from './model.js';

export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: ['open', 'pending', 'solved', 'deleted'],
  open: ['pending', 'solved', 'deleted'],
  pending: ['open', 'solved', 'deleted'],
  solved: ['open', 'closed', 'deleted'],
  closed: ['deleted'],
  deleted: [],
};

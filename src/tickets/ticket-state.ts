/**
 * The ticket's life cycle. Every status change goes through `checkTransition`; anything the table
 * does not allow is refused with TICKET_TRANSITION and leaves the ticket as it was.
 *
 *                 ┌───────────── reopen ─────────────┐
 *                 v                                  │
 *   new ───────> open <──────> pending               │
 *    │  │         │               │                  │
 *    │  │         v               v                  │
 *    │  └──────> solved <─────────┘ ─────────────────┘
 *    │            │
 *    └─> pending  v
 *               closed                 (closing needs tickets.close)
 *
 *   new, open, pending, solved, closed ───> deleted   (reason required; kept for audit)
 *
 * - new: created, nobody has worked it yet.
 * - open: being worked. pending: waiting for the customer (back to open when they answer).
 * - solved: the agent considers it done; the customer's answer or the agent can reopen it.
 * - closed: final for work (needs tickets.close); only a deletion follows.
 * - deleted: final. The row, its replies and history stay; the reason is required.
 */
import { AppError } from '../core/errors.js';
import type { TicketStatus } from './model.js';
import { TICKET_TRANSITIONS } from './ticket-transitions.js';

export { TICKET_TRANSITIONS };

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

/**
 * Refuses what the machine does not allow. Closing also needs the permission, and deleting a
 * reason; the permission is checked first so that a user without it learns nothing more.
 */
export function checkTransition(from: TicketStatus, to: TicketStatus, opts: { canClose: boolean; reason?: string }): void {
  if (to === 'closed' && !opts.canClose) {
    throw new AppError('TICKET_CLOSE_FORBIDDEN', undefined, { problems: [{ where: '/to', reason: 'closing needs the tickets.close permission' }] });
  }
  if (from === 'deleted') throw new AppError('TICKET_DELETED', undefined, { from, to });
  if (!canTransition(from, to)) {
    throw new AppError('TICKET_TRANSITION', `A ticket cannot go from ${from} to ${to}`, { from, to, allowed: TICKET_TRANSITIONS[from] });
  }
  if (to === 'deleted' && !opts.reason?.trim()) {
    throw new AppError('VALIDATION_FAILED', '/reason: deleting a ticket needs a reason', { problems: [{ where: '/reason', reason: 'is required to delete a ticket' }] });
  }
}

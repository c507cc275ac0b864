/**
 * A `ticket_update` frame applied to the tickets list the widget shows (pure). A list not shown
 * is left alone: it is read afresh when the visitor opens it. A ticket the list does not hold yet
 * (made since the list was read) cannot be shown from one reply: the list is asked for again.
 */
import type { TicketUpdateFrame, VisitorTicket } from '../../chat/protocol.js';

export function ticketUpdated(tickets: VisitorTicket[] | undefined, frame: TicketUpdateFrame): { tickets: VisitorTicket[] | undefined; reload: boolean } {
  if (tickets === undefined) return { tickets, reload: false };
  if (!tickets.some((t) => t.id === frame.ticketId)) return { tickets, reload: true };
  const next = tickets.map((t) => {
    if (t.id !== frame.ticketId) return t;
    const reply = frame.reply;
    const replies = reply && !t.replies.some((r) => r.id === reply.id) ? [...t.replies, { ...reply, attachments: [] }] : t.replies;
    return { ...t, subject: frame.subject, status: frame.status, updatedAt: frame.updatedAt, replies };
  });
  return { tickets: next, reload: false };
}

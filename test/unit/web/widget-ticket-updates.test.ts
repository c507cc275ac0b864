import { describe, expect, it } from 'vitest';
import type { TicketUpdateFrame, VisitorTicket } from '../../../src/chat/protocol.js';
import { ticketUpdated } from '../../../src/web/widget/ticket-updates.js';

const ticket: VisitorTicket = { id: 't1', subject: 'Parcel', status: 'open', createdAt: 1, updatedAt: 2, replies: [{ id: 'r1', body: 'We asked', at: 2, attachments: [] }] };
const update = (over: Partial<TicketUpdateFrame> = {}): TicketUpdateFrame => ({ type: 'ticket_update', ticketId: 't1', subject: 'Parcel', status: 'pending', updatedAt: 3, reply: { id: 'r2', body: 'It is on its way', at: 3 }, ...over });

describe('widget tickets list, live', () => {
  it('given the list shown when a public reply arrives then the ticket gets it and its new status, once', () => {
    const once = ticketUpdated([ticket], update());
    expect(once).toEqual({ reload: false, tickets: [{ ...ticket, status: 'pending', updatedAt: 3, replies: [...ticket.replies, { id: 'r2', body: 'It is on its way', at: 3, attachments: [] }] }] });
    expect(ticketUpdated(once.tickets, update()).tickets).toEqual(once.tickets);
  });

  it('given a status change without a reply then only the progress moves', () => {
    const { reply: _reply, ...noReply } = update({ status: 'solved' });
    expect(ticketUpdated([ticket], noReply).tickets).toEqual([{ ...ticket, status: 'solved', updatedAt: 3 }]);
  });

  it('given the list not shown then nothing changes; given a ticket the list lacks then it is read again', () => {
    expect(ticketUpdated(undefined, update())).toEqual({ tickets: undefined, reload: false });
    expect(ticketUpdated([ticket], update({ ticketId: 't9' }))).toEqual({ tickets: [ticket], reload: true });
  });
});

import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { TICKET_STATUSES, type Ticket, type TicketStatus } from '../../../src/tickets/model.js';
import { addReply, applyPatch, applyTransition, createTicket } from '../../../src/tickets/ticket-changes.js';

const T0 = Date.UTC(2026, 11, 7, 9, 0, 0);
const HOUR = 3_600_000;
const closer = { userId: 'u-sup', canClose: true };
const agent = { userId: 'u-agent', canClose: false };

function ticketIn(status: TicketStatus): Ticket {
  const { ticket } = createTicket({ subject: 'Printer jams' }, { id: 't1', now: T0, by: 'u-agent' });
  return { ...ticket, status };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : 'not an AppError';
  }
}

// The whole table, written out: 'ok' or the refusal's code, for a user who may close.
const TABLE: Record<TicketStatus, Record<TicketStatus, string>> = {
  new: { new: 'TICKET_TRANSITION', open: 'ok', pending: 'ok', solved: 'ok', closed: 'TICKET_TRANSITION', deleted: 'ok' },
  open: { new: 'TICKET_TRANSITION', open: 'TICKET_TRANSITION', pending: 'ok', solved: 'ok', closed: 'TICKET_TRANSITION', deleted: 'ok' },
  pending: { new: 'TICKET_TRANSITION', open: 'ok', pending: 'TICKET_TRANSITION', solved: 'ok', closed: 'TICKET_TRANSITION', deleted: 'ok' },
  solved: { new: 'TICKET_TRANSITION', open: 'ok', pending: 'TICKET_TRANSITION', solved: 'TICKET_TRANSITION', closed: 'ok', deleted: 'ok' },
  closed: { new: 'TICKET_TRANSITION', open: 'TICKET_TRANSITION', pending: 'TICKET_TRANSITION', solved: 'TICKET_TRANSITION', closed: 'TICKET_TRANSITION', deleted: 'ok' },
  deleted: { new: 'TICKET_DELETED', open: 'TICKET_DELETED', pending: 'TICKET_DELETED', solved: 'TICKET_DELETED', closed: 'TICKET_DELETED', deleted: 'TICKET_DELETED' },
};

describe('the ticket state machine', () => {
  for (const from of TICKET_STATUSES) {
    for (const to of TICKET_STATUSES) {
      const expected = TABLE[from][to];
      it(`given a ${from} ticket when moved to ${to} then ${expected}`, () => {
        const before = ticketIn(from);
        let result: ReturnType<typeof applyTransition> | undefined;
        const code = codeOf(() => {
          result = applyTransition(before, to, closer, T0 + HOUR, 'duplicate of t0');
        });
        expect(code ?? 'ok').toBe(expected);
        if (expected === 'ok') {
          expect(result?.ticket.status).toBe(to);
          expect(result?.history).toEqual([{ ticketId: 't1', at: T0 + HOUR, by: 'u-sup', field: 'status', from, to }]);
        } else {
          expect(before.status).toBe(from);
        }
      });
    }
  }

  it('given a solved ticket when a user without tickets.close closes it then TICKET_CLOSE_FORBIDDEN', () => {
    expect(codeOf(() => applyTransition(ticketIn('solved'), 'closed', agent, T0))).toBe('TICKET_CLOSE_FORBIDDEN');
  });

  it('given an open ticket when deleted without a reason then VALIDATION_FAILED and with one the reason is kept', () => {
    expect(codeOf(() => applyTransition(ticketIn('open'), 'deleted', agent, T0, '  '))).toBe('VALIDATION_FAILED');
    expect(applyTransition(ticketIn('open'), 'deleted', agent, T0, 'spam').ticket.deletedReason).toBe('spam');
  });
});

describe('ticket changes', () => {
  it('given priorities when tickets are created then each is due after its SLA', () => {
    const due = (priority: 'low' | 'normal' | 'high' | 'urgent') => createTicket({ subject: 's', priority }, { id: 't', now: T0, by: 'u' }).ticket.dueAt - T0;
    expect([due('urgent'), due('high'), due('normal'), due('low')]).toEqual([4 * HOUR, 8 * HOUR, 24 * HOUR, 72 * HOUR]);
  });

  it('given a normal ticket when raised to urgent and assigned then one history entry per changed field and the due time moves', () => {
    const { ticket, history } = applyPatch(ticketIn('open'), { priority: 'urgent', assigneeId: 'a7', teamId: null, subject: 'Printer jams' }, agent, T0 + HOUR);
    expect(ticket.dueAt).toBe(T0 + 4 * HOUR);
    expect(history.map((h) => [h.field, h.from, h.to])).toEqual([
      ['priority', 'normal', 'urgent'],
      ['dueAt', String(T0 + 24 * HOUR), String(T0 + 4 * HOUR)],
      ['assigneeId', null, 'a7'],
    ]);
    expect(history.every((h) => h.by === 'u-agent' && h.at === T0 + HOUR)).toBe(true);
  });

  it('given a deleted ticket when replied to then TICKET_DELETED', () => {
    expect(codeOf(() => addReply(ticketIn('deleted'), { visibility: 'public', body: 'hello' }, agent, { id: 'r1', now: T0 }))).toBe('TICKET_DELETED');
  });

  it('given a closed ticket when replied to or edited then TICKET_CLOSED', () => {
    expect(codeOf(() => addReply(ticketIn('closed'), { visibility: 'internal', body: 'x' }, agent, { id: 'r1', now: T0 }))).toBe('TICKET_CLOSED');
    expect(codeOf(() => applyPatch(ticketIn('closed'), { priority: 'high' }, agent, T0))).toBe('TICKET_CLOSED');
  });

  it('given an open ticket when an internal reply is added then the reply keeps its visibility and the history names it', () => {
    const out = addReply(ticketIn('open'), { visibility: 'internal', body: 'call them back' }, agent, { id: 'r1', now: T0 + 5 });
    expect(out.reply).toMatchObject({ visibility: 'internal', authorId: 'u-agent', at: T0 + 5 });
    expect(out.history).toEqual([{ ticketId: 't1', at: T0 + 5, by: 'u-agent', field: 'reply', from: null, to: 'internal' }]);
  });

  it('given an empty subject when creating then VALIDATION_FAILED at /subject', () => {
    try {
      createTicket({ subject: ' ' }, { id: 't', now: T0, by: 'u' });
      expect.unreachable();
    } catch (err) {
      expect((err as AppError).details).toEqual({ problems: [{ where: '/subject', reason: 'must not be empty' }] });
    }
  });
});

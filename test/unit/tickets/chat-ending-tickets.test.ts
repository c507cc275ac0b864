/**
 * Chats kept as tickets over the real store: the catch-up at start keeps the endings a stopped
 * daemon left (and only agents' endings of the last days), a second start or a concurrent second
 * attempt makes no second ticket, and the rules of chat-ending.ts for a ticket the chat was tied to.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../../src/core/background-tasks.js';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus } from '../../../src/core/events.js';
import { KyselyAuditLog } from '../../../src/store/accounts/audit-repo.js';
import { KyselyChatEndingSource } from '../../../src/store/tickets/chat-ending-source.js';
import { TicketsRepo } from '../../../src/store/tickets/tickets-repo.js';
import { endingOnTicket, subjectOf, ticketFromChatEnding, transcriptOf, type ChatEndingFacts } from '../../../src/tickets/chat-ending.js';
import { ChatEndingTickets } from '../../../src/tickets/chat-ending-tickets.js';
import type { Ticket } from '../../../src/tickets/model.js';
import { TicketService } from '../../../src/tickets/ticket-service.js';
import { TEXT_MAX } from '../../../src/tickets/ticket-changes.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const DAY = 86_400_000;
let t: TestDb;
let clock: FakeClock;
let lines: LogLine[];
let background: BackgroundTasks;
let bus: InProcessEventBus;
let service: TicketService;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  for (const table of ['chat_tickets', 'ticket_history', 'ticket_replies', 'tickets', 'chat_messages', 'chats', 'chat_visitors', 'audit_log'] as const) await t.db.deleteFrom(table).execute();
  clock = new FakeClock(Date.UTC(2026, 11, 7, 9, 0));
  lines = [];
  background = new BackgroundTasks(recordingLogger(lines));
  bus = new InProcessEventBus();
  let n = 0;
  service = new TicketService({ store: new TicketsRepo(t.db), audit: new KyselyAuditLog(t.db, clock, bus), events: bus, clock, newId: () => `t-${++n}`, membersOf: () => [] });
});

async function endedChat(id: string, opts: { outcome: string | null; reason?: string; endReason: string; endedAt: number }): Promise<void> {
  await t.db.insertInto('chat_visitors').values({ id: `v-${id}`, token_hash: `h-${id}`, created_at: new Date(opts.endedAt - 60_000) }).execute();
  await t.db
    .insertInto('chats')
    .values({
      id,
      visitor_id: `v-${id}`,
      queue_id: 'q1',
      state: 'ended',
      agent_id: 'a1',
      visitor_name: 'Vera',
      page: '',
      created_at: new Date(opts.endedAt - 60_000),
      assigned_at: new Date(opts.endedAt - 50_000),
      ended_at: new Date(opts.endedAt),
      end_reason: opts.endReason,
      outcome: opts.outcome,
      outcome_reason: opts.reason ?? null,
      last_seq: 1,
    })
    .execute();
  await t.db.insertInto('chat_messages').values({ chat_id: id, seq: 1, author: 'visitor', agent_id: null, client_id: 'v:1', body: `question of ${id}`, at: new Date(opts.endedAt - 40_000) }).execute();
}

const keeper = () => new ChatEndingTickets({ bus, source: new KyselyChatEndingSource(t.db), tickets: service, background, clock, log: recordingLogger(lines) });
const ticketsOf = async () => (await t.db.selectFrom('chat_tickets').innerJoin('tickets', 'tickets.id', 'chat_tickets.ticket_id').select(['chat_id', 'status']).orderBy('chat_id').execute()).map((r) => [r.chat_id, r.status]);

describe('chat endings kept as tickets, over the store', () => {
  it('given endings a stopped daemon did not keep when the next one starts then the agents’ endings of the last days become tickets, once', async () => {
    const now = clock.now();
    await endedChat('c-solved', { outcome: 'solved', endReason: 'agent_ended', endedAt: now - 3_600_000 });
    await endedChat('c-spam', { outcome: 'spam', reason: 'ads', endReason: 'agent_ended', endedAt: now - 7_200_000 });
    await endedChat('c-left', { outcome: null, endReason: 'visitor_left', endedAt: now - 1_000 });
    await endedChat('c-old', { outcome: 'solved', endReason: 'agent_ended', endedAt: now - 10 * DAY });

    const first = keeper();
    first.start();
    await background.idle();
    first.stop();
    expect(await ticketsOf()).toEqual([
      ['c-solved', 'solved'],
      ['c-spam', 'deleted'],
    ]);
    // Started again (a second restart): nothing new.
    const second = keeper();
    second.start();
    await background.idle();
    second.stop();
    expect(await ticketsOf()).toHaveLength(2);
    expect(Number((await t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n)).toBe(2);
    expect(lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it('given two attempts at once (the event and the catch-up) then one ticket, and the loser is an expected outcome', async () => {
    await endedChat('c-1', { outcome: 'unresolved', endReason: 'agent_ended', endedAt: clock.now() - 1_000 });
    const k = keeper();
    const results = await Promise.all([k.keep('c-1'), k.keep('c-1'), k.keep('c-1')]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await ticketsOf()).toEqual([['c-1', 'open']]);
  });

  it('given a chat.ended event with an outcome then the ticket is made in the background; without an outcome none', async () => {
    await endedChat('c-ev', { outcome: 'solved', endReason: 'agent_ended', endedAt: clock.now() });
    await endedChat('c-none', { outcome: null, endReason: 'visitor_inactive', endedAt: clock.now() });
    const k = keeper();
    k.start();
    await background.idle();
    await t.db.deleteFrom('chat_tickets').execute();
    await t.db.deleteFrom('ticket_history').execute();
    await t.db.deleteFrom('tickets').execute();
    bus.publish({ type: 'chat.ended', at: clock.now(), scope: {}, chatId: 'c-none', queueId: 'q1', startedAt: 0, reason: 'visitor_inactive' });
    bus.publish({ type: 'chat.ended', at: clock.now(), scope: {}, chatId: 'c-ev', queueId: 'q1', startedAt: 0, reason: 'agent_ended', outcome: 'solved' });
    await background.idle();
    k.stop();
    expect(await ticketsOf()).toEqual([['c-ev', 'solved']]);
  });
});

describe('chat-ending rules', () => {
  const facts = (over: Partial<ChatEndingFacts> = {}): ChatEndingFacts => ({
    chatId: 'c9',
    visitorId: 'v9',
    visitorName: '李雷',
    agentId: 'a1',
    by: 'u-a1',
    teamId: 'team-1',
    outcome: 'solved',
    reason: null,
    endedAt: Date.UTC(2026, 11, 7, 10, 0),
    lines: [
      { author: 'system', body: 'Alice joined', at: 1 },
      { author: 'visitor', body: '  我想  修改收货地址，因为我搬家了，新的地址在上海市浦东新区世纪大道一百号，麻烦尽快处理，谢谢你们的帮助和耐心，祝你们工作顺利，身体健康，万事如意！再次感谢！我们下周还会再来购买更多的商品。', at: 2 },
    ],
    ...over,
  });

  it('given a long first message then the subject is its first 80 characters (whitespace folded), with an ellipsis', () => {
    const subject = subjectOf(facts());
    expect([...subject]).toHaveLength(80);
    expect(subject.startsWith('我想 修改收货地址')).toBe(true);
    expect(subject.endsWith('…')).toBe(true);
    expect(subjectOf(facts({ lines: [] }))).toBe('李雷');
  });

  it('given a chat longer than a ticket may hold then the transcript is cut and says so', () => {
    const long = facts({ lines: Array.from({ length: 2_000 }, (_, i) => ({ author: 'visitor' as const, body: `line ${i} ${'x'.repeat(20)}`, at: i })) });
    const text = transcriptOf(long);
    expect(text.length).toBeLessThanOrEqual(TEXT_MAX);
    expect(text.endsWith('(shortened: the whole chat is in its record)')).toBe(true);
    expect(() => ticketFromChatEnding(long, { id: 't', now: 5 })).not.toThrow();
  });

  const linked = (status: Ticket['status']): Ticket => ({
    id: 'tk',
    subject: 's',
    description: '',
    status,
    priority: 'normal',
    customerId: null,
    visitorId: null,
    assigneeId: null,
    teamId: null,
    createdBy: 'u',
    createdAt: 0,
    updatedAt: 0,
    dueAt: 10,
    deletedReason: status === 'deleted' ? 'x' : null,
    version: 3,
  });

  it('given the chat was tied to a ticket then its ending is an internal reply and the status the outcome asks, when the machine allows it', () => {
    const solved = endingOnTicket(linked('open'), facts(), { replyId: 'r', now: 7 });
    expect(solved?.ticket).toMatchObject({ status: 'solved', version: 4 });
    expect(solved?.reply).toMatchObject({ visibility: 'internal', ticketId: 'tk' });
    const spam = endingOnTicket(linked('pending'), facts({ outcome: 'spam', reason: 'ads' }), { replyId: 'r', now: 7 });
    expect(spam?.ticket.status).toBe('pending');
    expect(spam?.reply.body).toContain('spam (ads)');
    expect(endingOnTicket(linked('solved'), facts({ outcome: 'unresolved' }), { replyId: 'r', now: 7 })?.ticket.status).toBe('open');
    expect(endingOnTicket(linked('closed'), facts(), { replyId: 'r', now: 7 })).toBeUndefined();
    expect(endingOnTicket(linked('deleted'), facts(), { replyId: 'r', now: 7 })).toBeUndefined();
  });
});

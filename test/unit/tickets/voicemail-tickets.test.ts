/**
 * Voicemails made tickets over the real store: the caller's customer and the node's team, the
 * message flipped to `ticketed` with the ticket's insert (never one without the other), exactly
 * one ticket however many attempts race, and the catch-up at start for messages left `new`.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../../src/core/background-tasks.js';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import type { VoiceMessage } from '../../../src/ivr/ports.js';
import { KyselyAuditLog } from '../../../src/store/accounts/audit-repo.js';
import { IvrMessagesRepo } from '../../../src/store/ivr/call-data-repo.js';
import { KyselyVoicemailSource } from '../../../src/store/tickets/voicemail-source.js';
import { TicketsRepo } from '../../../src/store/tickets/tickets-repo.js';
import type { TicketWrite } from '../../../src/tickets/ports.js';
import { TicketService } from '../../../src/tickets/ticket-service.js';
import { VoicemailTickets } from '../../../src/tickets/voicemail-tickets.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

let t: TestDb;
let clock: FakeClock;
let lines: LogLine[];
let background: BackgroundTasks;
let bus: InProcessEventBus;
let events: DomainEvent[];
let service: TicketService;
let messages: IvrMessagesRepo;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});
beforeEach(async () => {
  for (const table of ['ivr_messages', 'ticket_history', 'ticket_replies', 'tickets', 'customer_phones', 'customers', 'teams', 'audit_log'] as const) await t.db.deleteFrom(table).execute();
  clock = new FakeClock(Date.UTC(2026, 11, 7, 9, 0));
  lines = [];
  background = new BackgroundTasks(recordingLogger(lines));
  bus = new InProcessEventBus();
  events = [];
  bus.subscribe((e) => events.push(e));
  let n = 0;
  service = new TicketService({ store: new TicketsRepo(t.db), audit: new KyselyAuditLog(t.db, clock, bus), events: bus, clock, newId: () => `t-${++n}`, membersOf: (team) => (team === 'team-sales' ? ['a-sales'] : []) });
  let m = 0;
  messages = new IvrMessagesRepo(t.db, () => `msg-${++m}`);
  const now = new Date(clock.now());
  await t.db.insertInto('teams').values({ id: 'team-sales', name: 'Sales', created_at: now, updated_at: now }).execute();
  await t.db.insertInto('customers').values({ id: 'cu-grace', name: 'Grace Hopper', level: 'standard', tags: '[]', notes: '', created_at: now, updated_at: now }).execute();
  await t.db.insertInto('customer_phones').values({ customer_id: 'cu-grace', phone: '+4930999', position: 0 }).execute();
});

function message(over: Partial<VoiceMessage> = {}): VoiceMessage {
  return { callId: 'call-1', flow: 'after-hours', mailbox: 'sales', callerNumber: '+4930999', recordingName: 'voicemail-call-1', team: 'sales', durationMs: 12_000, at: clock.now() - 60_000, variables: {}, ...over };
}

const keeper = (tickets: Pick<TicketService, 'keepVoicemail'> = service) => new VoicemailTickets({ bus, source: new KyselyVoicemailSource(t.db, recordingLogger(lines)), tickets, background, log: recordingLogger(lines) });
const statusOf = async (id: string) => (await t.db.selectFrom('ivr_messages').select(['status', 'ticket_id']).where('id', '=', id).executeTakeFirstOrThrow());
const ticketCount = async () => Number((await t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

describe('voicemails made tickets', () => {
  it('given a voicemail from a known customer’s number to a node naming a team by name when kept then the ticket names the customer and the team, and the message is ticketed with it', async () => {
    const id = await messages.createMessage(message({ callerNumber: '004930999' }));
    const ticket = await keeper().keep(id);
    expect(ticket).toMatchObject({ subject: 'Voicemail (sales) from 004930999', customerId: 'cu-grace', teamId: 'team-sales', status: 'new', createdBy: 'caller:004930999' });
    expect(ticket?.description).toContain('length: 12 s; call: call-1');
    expect(await statusOf(id)).toEqual({ status: 'ticketed', ticket_id: ticket?.id });
    expect(await new TicketsRepo(t.db).voicemailOf(ticket?.id ?? '')).toEqual({ messageId: id, recordingName: 'voicemail-call-1', durationMs: 12_000 });
    // The team's members hear of it like of any new ticket.
    expect(events.find((e) => e.type === 'ticket.changed')).toMatchObject({ change: 'created', teamId: 'team-sales', scope: { agentIds: ['a-sales'], teamIds: ['team-sales'] } });
  });

  it('given a center whose language is Chinese when a voicemail is kept then the ticket the service stores is worded in Chinese on the center zone', async () => {
    service = new TicketService({ store: new TicketsRepo(t.db), audit: new KyselyAuditLog(t.db, clock, bus), events: bus, clock, newId: () => 't-zh', membersOf: () => [], wording: { language: 'zh-CN', timeZone: 'Asia/Shanghai' } });
    const id = await messages.createMessage(message());
    const ticket = await keeper(service).keep(id);
    expect(ticket?.subject).toBe('+4930999 的语音留言（sales）');
    expect(ticket?.description).toContain('于 2026-12-07 16:59 Asia/Shanghai 留言。');
  });

  it('given an unknown number, a withheld one, or a number two customers share then the ticket names no customer; no team named or one removed since then no team', async () => {
    const now = new Date(clock.now());
    await t.db.insertInto('customers').values({ id: 'cu-twin', name: 'Twin', level: 'standard', tags: '[]', notes: '', created_at: now, updated_at: now }).execute();
    await t.db.insertInto('customer_phones').values({ customer_id: 'cu-twin', phone: '4930999', position: 0 }).execute();
    const k = keeper();
    const shared = await k.keep(await messages.createMessage(message({ team: null })));
    const unknown = await k.keep(await messages.createMessage(message({ callerNumber: '+15550100', team: 'gone-team' })));
    const withheld = await k.keep(await messages.createMessage(message({ callerNumber: '', mailbox: '' })));
    expect([shared, unknown, withheld].map((x) => [x?.customerId, x?.teamId])).toEqual([
      [null, null],
      [null, null],
      [null, 'team-sales'],
    ]);
    expect(withheld).toMatchObject({ subject: 'Voicemail from a withheld number', createdBy: 'voicemail:msg-3' });
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.obj)).toEqual([expect.objectContaining({ messageId: 'msg-2', team: 'gone-team' })]);
  });

  it('given three attempts at once (the event and the catch-up) then one ticket, and the losers are expected outcomes', async () => {
    const id = await messages.createMessage(message());
    const k = keeper();
    const results = await Promise.all([k.keep(id), k.keep(id), k.keep(id)]);
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await ticketCount()).toBe(1);
    expect((await statusOf(id)).status).toBe('ticketed');
  });

  it('given the ticket’s write fails after the message was flipped (audit refused) then neither is stored: the message stays new and the next start makes its ticket', async () => {
    const id = await messages.createMessage(message());
    const failing = new TicketService({
      store: new TicketsRepo(t.db),
      audit: { record: () => Promise.reject(new Error('disk full')) } as unknown as KyselyAuditLog,
      events: bus,
      clock,
      newId: () => 'doomed',
      membersOf: () => [],
    });
    await expect(keeper(failing).keep(id)).rejects.toThrow('disk full');
    expect(await statusOf(id)).toEqual({ status: 'new', ticket_id: null });
    expect(await ticketCount()).toBe(0);

    const next = keeper();
    next.start();
    await background.idle();
    next.stop();
    expect(await ticketCount()).toBe(1);
    expect((await statusOf(id)).status).toBe('ticketed');
  });

  it('given messages a stopped daemon left new when the next one starts then each becomes one ticket; a second start makes none', async () => {
    const ids = [await messages.createMessage(message()), await messages.createMessage(message({ callId: 'call-2' })), await messages.createMessage(message({ callId: 'call-3' }))];
    const first = keeper();
    first.start();
    await background.idle();
    first.stop();
    for (const id of ids) expect((await statusOf(id)).status).toBe('ticketed');
    const second = keeper();
    second.start();
    await background.idle();
    second.stop();
    expect(await ticketCount()).toBe(3);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('given ivr.finished naming a message then its ticket is made in the background; an IVR that ended otherwise makes none', async () => {
    const id = await messages.createMessage(message());
    const k = keeper();
    // Started with nothing waiting, so only the events below can make tickets.
    await t.db.updateTable('ivr_messages').set({ status: 'ticketed' }).execute();
    k.start();
    await background.idle();
    await t.db.updateTable('ivr_messages').set({ status: 'new' }).execute();
    bus.publish({ type: 'ivr.finished', at: clock.now(), scope: {}, callId: 'call-0', flow: 'after-hours', exit: 'hangup' });
    expect(await ticketCount()).toBe(0);
    bus.publish({ type: 'ivr.finished', at: clock.now(), scope: {}, callId: 'call-1', flow: 'after-hours', exit: 'message', messageId: id });
    await background.idle();
    k.stop();
    expect(await statusOf(id)).toMatchObject({ status: 'ticketed' });
    expect(await ticketCount()).toBe(1);
  });

  it('given a write naming a message ticketed already then CONFLICT and no ticket is stored', async () => {
    const id = await messages.createMessage(message());
    await keeper().keep(id);
    const made = (await t.db.selectFrom('tickets').selectAll().executeTakeFirstOrThrow()).id;
    const repo = new TicketsRepo(t.db);
    const ticket = { ...(await repo.find(made))!, id: 'second' };
    const write: TicketWrite = { ticket, history: [], voicemail: { messageId: id } };
    await expect(repo.write(write, { actorId: 'x', action: 'ticket.created', target: 'ticket:second', details: {} }, new KyselyAuditLog(t.db, clock, bus))).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await repo.find('second')).toBeUndefined();
  });
});

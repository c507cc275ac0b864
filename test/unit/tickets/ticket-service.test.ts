import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { AppError } from '../../../src/core/errors.js';
import { InProcessEventBus, type EventOf } from '../../../src/core/events.js';
import { KyselyAuditLog } from '../../../src/store/accounts/audit-repo.js';
import { TicketsRepo } from '../../../src/store/tickets/tickets-repo.js';
import { TicketService, type TicketViewer } from '../../../src/tickets/ticket-service.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../../src/attachments/attachment-rules.js';
import { DiskAttachmentFiles } from '../../../src/store/attachments/attachment-files.js';
import { pdf } from '../../fixtures/upload-samples.js';

const HOUR = 3_600_000;
const supervisor: TicketViewer = { userId: 'u-sup', agentId: null, seesAll: true, teamIds: [], canClose: true };
const agentA: TicketViewer = { userId: 'u-a', agentId: 'a1', seesAll: false, teamIds: ['sales'], canClose: false };
const agentB: TicketViewer = { userId: 'u-b', agentId: 'b1', seesAll: false, teamIds: ['support'], canClose: false };
const TEAMS: Record<string, string[]> = { sales: ['a1', 'a2'], support: ['b1'] };

let t: TestDb;
let clock: FakeClock;
let audit: KyselyAuditLog;
let repo: TicketsRepo;
let service: TicketService;
let events: EventOf<'ticket.changed'>[];

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
}

beforeAll(async () => {
  t = await createTestDb();
});

afterAll(async () => {
  await t.close();
});

// One database for the file (a migrated one per test costs seconds); each test starts from empty tables.
beforeEach(async () => {
  await t.db.deleteFrom('attachments').where('ticket_id', 'is not', null).execute();
  await t.db.deleteFrom('ticket_history').execute();
  await t.db.deleteFrom('ticket_replies').execute();
  await t.db.deleteFrom('tickets').execute();
  await t.db.deleteFrom('audit_log').execute();
  clock = new FakeClock();
  const bus = new InProcessEventBus();
  events = [];
  bus.subscribe((e) => {
    if (e.type === 'ticket.changed') events.push(e);
  });
  audit = new KyselyAuditLog(t.db, clock, bus);
  repo = new TicketsRepo(t.db);
  let n = 0;
  service = new TicketService({ store: repo, audit, events: bus, clock, newId: () => `id-${String(++n).padStart(3, '0')}`, membersOf: (team) => TEAMS[team] ?? [] });
});

describe('TicketService over the store', () => {
  it('given a new ticket when it is changed, replied to and solved then each change is stored with its history, its audit entry and one event', async () => {
    const created = await service.create({ subject: 'Refund', teamId: 'sales', priority: 'high' }, agentA);
    clock.advance(1000);
    await service.update(created.id, { assigneeId: 'a2', priority: 'urgent' }, agentA);
    clock.advance(1000);
    await service.reply(created.id, { visibility: 'internal', body: 'check the invoice' }, agentA);
    await service.transition(created.id, 'open', agentA);
    await service.transition(created.id, 'solved', agentA);

    const detail = await service.get(created.id, agentA);
    expect(detail.ticket).toMatchObject({ status: 'solved', priority: 'urgent', assigneeId: 'a2', dueAt: created.createdAt + 4 * HOUR, version: 5 });
    expect(detail.replies.map((r) => [r.visibility, r.body])).toEqual([['internal', 'check the invoice']]);
    expect(detail.history.map((h) => `${h.by} ${h.field}: ${h.from} -> ${h.to}`)).toEqual([
      'u-a status: null -> new',
      'u-a priority: high -> urgent',
      `u-a dueAt: ${created.createdAt + 8 * HOUR} -> ${created.createdAt + 4 * HOUR}`,
      'u-a assigneeId: null -> a2',
      'u-a reply: null -> internal',
      'u-a status: new -> open',
      'u-a status: open -> solved',
    ]);
    expect((await audit.query({ action: 'ticket.' })).map((e) => e.action).sort()).toEqual(['ticket.created', 'ticket.replied', 'ticket.transitioned', 'ticket.transitioned', 'ticket.updated']);
    expect(events.map((e) => e.change)).toEqual(['created', 'updated', 'replied', 'transitioned', 'transitioned']);
    // The sales team's members and the assignee receive it; nobody of support does.
    expect(events[1]?.scope).toEqual({ agentIds: ['a1', 'a2'], teamIds: ['sales'] });
  });

  it('given a ticket moved from one team to another when announced then the old and the new team and assignee receive it', async () => {
    const created = await service.create({ subject: 'Move me', teamId: 'sales', assigneeId: 'a2' }, supervisor);
    await service.update(created.id, { teamId: 'support', assigneeId: 'b1' }, supervisor);
    const moved = events.at(-1);
    expect(moved?.scope.teamIds?.sort()).toEqual(['sales', 'support']);
    expect(moved?.scope.agentIds?.sort()).toEqual(['a1', 'a2', 'b1']);
    expect(moved).toMatchObject({ change: 'updated', teamId: 'support', assigneeId: 'b1', by: 'u-sup' });
  });

  it('given a solved ticket when an agent without tickets.close closes it then TICKET_CLOSE_FORBIDDEN and nothing is stored or announced', async () => {
    const created = await service.create({ subject: 'Refund', teamId: 'sales' }, agentA);
    await service.transition(created.id, 'solved', agentA);
    const historyBefore = await repo.history(created.id);
    const eventsBefore = events.length;

    expect(await code(service.transition(created.id, 'closed', agentA))).toBe('TICKET_CLOSE_FORBIDDEN');
    expect((await repo.find(created.id))?.status).toBe('solved');
    expect(await repo.history(created.id)).toEqual(historyBefore);
    expect(events.length).toBe(eventsBefore);

    expect(await code(service.transition(created.id, 'closed', supervisor))).toBe('ok');
    expect((await repo.find(created.id))?.status).toBe('closed');
  });

  it('given a deleted ticket when replied to then TICKET_DELETED and the ticket keeps its reason, replies and history', async () => {
    const created = await service.create({ subject: 'Spam' }, agentA);
    await service.reply(created.id, { visibility: 'public', body: 'hello' }, agentA);
    await service.transition(created.id, 'deleted', agentA, 'spam');
    expect(await code(service.reply(created.id, { visibility: 'public', body: 'again' }, agentA))).toBe('TICKET_DELETED');
    const detail = await service.get(created.id, supervisor);
    expect(detail.ticket.deletedReason).toBe('spam');
    expect(detail.replies.map((r) => r.body)).toEqual(['hello']);
    // Deleted tickets leave the ordinary lists but are found by status.
    expect((await service.list({}, supervisor)).map((x) => x.id)).toEqual([]);
    expect((await service.list({ status: ['deleted'] }, supervisor)).map((x) => x.id)).toEqual([created.id]);
  });

  it('given a change computed from an old version when stored then CONFLICT and the newer change stays', async () => {
    const created = await service.create({ subject: 'Race' }, supervisor);
    await service.update(created.id, { priority: 'low' }, supervisor);
    const stale = { ...created, priority: 'high' as const, version: created.version + 1 };
    expect(await code(repo.write({ ticket: stale, history: [], expectedVersion: created.version }, { action: 'test' }, audit))).toBe('CONFLICT');
    expect((await repo.find(created.id))?.priority).toBe('low');
  });

  it('given tickets of two teams when agents list and read them then each sees their team, their own and team-less ones only', async () => {
    const sales = await service.create({ subject: 'S', teamId: 'sales' }, supervisor);
    const support = await service.create({ subject: 'T', teamId: 'support' }, supervisor);
    const pool = await service.create({ subject: 'P' }, supervisor);
    const assigned = await service.create({ subject: 'X', teamId: 'support', assigneeId: 'a1' }, supervisor);
    const ids = async (v: TicketViewer) => (await service.list({}, v)).map((x) => x.id).sort();
    expect(await ids(agentA)).toEqual([sales.id, pool.id, assigned.id].sort());
    expect(await ids(agentB)).toEqual([support.id, pool.id, assigned.id].sort());
    expect(await code(service.get(support.id, agentA))).toBe('TICKET_NOT_FOUND');
    expect(await code(service.update(support.id, { priority: 'low' }, agentA))).toBe('TICKET_NOT_FOUND');
    expect(await code(service.create({ subject: 'Y', teamId: 'support' }, agentA))).toBe('FORBIDDEN');
    expect(await code(service.create({ subject: 'Y', teamId: 'sales', assigneeId: 'b1' }, agentA))).toBe('FORBIDDEN');
  });

  it('given tickets in several states when the saved views are asked then mine, my teams, unassigned and overdue each list theirs', async () => {
    const mine = await service.create({ subject: 'mine', teamId: 'sales', assigneeId: 'a1', priority: 'urgent' }, supervisor);
    const teams = await service.create({ subject: 'team', teamId: 'sales', assigneeId: 'a2', priority: 'low' }, supervisor);
    const pool = await service.create({ subject: 'pool', priority: 'low' }, supervisor);
    const solved = await service.create({ subject: 'solved', teamId: 'sales', priority: 'urgent' }, supervisor);
    await service.transition(solved.id, 'solved', supervisor);
    clock.advance(5 * HOUR);
    const view = async (v: 'mine' | 'my_teams' | 'unassigned' | 'overdue') => (await service.list({ view: v }, agentA)).map((x) => x.subject).sort();
    expect(await view('mine')).toEqual([mine.subject]);
    expect(await view('my_teams')).toEqual([mine.subject, solved.subject, teams.subject].sort());
    expect(await view('unassigned')).toEqual([pool.subject, solved.subject].sort());
    // Only the urgent one still being worked is past its 4 hours.
    expect(await view('overdue')).toEqual([mine.subject]);
    expect(await service.list({ view: 'mine' }, supervisor)).toEqual([]);
  });

  it('given seven tickets when paged three at a time with the last row as the key then every ticket comes once, newest first', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      made.push((await service.create({ subject: `t${i}`, priority: i % 2 ? 'high' : 'low' }, supervisor)).id);
      if (i % 3 === 0) clock.advance(1); // some share a creation time: the id breaks the tie
    }
    const seen: string[] = [];
    let before: { createdAt: number; id: string } | undefined;
    for (;;) {
      const page = await service.list({ limit: 3, ...(before ? { before } : {}) }, supervisor);
      seen.push(...page.map((x) => x.id));
      const last = page.at(-1);
      if (page.length < 3 || !last) break;
      before = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toEqual([...made].reverse());
    expect((await service.list({ priority: ['high'] }, supervisor)).length).toBe(3);
  });

  it('given a visitor ticket with public and internal replies when the visitor asks then only the public replies of their own tickets come back', async () => {
    const own = await service.create({ subject: 'Order late', visitorId: 'v1' }, agentA);
    await service.create({ subject: 'Other visitor', visitorId: 'v2' }, agentA);
    await service.reply(own.id, { visibility: 'public', body: 'We are on it' }, agentA);
    await service.reply(own.id, { visibility: 'internal', body: 'customer is difficult' }, agentA);
    const seen = await service.forVisitor('v1');
    expect(seen.map((s) => s.subject)).toEqual(['Order late']);
    expect(seen[0]?.replies).toEqual([{ id: expect.any(String), body: 'We are on it', at: clock.now(), attachments: [] }]);
  });
});

describe('ticket attachments in the service', () => {
  it('given the file cannot be moved into place when a file is attached then no row, no audit entry and no file are left', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-ticket-files-'));
    try {
      const files = new DiskAttachmentFiles(dir);
      const failing = Object.assign(Object.create(files) as DiskAttachmentFiles, { place: async () => Promise.reject(new Error('disk full')) });
      let n = 100;
      const make = (f: DiskAttachmentFiles) =>
        new TicketService({ store: repo, audit, events: new InProcessEventBus(), clock, newId: () => `id-${++n}`, membersOf: () => [], attachments: { files: f, limits: DEFAULT_ATTACHMENT_LIMITS } });
      const ticket = await make(files).create({ subject: 'Invoice' }, agentA);
      const auditBefore = (await t.db.selectFrom('audit_log').select('id').execute()).length;
      await expect(make(failing).attach(ticket.id, { kind: 'file', name: 'a.pdf', bytes: pdf() }, agentA)).rejects.toThrow('disk full');
      expect(await t.db.selectFrom('attachments').select('id').where('ticket_id', '=', ticket.id).execute()).toEqual([]);
      expect((await t.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore);
      expect(await files.list()).toEqual({ stored: [], staged: [] });
      // The same file goes through with a working store: one row, one file.
      const added = await make(files).attach(ticket.id, { kind: 'file', name: 'a.pdf', bytes: pdf() }, agentA);
      expect(added).toMatchObject({ kind: 'file', contentType: 'application/pdf', replyId: null });
      expect((await files.list()).stored).toHaveLength(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

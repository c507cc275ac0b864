/**
 * Chat records over HTTP on the full test app (issue 14): who sees which ended chats, every filter,
 * keyset paging without gap or duplicate, the transcript within the same reach, the CSV export and
 * bad input. Chats are stored as the chat service stores them (rows of sql/054 and 059).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrincipalLinks } from '../../../src/accounts/ports.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

interface Seed {
  id: string;
  agent: string | null;
  queue: string;
  at: number;
  seconds: number;
  visitor?: string;
  endReason?: string;
  outcome?: string | null;
  reason?: string;
  tags?: string[];
  messages?: number;
}

const CHATS: Seed[] = [
  { id: 'ch1', agent: 'aIn', queue: 'sales', at: T0, seconds: 300, visitor: '王小明', endReason: 'agent_ended', outcome: 'solved', tags: ['vip', 'refund'], messages: 3 },
  { id: 'ch2', agent: 'aIn2', queue: 'support', at: T0 + MIN, seconds: 30, visitor: 'Anna 50% off', endReason: 'visitor_left', outcome: null, tags: ['refund'] },
  { id: 'ch3', agent: 'aOut', queue: 'sales', at: T0 + 2 * MIN, seconds: 900, visitor: 'Bob', endReason: 'agent_ended', outcome: 'spam', reason: 'ads', tags: ['vip'] },
  { id: 'ch4', agent: null, queue: 'support', at: T0 + 3 * MIN, seconds: 120, visitor: 'Carol', endReason: 'no_agent', outcome: null },
  { id: 'ch5', agent: 'aIn', queue: 'support', at: T0 + DAY, seconds: 60, visitor: 'Dan', endReason: 'agent_ended', outcome: 'unresolved' },
];

let t: TestApp;
const links = new Map<string, { agentId?: string; ledTeamIds: string[] }>();
const principalLinks: PrincipalLinks = { linksFor: async (userId) => links.get(userId) ?? { ledTeamIds: [] } };
let sup: AuthHeaders;
let lead: AuthHeaders;
let agentIn: AuthHeaders;

async function seed(db: TestApp['db']): Promise<void> {
  await sql`insert into chat_visitors (id, token_hash, created_at) values ('v1', 'h1', now())`.execute(db);
  for (const c of CHATS) {
    await sql`insert into chats (id, visitor_id, queue_id, state, agent_id, visitor_name, created_at, assigned_at, ended_at, end_reason, outcome, outcome_reason, last_seq)
      values (${c.id}, 'v1', ${c.queue}, 'ended', ${c.agent}, ${c.visitor ?? ''}, ${new Date(c.at)}, ${c.agent ? new Date(c.at + 5_000) : null}, ${new Date(c.at + c.seconds * 1000)},
        ${c.endReason ?? 'agent_ended'}, ${c.outcome ?? null}, ${c.reason ?? null}, ${c.messages ?? 0})`.execute(db);
    for (const [i, tag] of (c.tags ?? []).entries()) {
      await sql`insert into chat_tags (chat_id, tag, position, added_by, added_at) values (${c.id}, ${tag}, ${i}, 'u', now())`.execute(db);
    }
    for (let seq = 1; seq <= (c.messages ?? 0); seq += 1) {
      await sql`insert into chat_messages (chat_id, seq, author, body, at) values (${c.id}, ${seq}, ${seq % 2 ? 'visitor' : 'agent'}, ${`message ${seq} 你好`}, ${new Date(c.at + seq * 1000)})`.execute(db);
    }
  }
  // A chat under way is not a record yet.
  await sql`insert into chats (id, visitor_id, queue_id, state, agent_id, visitor_name, created_at) values ('live', 'v1', 'sales', 'active', 'aIn', 'Eve', ${new Date(T0 + 4 * MIN)})`.execute(db);
}

beforeAll(async () => {
  t = await createTestApp({ links: principalLinks });
  const acd = t.deps.contactCenter.acd;
  acd.upsertAgentProfile({ id: 'aIn', skills: {}, teamIds: ['tA'] });
  acd.upsertAgentProfile({ id: 'aIn2', skills: {}, teamIds: ['tA'] });
  acd.upsertAgentProfile({ id: 'aOut', skills: {}, teamIds: ['tB'] });
  await seed(t.db);
  sup = await t.loginAs('supervisor');
  const leadLogin = await t.login('team_lead', 'lead-a');
  links.set(leadLogin.userId, { ledTeamIds: ['tA'] });
  lead = (await t.login('team_lead', 'lead-a')).headers;
  const agentLogin = await t.login('agent', 'agent-in');
  links.set(agentLogin.userId, { agentId: 'aIn', ledTeamIds: [] });
  agentIn = (await t.login('agent', 'agent-in')).headers;
});

afterAll(async () => {
  await t?.close();
});

const RANGE = `from=${T0}&to=${T0 + 2 * DAY}`;
const list = (headers: AuthHeaders, qs: string) => t.inject({ method: 'GET', url: `/api/chat-records?${qs}`, headers });
const ids = async (headers: AuthHeaders, qs: string) => {
  // The default range unless the query names its own.
  const res = await list(headers, qs.includes('from=') ? qs : `${RANGE}&${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { chats: { id: string }[] }).chats.map((c) => c.id);
};

describe('chat records: who sees what', () => {
  it('given a supervisor when listing then every ended chat comes newest first, never a chat under way', async () => {
    expect(await ids(sup, '')).toEqual(['ch5', 'ch4', 'ch3', 'ch2', 'ch1']);
  });

  it("given a team lead of tA when listing then only tA's agents' chats come, and naming team tB finds nothing", async () => {
    expect(await ids(lead, '')).toEqual(['ch5', 'ch2', 'ch1']);
    expect(await ids(lead, 'teamId=tB')).toEqual([]);
    expect(await ids(lead, 'agentId=aOut')).toEqual([]);
  });

  it('given an agent when listing then only their own chats come, whatever agent or team they name', async () => {
    expect(await ids(agentIn, '')).toEqual(['ch5', 'ch1']);
    expect(await ids(agentIn, 'agentId=aIn2')).toEqual([]);
    expect(await ids(agentIn, 'teamId=tA')).toEqual(['ch5', 'ch1']);
  });

  it('given a user without chat.handle when listing then 403', async () => {
    expect((await list(await t.loginAs([]), RANGE)).statusCode).toBe(403);
  });
});

describe('chat records: filters', () => {
  it('given each filter when listing then exactly the matching chats come', async () => {
    expect(await ids(sup, `from=${T0 + MIN}&to=${T0 + 3 * MIN}`)).toEqual(['ch3', 'ch2']);
    expect(await ids(sup, 'agentId=aIn')).toEqual(['ch5', 'ch1']);
    expect(await ids(sup, 'teamId=tA')).toEqual(['ch5', 'ch2', 'ch1']);
    expect(await ids(sup, 'queueId=sales')).toEqual(['ch3', 'ch1']);
    expect(await ids(sup, 'outcome=solved&outcome=spam')).toEqual(['ch3', 'ch1']);
    expect(await ids(sup, 'outcome=none')).toEqual(['ch4', 'ch2']);
    expect(await ids(sup, 'outcome=unresolved&outcome=none')).toEqual(['ch5', 'ch4', 'ch2']);
    expect(await ids(sup, 'endReason=visitor_left&endReason=no_agent')).toEqual(['ch4', 'ch2']);
    expect(await ids(sup, 'minDuration=100&maxDuration=400')).toEqual(['ch4', 'ch1']);
    expect(await ids(sup, 'visitor=bOB')).toEqual(['ch3']);
    expect(await ids(sup, 'visitor=小明')).toEqual(['ch1']);
    // A typed % is a letter, not a wildcard.
    expect(await ids(sup, `visitor=${encodeURIComponent('50%')}`)).toEqual(['ch2']);
    expect(await ids(sup, `visitor=${encodeURIComponent('%')}`)).toEqual(['ch2']);
  });

  it('given a tag in any case and spacing when listing then the chats with that tag come, with all their tags in order', async () => {
    const res = await list(sup, `${RANGE}&tag=${encodeURIComponent('  VIP ')}`);
    const chats = (res.json() as { chats: { id: string; tags: string[]; messageCount: number }[] }).chats;
    expect(chats.map((c) => [c.id, c.tags])).toEqual([
      ['ch3', ['vip']],
      ['ch1', ['vip', 'refund']],
    ]);
    expect(await ids(sup, 'tag=refund&agentId=aIn2')).toEqual(['ch2']);
    expect(await ids(sup, 'tag=nothing')).toEqual([]);
  });

  it('given a chat when listed then its record carries what the table shows', async () => {
    const res = await list(sup, `${RANGE}&agentId=aIn&outcome=solved`);
    expect(res.json()).toEqual({
      chats: [
        { id: 'ch1', queueId: 'sales', agentId: 'aIn', visitorName: '王小明', channel: 'web', createdAt: T0, assignedAt: T0 + 5_000, endedAt: T0 + 300_000, endReason: 'agent_ended', outcome: 'solved', messageCount: 3, tags: ['vip', 'refund'] },
      ],
    });
  });
});

describe('chat records: keyset paging', () => {
  it('given pages of two when following `before` then every chat comes once, in order, with no gap', async () => {
    const seen: string[] = [];
    let before = '';
    for (let page = 0; page < 5; page += 1) {
      const got = await ids(sup, `limit=2${before ? `&before=${before}` : ''}`);
      seen.push(...got);
      if (got.length < 2) break;
      before = got.at(-1) ?? '';
    }
    expect(seen).toEqual(['ch5', 'ch4', 'ch3', 'ch2', 'ch1']);
  });

  it('given chats created in the same millisecond when paged one by one then the id breaks the tie without gap or duplicate', async () => {
    for (const id of ['tie-a', 'tie-b', 'tie-c']) {
      await sql`insert into chats (id, visitor_id, queue_id, state, agent_id, visitor_name, created_at, ended_at, end_reason) values (${id}, 'v1', 'tie', 'ended', 'aOut', '', ${new Date(T0 - DAY)}, ${new Date(T0 - DAY + 1000)}, 'visitor_left')`.execute(t.db);
    }
    const seen: string[] = [];
    let before = '';
    for (let page = 0; page < 5; page += 1) {
      const got = await ids(sup, `queueId=tie&from=${T0 - 2 * DAY}&to=${T0}&limit=1${before ? `&before=${before}` : ''}`);
      seen.push(...got);
      if (got.length === 0) break;
      before = got.at(-1) ?? '';
    }
    expect(seen).toEqual(['tie-c', 'tie-b', 'tie-a']);
  });
});

describe('chat records: transcript', () => {
  const transcript = (headers: AuthHeaders, id: string) => t.inject({ method: 'GET', url: `/api/chat-records/${id}/messages`, headers });

  it("given a team lead when reading a team agent's chat then its messages come; another team's chat reads as not there", async () => {
    const mine = await transcript(lead, 'ch1');
    expect(mine.statusCode, mine.body).toBe(200);
    expect((mine.json() as { messages: { seq: number; text?: string }[] }).messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    const other = await transcript(lead, 'ch3');
    expect(other.statusCode).toBe(404);
    expect(other.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it("given an agent when reading a colleague's chat or a chat under way then 404; their own reads", async () => {
    expect((await transcript(agentIn, 'ch2')).statusCode).toBe(404);
    expect((await transcript(agentIn, 'live')).statusCode).toBe(404);
    expect((await transcript(agentIn, 'ch1')).statusCode).toBe(200);
  });
});

describe('chat records: export', () => {
  const exp = (headers: AuthHeaders, qs: string) => t.inject({ method: 'GET', url: `/api/chat-records/export?${RANGE}&${qs}`, headers });

  it('given xlsx-csv when exported then the file starts with the BOM and holds the scoped rows with names and tags', async () => {
    const res = await exp(lead, 'format=xlsx-csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('chat_id,started_at,ended_at,channel,visitor_name,queue_id,queue_name,agent_id,agent_name,duration_seconds,end_reason,outcome,outcome_reason,messages,tags');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['ch5', 'ch2', 'ch1']);
    expect(lines[3]).toContain('王小明');
    expect(lines[3]).toContain(',300,agent_ended,solved,,3,vip; refund');
    const audited = await t.inject({ method: 'GET', url: '/api/audit?action=chat_record.export', headers: sup });
    expect(audited.json()).toMatchObject({ entries: [{ action: 'chat_record.export', details: { format: 'xlsx-csv', rows: 3 } }] });
  });

  it('given plain csv when exported then no BOM', async () => {
    const res = await exp(sup, 'format=csv&queueId=sales');
    expect(res.body.startsWith('chat_id,')).toBe(true);
  });

  it('given an agent when exporting then 403 (exports need records.view)', async () => {
    expect((await exp(agentIn, '')).statusCode).toBe(403);
  });
});

describe('chat records: bad input', () => {
  it('given no range, an inverted range, an unknown filter or a bad value when searched then a coded 400', async () => {
    const missing = await list(sup, `from=${T0}`);
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const inverted = await list(sup, `from=${T0 + 1}&to=${T0}`);
    expect(inverted.json()).toMatchObject({ code: 'INVALID_RANGE', details: { fields: ['from', 'to'] } });
    const duration = await list(sup, `${RANGE}&minDuration=60&maxDuration=10`);
    expect(duration.json()).toMatchObject({ code: 'INVALID_RANGE', details: { fields: ['minDuration', 'maxDuration'] } });
    const unknown = await list(sup, `${RANGE}&direction=inbound`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const outcome = await list(sup, `${RANGE}&outcome=happy`);
    expect(outcome.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const tag = await list(sup, `${RANGE}&tag=${encodeURIComponent('   ')}`);
    expect(tag.statusCode).toBe(400);
    expect(tag.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/tag' }] } });
  });
});

/**
 * The chat records search reads the indexes of sql/100 (on PGlite and on PostgreSQL alike): 20,000
 * ended chats over 100 agents and 20 queues (and one small queue), some tagged, analysed; the planner
 * chooses freely. A page never sorts every matching row nor scans the table: the bare list reads
 * the partial (created_at desc, id desc) index; one agent's and a small queue's chats their own
 * index (the cursor's row comparison inside the index condition); a tag the (tag, chat_id) index.
 * For a few agents or a large queue the planner may rather walk 078's chats_created_at backwards
 * and filter (an incremental sort on the id tie): still in time order, still stopping at the page.
 */
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRecordQuery } from '../../../src/chat/ports.js';
import { KyselyChatRecordRepo } from '../../../src/store/chat/chat-record-repo.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

const T0 = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

describe('chat records search indexes', () => {
  let t: TestDb;
  let repo: KyselyChatRecordRepo;
  beforeAll(async () => {
    t = await createTestDb();
    repo = new KyselyChatRecordRepo(t.db);
    await sql`insert into chat_visitors (id, token_hash, created_at) values ('v', 'h', now())`.execute(t.db);
    // One chat every 5 minutes over about 70 days.
    await sql`insert into chats (id, visitor_id, queue_id, state, agent_id, visitor_name, created_at, ended_at, end_reason, outcome, last_seq)
      select 'c' || lpad(i::text, 6, '0'), 'v', case when i % 1000 = 0 then 'rare' else 'q' || (i % 20) end, 'ended', 'a' || (i % 100), 'Visitor ' || i,
        ${new Date(T0)}::timestamptz + i * interval '5 minutes', ${new Date(T0)}::timestamptz + i * interval '5 minutes' + (i % 900) * interval '1 second',
        case when i % 3 = 0 then 'visitor_left' else 'agent_ended' end, case when i % 3 = 0 then null else 'solved' end, i % 30
      from generate_series(1, 20000) i`.execute(t.db);
    await sql`insert into chat_tags (chat_id, tag, position, added_by, added_at)
      select 'c' || lpad(i::text, 6, '0'), case when i % 500 = 0 then 'vip' else 'other' || (i % 50) end, 0, 'u', now() from generate_series(1, 20000, 7) i`.execute(t.db);
    await sql`analyze chats`.execute(t.db);
    await sql`analyze chat_tags`.execute(t.db);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  const plan = async (q: Partial<ChatRecordQuery>) => {
    const query = await repo.pageQuery({ from: T0, to: T0 + 80 * DAY, limit: 50, ...q });
    if (!query) throw new Error('nothing can match');
    const compiled = query.compile();
    return t.db.connection().execute(async (conn) => {
      const rows = await conn.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
      return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
    });
  };

  /** Reads rows in created_at order and stops at the page's end: no sort of every matching row, no table scan. */
  const pagesByIndex = (p: string) => {
    expect(p).not.toMatch(/^\s*(->\s*)?Sort\s+\(cost/m);
    expect(p).not.toContain('Seq Scan on chats');
  };

  it('given a page of the whole range when planned then it reads the ended chats newest first from the index, without a sort', async () => {
    const p = await plan({});
    expect(p).toContain('chats_ended_created_id');
    pagesByIndex(p);
  });

  it('given the next page (a cursor) when planned then it still reads an index in time order and stops at the page', async () => {
    pagesByIndex(await plan({ before: 'c010000' }));
  });

  it("given one agent's chats (and their next page) when planned then the agent index serves the range and the cursor", async () => {
    expect(await plan({ agentId: 'a1' })).toContain('chats_ended_agent_created');
    const next = await plan({ agentId: 'a1', before: 'c010000' });
    expect(next).toContain('chats_ended_agent_created');
    expect(next).toMatch(/Index Cond: .*ROW\(created_at, id\) </);
  });

  it("given a team lead's agents when planned then the page reads an index, never the whole table", async () => {
    pagesByIndex(await plan({ agentIds: ['a1', 'a2', 'a3'], from: T0 + 10 * DAY, to: T0 + 20 * DAY }));
  });

  it('given a small queue when planned then its chats come from the queue index (only they are sorted)', async () => {
    const p = await plan({ queueId: 'rare' });
    expect(p).toContain('chats_ended_queue_created');
    expect(p).not.toContain('Seq Scan on chats');
  });

  it('given a rare tag when planned then the chats with it come from the (tag, chat_id) index', async () => {
    expect(await plan({ tag: 'vip' })).toContain('chat_tags_tag_chat');
  });
});

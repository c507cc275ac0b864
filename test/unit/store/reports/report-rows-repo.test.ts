/**
 * Issue 14, reports: the rows the reports fold, read from the tables: calls with hold time and
 * transfers from their transitions, chats mapped onto the call outcomes, callback requests, the
 * agent-state trail with reasons and the state at the range's start, missed offers; the range's
 * bounds (from inclusive, to exclusive).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KyselyReportRows } from '../../../../src/store/reports/report-rows-repo.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

const T = Date.UTC(2026, 5, 15, 8, 0, 0);
const s = (n: number) => new Date(T + n * 1_000);

describe('report rows from the store', () => {
  let t: TestDb;
  let rows: KyselyReportRows;

  beforeAll(async () => {
    t = await createTestDb();
    const db = t.db;
    rows = new KyselyReportRows(db);
    const call = (id: string, startedAt: Date, extra: Record<string, unknown> = {}) => ({
      id,
      direction: 'inbound',
      state: 'ended',
      from_number: '+8613800000000',
      to_number: '100',
      caller_name: '',
      started_at: startedAt,
      ivr_path: '[]',
      variables: '{}',
      recording_ids: '[]',
      ...extra,
    });
    await db
      .insertInto('calls')
      .values([
        call('held', s(0), { queue_id: 'q1', agent_id: 'a1', answered_at: s(10), ended_at: s(100), outcome: 'agent_answered' }),
        call('before', s(-1)),
        call('at-end', s(3600)),
      ])
      .execute();
    const tr = (seq: number, at: number, from: string, event: string, to: string) => ({ call_id: 'held', seq, at: s(at), from_state: from, event, to_state: to, details: '{}' });
    await db
      .insertInto('call_transitions')
      .values([
        tr(1, 10, 'offering', 'agent_answered', 'connected'),
        tr(2, 20, 'connected', 'hold', 'held'),
        tr(3, 35, 'held', 'unhold', 'connected'),
        tr(4, 50, 'connected', 'hold', 'held'),
        tr(5, 55, 'held', 'transfer_blind', 'queued'),
        tr(6, 60, 'queued', 'agent_answered', 'connected'),
        tr(7, 100, 'connected', 'customer_gone', 'ended'),
      ])
      .execute();
    await db.insertInto('chat_visitors').values({ id: 'v1', token_hash: 'h1', created_at: s(0) }).execute();
    const chat = (id: string, extra: Record<string, unknown>) => ({ id, visitor_id: 'v1', queue_id: 'qc', state: 'ended', visitor_name: '', page: '', last_seq: 0, created_at: s(5), ...extra });
    await db
      .insertInto('chats')
      .values([
        chat('c-answered', { agent_id: 'a1', assigned_at: s(20), ended_at: s(300), end_reason: 'agent_ended' }),
        chat('c-left', { ended_at: s(40), end_reason: 'visitor_left' }),
        chat('c-waiting', { state: 'waiting' }),
      ])
      .execute();
    await db
      .insertInto('acd_contacts')
      .values({ id: 'cb1', media: 'callback', queue_id: 'q1', priority: 1, attributes: '{}', required_skills: '{}', enqueued_at: s(30), queue_entered_at: s(30), rank: 0, seq: 1, state: 'waiting', relax_step: 0, declined_until: '{}' })
      .execute();
    const ch = (agent_id: string, at: number, from_state: string, to_state: string, reason: string | null = null) => ({ agent_id, at: s(at), from_state, to_state, reason, by_user: null });
    await db
      .insertInto('acd_agent_transitions')
      .values([ch('a2', -600, 'logged_out', 'not_ready', 'lunch'), ch('a1', 0, 'logged_out', 'available'), ch('a1', 10, 'available', 'on_contact'), ch('a1', 100, 'on_contact', 'wrap_up'), ch('a1', 3600, 'wrap_up', 'available')])
      .execute();
    const offer = (id: string, at: number, state: string, media = 'voice') => ({ id, kind: 'routed', contact_id: 'k', agent_id: 'a1', queue_id: 'q1', media, offered_at: s(at), expires_at: s(at + 20), state });
    await db
      .insertInto('acd_offers')
      .values([offer('o1', 5, 'no_answer'), offer('o2', 6, 'rejected', 'callback'), offer('o3', 7, 'accepted'), offer('o4', 8, 'no_answer', 'chat'), offer('o5', 3600, 'no_answer')])
      .execute();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('given post-call ratings and chat surveys when a range is read then each answer comes back with its agent, queue and media; other saved values and answers outside the range do not', async () => {
    const db = t.db;
    await db
      .insertInto('ivr_call_data')
      .values([
        { call_id: 'held', name: 'rating', value: '4', flow: 'survey', at: s(120) },
        { call_id: 'held', name: 'order_number', value: '5', flow: 'survey', at: s(121) },
        { call_id: 'before', name: 'rating', value: 'x', flow: 'survey', at: s(122) },
        { call_id: 'at-end', name: 'rating', value: '2', flow: 'survey', at: s(3600) },
      ])
      .execute();
    await db.insertInto('chat_surveys').values({ chat_id: 'c-answered', score: 5, comment: '很好', at: s(310) }).execute();
    expect(await rows.surveyAnswers(T, T + 3_600_000)).toEqual([
      { at: T + 120_000, score: 4, media: 'voice', agentId: 'a1', queueId: 'q1' },
      { at: T + 310_000, score: 5, media: 'chat', agentId: 'a1', queueId: 'qc' },
    ]);
  });

  it('given calls, transitions, chats and callbacks when a range is read then hold, transfers, the chats and the requests come back, bounded by the range (and the calls two hours either side)', async () => {
    const v = await rows.volumeRows(T, T + 3_600_000);
    const calls = Object.fromEntries(v.calls.map((c) => [c.id, c]));
    const inRange = v.calls.filter((c) => c.startedAt >= T && c.startedAt < T + 3_600_000).map((c) => c.id);
    expect(inRange.sort()).toEqual(['chat:c-answered', 'chat:c-left', 'chat:c-waiting', 'held']);
    // The calls just outside the range come back too, only to own wrap-up spells (the report counts those in it).
    expect(Object.keys(calls).sort()).toEqual(['at-end', 'before', 'chat:c-answered', 'chat:c-left', 'chat:c-waiting', 'held']);
    // Held 20-35 s and again from 50 s until the transfer at 55 s.
    expect(calls.held).toMatchObject({ media: 'voice', holdMs: 20_000, transfers: 1, queueId: 'q1', answeredAt: T + 10_000, endedAt: T + 100_000, outcome: 'agent_answered' });
    expect(calls['chat:c-answered']).toMatchObject({ media: 'chat', queueId: 'qc', queuedAt: T + 5_000, answeredAt: T + 20_000, outcome: 'agent_answered', agentId: 'a1' });
    expect(calls['chat:c-left']).toMatchObject({ answeredAt: null, outcome: 'queue_abandon' });
    expect(calls['chat:c-waiting']).toMatchObject({ endedAt: null, outcome: null });
    expect(v.callbacks).toEqual([{ queueId: 'q1', agentId: null, at: T + 30_000 }]);
    // The wrap-up that ends after the range still comes back (the range's last calls keep theirs).
    expect(v.agentChanges.map((c) => [c.agentId, c.to])).toEqual([
      ['a1', 'available'],
      ['a1', 'on_contact'],
      ['a1', 'wrap_up'],
      ['a1', 'available'],
    ]);
  });

  it("given the agents' trail when a range is read then changes in it, each agent's state at its start and the missed voice and callback offers come back", async () => {
    const a = await rows.agentRows(T, T + 3_600_000);
    expect(a.atStart).toEqual([{ agentId: 'a2', state: 'not_ready', reason: 'lunch' }]);
    expect(a.changes.map((c) => [c.agentId, c.at - T, c.to])).toEqual([
      ['a1', 0, 'available'],
      ['a1', 10_000, 'on_contact'],
      ['a1', 100_000, 'wrap_up'],
    ]);
    expect(a.missedOffers.map((m) => m.at - T).sort((x, y) => x - y)).toEqual([5_000, 6_000]);
  });
});

/**
 * Fills a fresh schema for the reports benchmark with set-based SQL (generate_series, INSERT ...
 * SELECT): a call-row path through the app would take hours for ten million events.
 *
 * Shape (per call g, evenly spread over DAYS days from START):
 *   calls            90 % inbound; outcomes 80 % answered, 8 % queue abandon, 4 % IVR abandon
 *                    (no queue), 2 % quick hang-up, 2 % ring-no-answer, 2 % queue timeout, 2 % outbound
 *   call_transitions 8 per call (answered calls: one hold of 20 s; 1 in 20 a blind transfer)
 *   acd_contacts     one per queued call (queue entry 10 s after the start), plus callbacks (1 %)
 *   call_legs        the customer's, and the agent's for answered calls
 *   agent trail      offered -> on_contact -> wrap_up -> available around each answered call, and a
 *                    login per agent before START
 *   acd_offers       the ring-no-answer calls' missed offers
 * Agent i % AGENTS takes call g = i (mod AGENTS): with the default size an agent gets a call every
 * ~14 minutes, each over within 11, so the trail never overlaps itself.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export const BENCH_QUEUES = 40;
export const BENCH_AGENTS = 400;
export const BENCH_TEAMS = 40;
export const DAYS = 30;
/** A Sunday; Europe's clocks go forward on the 29th, inside the range. */
export const START = Date.UTC(2026, 2, 1);

/** The tables whose triggers mark the reports' quarter hours dirty (sql/108). */
const MARKED = ['calls', 'call_transitions', 'acd_contacts', 'acd_agent_transitions'];

/**
 * `marks`: 'triggers' stores the rows as the daemon does, each insert marking its quarter hours
 * (about 0.4 ms a call row on the 2-core machine: a 10 M seed would take most of an hour);
 * 'backfill' stores them with the triggers off and then marks as the migration's backfill does,
 * as for a database filled before sql/108.
 */
export async function seedReportRows(db: Kysely<Database>, calls: number, marks: 'triggers' | 'backfill' = 'triggers'): Promise<void> {
  if (marks === 'backfill') for (const t of MARKED) await sql`alter table ${sql.table(t)} disable trigger user`.execute(db);
  await fill(db, calls);
  if (marks === 'backfill') {
    for (const t of MARKED) await sql`alter table ${sql.table(t)} enable trigger user`.execute(db);
    // The last statement of sql/108_report_buckets.sql.
    await sql`
      insert into report_dirty_marks (q_start)
      select distinct date_bin('15 minutes', t, 'epoch'::timestamptz) from (
        select started_at as t from calls
        union all select created_at from chats
        union all select enqueued_at from acd_contacts where media = 'callback'
      ) s`.execute(db);
  }
  await sql`analyze`.execute(db);
}

async function fill(db: Kysely<Database>, calls: number): Promise<void> {
  const start = new Date(START);
  const stepMs = (DAYS * 86_400_000) / calls;
  // Per call: its start and the parts every table derives from (one CTE, materialized once).
  await sql`
    create temporary table bench_calls as
    select g,
           'c' || g as id,
           ${start}::timestamptz + (g * ${stepMs}::double precision) * interval '1 millisecond' as started_at,
           case when g % 50 = 0 then 'outbound' else 'inbound' end as direction,
           case when g % 50 = 0 then 'outbound_answered'
                when g % 50 in (1, 2) then 'ivr_abandon'
                when g % 50 = 3 then 'caller_quick_hangup'
                when g % 50 = 4 then 'ring_no_answer'
                when g % 50 = 5 then 'queue_timeout'
                when g % 50 in (6, 7, 8, 9) then 'queue_abandon'
                else 'agent_answered' end as outcome,
           'q' || (g % ${BENCH_QUEUES}) as queue_id,
           'ag-' || (g % ${BENCH_AGENTS}) as agent_id,
           (g % 50) * interval '1 second' as wait,
           (60 + g % 480) * interval '1 second' as talk,
           (5 + g % 55) * interval '1 second' as wrap
    from generate_series(1, ${calls}::integer) g`.execute(db);
  await sql`
    insert into calls (id, direction, state, from_number, to_number, caller_name, queue_id, contact_id, agent_id, started_at, answered_at, ended_at, outcome)
    select id, direction, 'ended', '+8613800' || (g % 100000), '+861055550001', '',
           case when outcome = 'ivr_abandon' then null else queue_id end,
           case when outcome in ('ivr_abandon', 'outbound_answered') then null else 'k' || g end,
           case when outcome in ('agent_answered', 'outbound_answered') then agent_id end,
           started_at,
           case when outcome in ('agent_answered', 'outbound_answered') then started_at + interval '10 seconds' + wait end,
           started_at + interval '10 seconds' + wait + case when outcome in ('agent_answered', 'outbound_answered') then talk else interval '0' end,
           outcome
    from bench_calls`.execute(db);
  await sql`
    insert into acd_contacts (id, media, queue_id, priority, enqueued_at, queue_entered_at, rank, seq, state, agent_id, answered_at, ended_at, outcome)
    select 'k' || g, 'voice', queue_id, 0, started_at + interval '10 seconds', started_at + interval '10 seconds', 0, g, 'ended',
           case when outcome = 'agent_answered' then agent_id end, null, started_at + interval '10 seconds' + wait, outcome
    from bench_calls where outcome not in ('ivr_abandon', 'outbound_answered')`.execute(db);
  await sql`
    insert into acd_contacts (id, media, queue_id, priority, enqueued_at, queue_entered_at, rank, seq, state, agent_id, callback_number, ended_at, outcome)
    select 'cb' || g, 'callback', queue_id, 0, started_at, started_at, 0, g, 'ended', agent_id, '+86138', started_at, 'done'
    from bench_calls where g % 100 = 11`.execute(db);
  // Eight steps a call; an answered call is held from 30 s to 50 s after the answer.
  await sql`
    insert into call_transitions (call_id, seq, at, from_state, event, to_state, details)
    select c.id, s,
           case when s <= 4 then c.started_at + s * interval '2 seconds'
                when c.outcome not in ('agent_answered', 'outbound_answered') then c.started_at + interval '10 seconds' + c.wait
                when s = 5 then c.started_at + interval '10 seconds' + c.wait
                when s = 6 then c.started_at + interval '40 seconds' + c.wait
                when s = 7 then c.started_at + interval '60 seconds' + c.wait
                else c.started_at + interval '10 seconds' + c.wait + c.talk end,
           (array['new', 'ringing', 'ivr', 'queued', 'offering', 'connected', 'held', 'connected'])[s],
           case when s = 8 and c.g % 20 = 0 and c.outcome = 'agent_answered' then 'transfer_blind' else 'step' || s end,
           case when c.outcome not in ('agent_answered', 'outbound_answered') and s > 4 then 'ended'
                else (array['ringing', 'ivr', 'queued', 'offering', 'connected', 'held', 'connected', 'ended'])[s] end,
           '{}'::jsonb
    from bench_calls c cross join generate_series(1, 8) s`.execute(db);
  await sql`
    insert into call_legs (id, call_id, role, agent_id, endpoint, created_at, answered_at, ended_at)
    select 'l' || g, id, 'customer', null, 'PJSIP/trunk', started_at, started_at, started_at + interval '10 seconds' + wait + talk from bench_calls`.execute(db);
  await sql`
    insert into call_legs (id, call_id, role, agent_id, endpoint, created_at, answered_at, ended_at)
    select 'a' || g, id, 'agent', agent_id, 'PJSIP/' || agent_id, started_at, started_at + interval '10 seconds' + wait, started_at + interval '10 seconds' + wait + talk
    from bench_calls where outcome = 'agent_answered'`.execute(db);
  await sql`
    insert into acd_agent_transitions (agent_id, at, from_state, to_state, reason, by_user)
    select 'ag-' || a, ${new Date(START - 60_000)}::timestamptz, 'logged_out', 'available', null, null from generate_series(0, ${BENCH_AGENTS - 1}::integer) a`.execute(db);
  await sql`
    insert into acd_agent_transitions (agent_id, at, from_state, to_state, reason, by_user)
    select c.agent_id,
           case s when 1 then c.started_at + interval '8 seconds' + c.wait
                  when 2 then c.started_at + interval '10 seconds' + c.wait
                  when 3 then c.started_at + interval '10 seconds' + c.wait + c.talk
                  else c.started_at + interval '10 seconds' + c.wait + c.talk + c.wrap end,
           (array['available', 'offered', 'on_contact', 'wrap_up'])[s],
           (array['offered', 'on_contact', 'wrap_up', 'available'])[s],
           null, null
    from bench_calls c cross join generate_series(1, 4) s
    where c.outcome = 'agent_answered'
    order by 2`.execute(db);
  await sql`
    insert into acd_offers (id, kind, contact_id, agent_id, queue_id, media, offered_at, expires_at, state, resolved_at, reason)
    select 'o' || g, 'routed', 'k' || g, agent_id, queue_id, 'voice', started_at + interval '10 seconds', started_at + interval '30 seconds', 'no_answer', started_at + interval '30 seconds', null
    from bench_calls where outcome = 'ring_no_answer'`.execute(db);
  await sql`drop table bench_calls`.execute(db);
}

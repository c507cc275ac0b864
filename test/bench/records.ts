/**
 * Call-record search at scale (issue 14: "paging over millions of rows stays fast"): fills a
 * fresh schema with RECORDS_BENCH_ROWS calls (default 1,000,000 on PostgreSQL, 100,000 on the
 * embedded PGlite) spread over 200 agents, 20 queues and 100,000 customer numbers, one in ten
 * recorded, then times the records page's reads through the repository: the first page, a page
 * deep in the keyset, each filter alone, a team lead's ten agents, and the export's capped count.
 * Prints the median and the slowest of RUNS reads next to the goal, never asserts.
 *
 *   DATABASE_URL=postgres://... npm run bench -- records
 */
import { sql } from 'kysely';
import type { CallRecordQuery } from '../../src/calls/ports.js';
import { openBenchDatabase } from './bench-db.js';
import { migrateToLatest } from '../../src/store/migrations.js';
import { KyselyCallStore } from '../../src/store/calls/call-repository.js';

const RUNS = 15;
const GOAL_MS = 50;
const START = Date.UTC(2026, 0, 1);

const open = () => openBenchDatabase('records', { poolMax: 2 });

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; max: number }> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length / 2)] ?? 0, max: ms.at(-1) ?? 0 };
}

export async function runRecordsBench(): Promise<void> {
  const { handle, engine, drop } = await open();
  const rows = Number(process.env.RECORDS_BENCH_ROWS ?? (process.env.DATABASE_URL ? 1_000_000 : 100_000));
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const fillStart = performance.now();
    // Two seconds apart; numbers, agents, queues and outcomes each on their own rhythm.
    await sql`
      insert into calls (id, direction, state, from_number, to_number, queue_id, agent_id, started_at, answered_at, ended_at, outcome, recording_ids)
      select 'c' || lpad(g::text, 9, '0'),
             case when g % 5 = 0 then 'outbound' else 'inbound' end,
             'ended',
             '+86138' || lpad(((g::bigint * 7919) % 100000)::text, 8, '0'),
             '+861055550001',
             'q' || (g % 20),
             'a' || (g % 200),
             ${new Date(START)}::timestamptz + g * interval '2 seconds',
             ${new Date(START)}::timestamptz + g * interval '2 seconds' + interval '5 seconds',
             ${new Date(START)}::timestamptz + g * interval '2 seconds' + (g % 900) * interval '1 second',
             (array['agent_answered', 'queue_abandon', 'ring_no_answer', 'caller_quick_hangup'])[1 + g % 4],
             case when g % 10 = 0 then '["r"]'::jsonb else '[]'::jsonb end
      from generate_series(1, ${rows}::integer) g`.execute(db);
    await sql`
      insert into call_recordings (id, call_id, name, started_at, stopped_at, duration_ms, paused)
      select 'r' || id, id, 'call-' || id, started_at, ended_at, 1000, false from calls where recording_ids <> '[]'::jsonb`.execute(db);
    await sql`analyze`.execute(db);
    console.log(`${engine}: ${rows.toLocaleString('en')} calls stored in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);

    const store = new KyselyCallStore(db);
    const deep = `c${String(Math.floor(rows / 2)).padStart(9, '0')}`;
    const week = { from: START + (rows / 2) * 2_000 - 7 * 86_400_000, to: START + (rows / 2) * 2_000 };
    const cases: [string, CallRecordQuery][] = [
      ['first page (100), no filter', {}],
      ['a page in the middle (keyset)', { before: deep }],
      ['one agent', { agentId: 'a7' }],
      ["a team lead's 10 agents", { agentIds: Array.from({ length: 10 }, (_, i) => `a${i * 3}`) }],
      ['one queue, inbound', { queueId: 'q3', direction: 'inbound' }],
      ['a customer number (from or to)', { numberForms: ['+8613800012345', '8613800012345'] }],
      ['two outcomes', { outcomes: ['queue_abandon', 'caller_quick_hangup'] }],
      ['10 to 12 minutes long, a week', { ...week, minDurationSeconds: 600, maxDurationSeconds: 720 }],
      ['with a recording', { hasRecording: true }],
      ['without a recording, a week', { ...week, hasRecording: false }],
    ];
    console.log(`reads of one page (100 rows) through the repository, ${RUNS} runs each; goal: median under ${GOAL_MS} ms`);
    for (const [name, q] of cases) {
      const r = await time(() => store.list({ ...q, limit: 100 }));
      console.log(`  ${name.padEnd(36)} median ${r.p50.toFixed(1).padStart(7)} ms   slowest ${r.max.toFixed(1).padStart(7)} ms   ${r.p50 <= GOAL_MS ? 'ok' : 'OVER GOAL'}`);
    }
    const capped = await time(() => store.count({ ...week }, 100_001));
    console.log(`  ${"export's capped count, a week".padEnd(36)} median ${capped.p50.toFixed(1).padStart(7)} ms   slowest ${capped.max.toFixed(1).padStart(7)} ms`);
  } finally {
    await drop();
  }
}

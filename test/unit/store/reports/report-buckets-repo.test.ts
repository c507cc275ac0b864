/**
 * Issue 14, reports at scale, on the real engines (PGlite; PostgreSQL with DATABASE_URL): the
 * triggers of sql/108 mark what each write changes, the settled tables give the raw fold's report,
 * a change after settling is seen by the next report, and a database whose calls were stored
 * before sql/108 (the backfill), or whose daemon stopped with quarter hours still dirty (a
 * restart: a new settler over the same tables), answers the same.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.js';
import type { ReportInterval } from '../../../../src/reports/intervals.js';
import { BucketSettler } from '../../../../src/reports/bucket-settler.js';
import { ReportService } from '../../../../src/reports/report-service.js';
import type { VolumeGrouping } from '../../../../src/reports/volume.js';
import { migrateToLatest } from '../../../../src/store/migrations.js';
import { KyselyVolumeBuckets } from '../../../../src/store/reports/report-buckets-repo.js';
import { KyselyReportRows } from '../../../../src/store/reports/report-rows-repo.js';
import type { Database } from '../../../../src/store/schema.js';
import type { Kysely } from 'kysely';
import { BENCH_AGENTS, BENCH_QUEUES, BENCH_TEAMS, START, seedReportRows } from '../../../bench/reports-seed.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

const DAY = 86_400_000;
const CALLS = 600; // 30 days: one call every 72 minutes
/** PGlite folds a month of quarter hours in a few seconds; a loaded machine takes longer. */
const SLOW = 180_000;

function services(db: Kysely<Database>): { raw: ReportService; tables: ReportService; settler: BucketSettler } {
  const queues = Array.from({ length: BENCH_QUEUES }, (_, i) => ({ id: `q${i}`, name: `Queue ${i}`, serviceLevelMs: i % 2 === 0 ? 20_000 : 30_000 }));
  const teams = Array.from({ length: BENCH_TEAMS }, (_, i) => ({ id: `t${i}`, name: `Team ${i}` }));
  const agents = Array.from({ length: BENCH_AGENTS }, (_, i) => ({ id: `ag-${i}`, name: `Agent ${i}` }));
  const ofTeams = new Map(teams.map((t, i) => [t.id, [`q${i}`, `q${(i + 1) % BENCH_QUEUES}`]]));
  const rows = new KyselyReportRows(db);
  const store = new KyselyVolumeBuckets(db);
  const sl = new Map(queues.map((q) => [q.id, q.serviceLevelMs]));
  const settler = new BucketSettler({ store, rows, serviceLevels: () => Promise.resolve((q) => sl.get(q) ?? 20_000) });
  const base = {
    clock: systemClock,
    rows,
    timeZone: 'Europe/Berlin',
    directory: () => Promise.resolve({ queues, teams, agents }),
    queuesOfTeams: () => ofTeams,
    agentsInTeams: (ids: readonly string[]) => agents.filter((_, i) => ids.includes(`t${i % BENCH_TEAMS}`)).map((a) => a.id),
  };
  return { raw: new ReportService(base), tables: new ReportService({ ...base, buckets: { store, settler } }), settler };
}

const SHAPES: [string, number, number, ReportInterval, VolumeGrouping][] = [
  ['Europe/Berlin', START - 3_600_000, START - 3_600_000 + 30 * DAY, 'day', 'team'],
  ['Europe/Berlin', START + 23 * DAY - 3_600_000, START + 30 * DAY - 7_200_000, 'hour', 'queue'],
  ['Asia/Kathmandu', START - 5.75 * 3_600_000, START - 5.75 * 3_600_000 + 30 * DAY, 'week', 'agent'],
  ['UTC', START, START + 30 * DAY, 'month', 'none'],
];

async function sameReports(s: ReturnType<typeof services>): Promise<void> {
  for (const [tz, from, to, interval, groupBy] of SHAPES) {
    const a = await s.raw.volume({ from, to, tz, interval, groupBy }, {});
    const b = await s.tables.volume({ from, to, tz, interval, groupBy }, {});
    expect(b, `${tz} ${interval} by ${groupBy}`).toEqual(a);
  }
  const lead = { ledTeamIds: ['t3'] };
  expect(await s.tables.volume({ from: START, to: START + 7 * DAY, tz: 'UTC', interval: 'day', groupBy: 'media' }, lead)).toEqual(
    await s.raw.volume({ from: START, to: START + 7 * DAY, tz: 'UTC', interval: 'day', groupBy: 'media' }, lead),
  );
}

/** Dirty quarter hours in the month the reports cover (the last call starts on its end: outside). */
const dirtyCount = async (db: Kysely<Database>): Promise<number> =>
  Number((await sql<{ n: string }>`select count(distinct q_start) as n from report_dirty_marks where q_start < ${new Date(START + 30 * DAY)}`.execute(db)).rows[0]?.n);

describe('the volume interval tables in the database', () => {
  let t: TestDb | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('given a month of stored calls when reports are read then the tables are folded once and give the raw fold, and a later change is seen by the next report', async () => {
    t = await createTestDb();
    await seedReportRows(t.db, CALLS);
    expect(await dirtyCount(t.db)).toBeGreaterThan(CALLS / 2);
    const s = services(t.db);
    await sameReports(s);
    expect(await dirtyCount(t.db)).toBe(0);

    // An answered call turns out abandoned; another one gets a hold and a transfer; an agent's wrap-up ends late.
    const before = await s.tables.volume({ from: START, to: START + 30 * DAY, tz: 'UTC', interval: 'month', groupBy: 'none' }, {});
    await sql`update calls set answered_at = null, agent_id = null, outcome = 'queue_abandon' where id = 'c23'`.execute(t.db);
    await sql`insert into call_transitions (call_id, seq, at, from_state, event, to_state, details)
              select id, 100, ended_at, 'connected', 'transfer_blind', 'queued', '{}'::jsonb from calls where id = 'c21'`.execute(t.db);
    await sql`insert into acd_agent_transitions (agent_id, at, from_state, to_state)
              select agent_id, ended_at + interval '1 second', 'on_contact', 'wrap_up' from calls where id = 'c22'`.execute(t.db);
    await sql`insert into acd_agent_transitions (agent_id, at, from_state, to_state)
              select agent_id, ended_at + interval '30 minutes', 'wrap_up', 'available' from calls where id = 'c22'`.execute(t.db);
    expect(await dirtyCount(t.db)).toBeGreaterThan(0);
    const after = await s.tables.volume({ from: START, to: START + 30 * DAY, tz: 'UTC', interval: 'month', groupBy: 'none' }, {});
    expect(after.totals[0]?.answered).toBe((before.totals[0]?.answered ?? 0) - 1);
    expect(after.totals[0]?.transfers).toBe((before.totals[0]?.transfers ?? 0) + 1);
    await sameReports(s);
  }, SLOW);

  it('given calls stored before the tables existed when the migration runs then every quarter hour with calls is marked and a restarted daemon folds them to the raw figures', async () => {
    t = await createTestDb();
    // Back to the schema before sql/108: its tables, functions (and so triggers) and its ledger row gone.
    await sql`drop table report_buckets, report_dirty_marks`.execute(t.db);
    for (const f of ['report_calls_changed', 'report_chats_changed', 'report_call_steps', 'report_contacts_changed', 'report_agent_steps', 'report_queue_threshold', 'report_wrap_span', 'report_mark']) {
      await sql.raw(`drop function ${f} cascade`).execute(t.db);
    }
    await sql`delete from schema_migrations where name like '108%'`.execute(t.db);
    await seedReportRows(t.db, CALLS);
    await migrateToLatest(t.db);
    const quarters = Number((await sql<{ n: string }>`select count(distinct date_bin('15 minutes', started_at, 'epoch'::timestamptz)) as n from calls where started_at < ${new Date(START + 30 * DAY)}`.execute(t.db)).rows[0]?.n);
    expect(await dirtyCount(t.db)).toBeGreaterThanOrEqual(quarters);

    // A daemon that stopped halfway through folding: some quarter hours clean, the rest still marked.
    await services(t.db).settler.settle(START, START + 10 * DAY);
    expect(await dirtyCount(t.db)).toBeGreaterThan(0);
    const restarted = services(t.db);
    expect(await restarted.settler.settle()).toBeGreaterThan(0);
    expect(await dirtyCount(t.db)).toBe(0);
    await sameReports(restarted);
  }, SLOW);
});

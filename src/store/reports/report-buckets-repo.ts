/**
 * The volume report's interval tables (sql/108_report_buckets.sql): dirty quarter hours, their
 * replacement in one transaction, and sums over a report's intervals computed in the database
 * (a month by agent is a million quarter-hour rows; the report gets a few thousand sums).
 */
import { sql, type Kysely } from 'kysely';
import type { BucketSum, DirtyQuarter, VolumeBucketStore } from '../../reports/ports.js';
import { emptyVolumeParts, type QuarterParts, type VolumeParts } from '../../reports/volume-parts.js';
import type { Database } from '../schema.js';

/** Each part and its column; the longest wait is a maximum, every other part a sum. */
const COLUMNS: [keyof VolumeParts, string][] = [
  ['calls', 'calls'],
  ['offered', 'offered'],
  ['answered', 'answered'],
  ['abandonedInQueue', 'abandoned_in_queue'],
  ['abandonedInIvr', 'abandoned_in_ivr'],
  ['answeredInSl', 'answered_in_sl'],
  ['waited', 'waited'],
  ['waitTotalMs', 'wait_total_ms'],
  ['longestWaitMs', 'longest_wait_ms'],
  ['handled', 'handled'],
  ['handleTotalMs', 'handle_total_ms'],
  ['speedTotalMs', 'speed_total_ms'],
  ['talkTotalMs', 'talk_total_ms'],
  ['holdTotalMs', 'hold_total_ms'],
  ['wrapTotalMs', 'wrap_total_ms'],
  ['transfers', 'transfers'],
  ['callbacks', 'callbacks'],
];

const ROWS_PER_STATEMENT = 5_000;

export class KyselyVolumeBuckets implements VolumeBucketStore {
  constructor(private readonly db: Kysely<Database>) {}

  async dirty(from: number | undefined, to: number | undefined, limit: number): Promise<DirtyQuarter[]> {
    const lo = from === undefined ? sql`true` : sql`q_start >= ${new Date(from)}`;
    const hi = to === undefined ? sql`true` : sql`q_start < ${new Date(to)}`;
    const r = await sql<{ q_start: Date; marks: (string | number)[] }>`
      select q_start, array_agg(seq) as marks from report_dirty_marks where ${lo} and ${hi} group by q_start order by q_start limit ${limit}`.execute(this.db);
    return r.rows.map((x) => ({ qStart: x.q_start.getTime(), marks: x.marks.map(Number) }));
  }

  async replace(quarters: readonly DirtyQuarter[], rows: readonly QuarterParts[]): Promise<void> {
    if (quarters.length === 0) return;
    const starts = quarters.map((q) => new Date(q.qStart).toISOString());
    const marks = quarters.flatMap((q) => q.marks);
    await this.db.transaction().execute(async (tx) => {
      await sql`delete from report_buckets where q_start = any(${starts}::timestamptz[])`.execute(tx);
      for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
        const part = rows.slice(i, i + ROWS_PER_STATEMENT);
        // One array per column (unnest): a statement of thousands of rows with 21 parameters.
        const arrays = COLUMNS.map(([k]) => part.map((r) => r.parts[k]));
        await sql`
          insert into report_buckets (q_start, dim, key, media, ${sql.raw(COLUMNS.map(([, c]) => c).join(', '))})
          select * from unnest(
            ${part.map((r) => new Date(r.qStart).toISOString())}::timestamptz[], ${part.map((r) => r.dim)}::text[],
            ${part.map((r) => r.key)}::text[], ${part.map((r) => r.media)}::text[],
            ${sql.join(arrays.map((a) => sql`${a}::bigint[]`))})`.execute(tx);
      }
      // Only the marks read: a write since then appended its own and the quarter stays dirty.
      await sql`delete from report_dirty_marks where seq = any(${marks}::bigint[])`.execute(tx);
    });
  }

  async sums(dim: BucketSum['dim'], from: number, to: number, starts: readonly number[]): Promise<BucketSum[]> {
    // float8: pg hands numbers back as numbers (a numeric sum comes back as a string to parse);
    // exact to 2^53 ms, some 285,000 years of talk time in one sum.
    const agg = sql.join(COLUMNS.map(([, c]) => sql.raw(c === 'longest_wait_ms' ? `max(${c})::float8 as ${c}` : `sum(${c})::float8 as ${c}`)));
    const r = await sql<Record<string, string | number> & { dim: 'queue' | 'agent'; key: string; media: 'voice' | 'chat'; idx: number }>`
      select dim, key, media, width_bucket(extract(epoch from q_start)::float8 * 1000, ${[...starts]}::float8[]) as idx, ${agg}
      from report_buckets
      where dim = ${dim} and q_start >= ${new Date(from)} and q_start < ${new Date(to)}
      group by 1, 2, 3, 4`.execute(this.db);
    return r.rows.map((row) => {
      const parts = emptyVolumeParts();
      for (const [k, c] of COLUMNS) parts[k] = Number(row[c] ?? 0);
      return { dim: row.dim, key: row.key, media: row.media, index: Number(row.idx) - 1, parts };
    });
  }
}

/**
 * Folds the dirty quarter hours of the volume report's interval tables (sql/108) from the raw
 * rows, by the raw report's own fold (volume-parts.ts quarterParts), and stores them clean. Runs
 * before a report reads the tables (for the report's range only) and once after start (the
 * backfill of rows stored before the tables existed, and whatever a crash left marked).
 *
 * One fold at a time in this process: two reports settling the same quarter hour would replace
 * each other's rows for nothing. Contiguous dirty quarter hours are folded together, up to a day
 * a fold, so a backfill reads each raw row about once.
 */
import type { ReportRowsReader, VolumeBucketStore, DirtyQuarter } from './ports.js';
import { QUARTER_MS, quarterParts } from './volume-parts.js';

const QUARTERS_PER_FOLD = 96;
const QUARTERS_PER_READ = 2_000;

export interface BucketSettlerDeps {
  store: VolumeBucketStore;
  rows: Pick<ReportRowsReader, 'volumeRows'>;
  /** The queues' service-level thresholds of today (the raw report reads the same). */
  serviceLevels(): Promise<(queueId: string) => number>;
}

/** Runs of consecutive quarter hours, each at most QUARTERS_PER_FOLD long. */
export function runsOf(quarters: readonly DirtyQuarter[]): DirtyQuarter[][] {
  const out: DirtyQuarter[][] = [];
  let run: DirtyQuarter[] = [];
  for (const q of quarters) {
    const last = run.at(-1);
    if (last && (q.qStart !== last.qStart + QUARTER_MS || run.length >= QUARTERS_PER_FOLD)) {
      out.push(run);
      run = [];
    }
    run.push(q);
  }
  if (run.length > 0) out.push(run);
  return out;
}

export class BucketSettler {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly d: BucketSettlerDeps) {}

  /** Folds every dirty quarter hour in [from, to) (all when not given); resolves with how many. */
  settle(from?: number, to?: number): Promise<number> {
    const run = this.queue.then(() => this.settleNow(from, to));
    this.queue = run.then(
      () => undefined,
      () => undefined, // the caller gets the failure through `run`; the next settle starts afresh
    );
    return run;
  }

  /**
   * Folds one run (at most a day) of the oldest dirty quarter hours starting before `before`;
   * resolves with how many (0: none left). The start-time backfill goes step by step, so a report
   * waits for one step at most, not for a month of backfill.
   */
  step(before?: number): Promise<number> {
    const run = this.queue.then(async () => {
      const first = runsOf(await this.d.store.dirty(undefined, before, QUARTERS_PER_FOLD))[0];
      if (!first) return 0;
      const sl = await this.d.serviceLevels();
      const from = (first[0] as DirtyQuarter).qStart;
      const end = (first.at(-1) as DirtyQuarter).qStart + QUARTER_MS;
      await this.d.store.replace(first, quarterParts(await this.d.rows.volumeRows(from, end), from, end, sl));
      return first.length;
    });
    this.queue = run.then(
      () => undefined,
      () => undefined, // as in settle
    );
    return run;
  }

  /**
   * One pass over the range's dirty quarter hours, page by page. A write that lands after its
   * quarter hour was read keeps it dirty (a mark of its own) for the next settle: a report answers
   * with what was stored when it asked, as the raw fold does.
   */
  private async settleNow(from: number | undefined, to: number | undefined): Promise<number> {
    let done = 0;
    let after = from;
    const sl = await this.d.serviceLevels();
    for (;;) {
      const dirty = await this.d.store.dirty(after, to, QUARTERS_PER_READ);
      for (const run of runsOf(dirty)) {
        const first = run[0] as DirtyQuarter;
        const end = (run.at(-1) as DirtyQuarter).qStart + QUARTER_MS;
        const rows = await this.d.rows.volumeRows(first.qStart, end);
        await this.d.store.replace(run, quarterParts(rows, first.qStart, end, sl));
        done += run.length;
      }
      const last = dirty.at(-1);
      if (!last || dirty.length < QUARTERS_PER_READ) return done;
      after = last.qStart + QUARTER_MS;
    }
  }
}

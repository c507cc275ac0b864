/**
 * The daily recording purge: deletes the files of recordings past their queue's retention
 * (retention-rules.ts) through the recordings folder port and marks their rows purged, keeping
 * the rows. It runs at a quiet hour of the center's day on the injected clock, and once at start
 * when the daemon was down at the last quiet hour. Every run is logged with its counts and bytes
 * freed and stored (recording_purge_runs); a run that deleted or tried to delete anything is
 * audited in one entry naming the recordings; a file that cannot be deleted is
 * logged with its recording id and the others still go (it is retried by the next run).
 *
 *   start ──(missed?)──> running ──> idle ──(quiet hour)──> running ──> idle ...
 *             └─(not missed)────────────> idle
 *
 * Two runs never overlap: a run asked while one is going gets that one.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { PurgeCandidate, PurgeRunRecord, RecordingDisk, RecordingRetentionStore } from './ports.js';
import { isDueForPurge, nextScheduledPurge, purgeCutoffs, purgeMissed, PURGE_MINUTE_OF_DAY } from './retention-rules.js';

export interface RetentionPurgeDeps {
  store: RecordingRetentionStore;
  disk: RecordingDisk;
  audit: AuditLog;
  clock: Clock;
  log: Logger;
  /** The center's time zone: its days count the retention and place the quiet hour. */
  timeZone: string;
  newId: () => string;
  /** Rows read and marked per step (default 500). */
  batchSize?: number;
  /** Minutes after local midnight the purge runs (default 03:30). */
  minuteOfDay?: number;
}

export interface PurgeRunResult extends PurgeRunRecord {
  /** Rows whose file was already gone: marked purged, nothing freed. */
  missingFiles: number;
  /** Recordings whose file could not be deleted (kept unmarked for the next run). */
  failedIds: string[];
}

/** Ids named in the audit entry; a larger run names the first ones and counts the rest. */
const AUDITED_IDS = 1000;

export class RecordingRetentionPurge {
  private timer: TimerHandle | undefined;
  private running: Promise<PurgeRunResult> | undefined;
  private latest: Promise<PurgeRunResult> | undefined;
  /** The scheduled or start-up run going on (never rejects: its failure is logged). */
  private background: Promise<void> = Promise.resolve();
  private stopped = true;

  constructor(private readonly d: RetentionPurgeDeps) {}

  /** Schedules the daily run; runs one now (in the background) when the last quiet hour was missed. */
  async start(): Promise<void> {
    this.stopped = false;
    const last = await this.d.store.lastPurgeRun();
    if (purgeMissed(last?.startedAt, this.d.clock.now(), this.d.timeZone, this.minute())) {
      this.d.log.info({ lastRunAt: last?.startedAt ?? null }, 'the last recording purge was missed: running one now');
      this.background = this.runLogged();
    }
    this.schedule();
  }

  /** No more scheduled runs; resolves once a run going on has finished (before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.d.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.background;
  }

  /** The run started last, going on or done (undefined before the first): tests wait for it. */
  lastRun(): Promise<PurgeRunResult> | undefined {
    return this.latest;
  }

  /** One purge now (or the one already going). */
  run(): Promise<PurgeRunResult> {
    if (!this.running) {
      this.running = this.purge().finally(() => {
        this.running = undefined;
      });
      this.latest = this.running;
    }
    return this.running;
  }

  private minute(): number {
    return this.d.minuteOfDay ?? PURGE_MINUTE_OF_DAY;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.d.clock.clearTimeout(this.timer);
    const now = this.d.clock.now();
    this.timer = this.d.clock.setTimeout(() => {
      this.background = this.runLogged().finally(() => this.schedule());
    }, nextScheduledPurge(now, this.d.timeZone, this.minute()) - now);
  }

  /** A run from the timer or at start: a failure of the whole run is logged, the next day retries. */
  private async runLogged(): Promise<void> {
    try {
      await this.run();
    } catch (err) {
      this.d.log.error({ err }, 'the recording purge failed; the next scheduled run retries');
    }
  }

  private async purge(): Promise<PurgeRunResult> {
    const startedAt = this.d.clock.now();
    const cutoffs = purgeCutoffs(await this.d.store.retentions(), startedAt, this.d.timeZone);
    const purgedIds: string[] = [];
    const failedIds: string[] = [];
    let missingFiles = 0;
    let bytesFreed = 0;
    let afterId: string | undefined;
    for (;;) {
      const batch = await this.d.store.dueRecordings(cutoffs, afterId, this.d.batchSize ?? 500);
      if (batch.length === 0) break;
      afterId = batch[batch.length - 1]?.id;
      const done: string[] = [];
      for (const rec of batch) {
        // The store's query and the rule must agree; the rule decides.
        if (!isDueForPurge(rec, cutoffs)) continue;
        const freed = await this.removeFile(rec);
        if (freed === 'failed') {
          failedIds.push(rec.id);
          continue;
        }
        if (freed === undefined) missingFiles++;
        else bytesFreed += freed;
        done.push(rec.id);
      }
      await this.d.store.markPurged(done, this.d.clock.now(), 'retention');
      purgedIds.push(...done);
    }
    const run: PurgeRunResult = { id: this.d.newId(), startedAt, finishedAt: this.d.clock.now(), purged: purgedIds.length, failed: failedIds.length, bytesFreed, missingFiles, failedIds };
    await this.d.store.savePurgeRun(run);
    const counts = { runId: run.id, purged: run.purged, missingFiles, failed: run.failed, bytesFreed, queues: cutoffs.length };
    this.d.log.info(counts, 'recording purge done');
    // A run that touched nothing is logged and stored, not audited: the audit trail holds deletions.
    if (run.purged + run.failed === 0) return run;
    await this.d.audit.record({
      action: 'recording.purge',
      target: `recording_purge:${run.id}`,
      details: { ...counts, recordingIds: purgedIds.slice(0, AUDITED_IDS), moreRecordings: Math.max(0, purgedIds.length - AUDITED_IDS), failedIds: failedIds.slice(0, AUDITED_IDS) },
    });
    return run;
  }

  /** Bytes freed, undefined when the file was already gone, 'failed' when it could not be deleted. */
  private async removeFile(rec: PurgeCandidate): Promise<number | undefined | 'failed'> {
    try {
      return await this.d.disk.remove(rec.name);
    } catch (err) {
      const code = err instanceof AppError ? err.code : (err as NodeJS.ErrnoException).code;
      this.d.log.warn({ err, recordingId: rec.id, callId: rec.callId, code }, 'could not delete a recording past its retention; the others still go, the next run retries it');
      return 'failed';
    }
  }
}

/**
 * Recording retention in PostgreSQL / PGlite: queues' settings, the recordings due (through their
 * call's queue), purge marks, the purge runs, and the per-queue figures of the storage panel.
 */
import { sql, type Kysely } from 'kysely';
import type { KeptRecording, PurgeCandidate, PurgeReason, PurgeRunRecord, QueueRecordingFigures, RecordingFiguresReader, RecordingRetentionStore } from '../../recording/ports.js';
import type { Database } from '../schema.js';

export class KyselyRecordingRetentionStore implements RecordingRetentionStore, RecordingFiguresReader {
  constructor(private readonly db: Kysely<Database>) {}

  async retentions(): Promise<{ queueId: string; days: number }[]> {
    const rows = await this.db.selectFrom('queues').select(['id', 'recording_retention_days']).where('recording_retention_days', 'is not', null).orderBy('id').execute();
    return rows.map((r) => ({ queueId: r.id, days: r.recording_retention_days ?? 0 }));
  }

  async dueRecordings(cutoffs: readonly { queueId: string; before: number }[], afterId: string | undefined, limit: number): Promise<PurgeCandidate[]> {
    if (cutoffs.length === 0) return [];
    let q = this.db
      .selectFrom('call_recordings as r')
      .innerJoin('calls as c', 'c.id', 'r.call_id')
      .select(['r.id', 'r.call_id', 'r.name', 'r.stopped_at', 'c.queue_id'])
      .where('r.purged_at', 'is', null)
      .where('r.stopped_at', 'is not', null)
      .where((eb) => eb.or(cutoffs.map((c) => eb.and([eb('c.queue_id', '=', c.queueId), eb('r.stopped_at', '<', new Date(c.before))]))));
    if (afterId !== undefined) q = q.where('r.id', '>', afterId);
    const rows = await q.orderBy('r.id').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      callId: r.call_id,
      name: r.name,
      stoppedAt: (r.stopped_at as Date).getTime(),
      ...(r.queue_id !== null ? { queueId: r.queue_id } : {}),
    }));
  }

  async markPurged(ids: readonly string[], at: number, reason: PurgeReason): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('call_recordings').set({ purged_at: new Date(at), purge_reason: reason }).where('id', 'in', [...ids]).where('purged_at', 'is', null).execute();
  }

  async lastPurgeRun(): Promise<PurgeRunRecord | undefined> {
    const r = await this.db.selectFrom('recording_purge_runs').selectAll().orderBy('started_at', 'desc').limit(1).executeTakeFirst();
    if (!r) return undefined;
    return { id: r.id, startedAt: r.started_at.getTime(), finishedAt: r.finished_at.getTime(), purged: r.purged, failed: r.failed, bytesFreed: Number(r.bytes_freed) };
  }

  async savePurgeRun(run: PurgeRunRecord): Promise<void> {
    await this.db
      .insertInto('recording_purge_runs')
      .values({ id: run.id, started_at: new Date(run.startedAt), finished_at: new Date(run.finishedAt), purged: run.purged, failed: run.failed, bytes_freed: run.bytesFreed })
      .execute();
  }

  /** Per queue: recordings kept and purged, from the rows (one grouped read). */
  async figuresByQueue(): Promise<QueueRecordingFigures[]> {
    const rows = await this.db
      .selectFrom('call_recordings as r')
      .innerJoin('calls as c', 'c.id', 'r.call_id')
      .select([
        'c.queue_id',
        sql<string>`count(*) filter (where r.purged_at is null)`.as('kept'),
        sql<string | null>`sum(r.duration_ms) filter (where r.purged_at is null)`.as('kept_ms'),
        sql<string>`count(*) filter (where r.purged_at is not null)`.as('purged'),
      ])
      .groupBy('c.queue_id')
      .orderBy('c.queue_id')
      .execute();
    return rows.map((r) => ({
      ...(r.queue_id !== null ? { queueId: r.queue_id } : {}),
      kept: Number(r.kept),
      keptDurationMs: Number(r.kept_ms ?? 0),
      purged: Number(r.purged),
    }));
  }

  /** Kept (unpurged) recordings by id, with their call's queue: the storage panel sizes their files. */
  async keptRecordings(afterId: string | undefined, limit: number): Promise<KeptRecording[]> {
    let q = this.db.selectFrom('call_recordings as r').innerJoin('calls as c', 'c.id', 'r.call_id').select(['r.id', 'r.name', 'c.queue_id']).where('r.purged_at', 'is', null);
    if (afterId !== undefined) q = q.where('r.id', '>', afterId);
    const rows = await q.orderBy('r.id').limit(limit).execute();
    return rows.map((r) => ({ id: r.id, name: r.name, ...(r.queue_id !== null ? { queueId: r.queue_id } : {}) }));
  }
}

/**
 * Part of the composition root: the recordings folder as the routes and the retention purge see
 * it, the retention store, and the daily purge on the center's clock and time zone.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import { newId } from '../core/ids.js';
import type { Logger } from '../core/log.js';
import { FsRecordingAudio } from '../recording/fs-recording-audio.js';
import { FsRecordingDisk } from '../recording/fs-recording-disk.js';
import type { RecordingAudio, RecordingDisk } from '../recording/ports.js';
import { RecordingRetentionPurge } from '../recording/retention-purge.js';
import { KyselyRecordingRetentionStore } from '../store/calls/recording-retention-repo.js';
import type { Database } from '../store/schema.js';

export interface RecordingsDeps {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
  audit: AuditLog;
  /** Absolute path of the recordings folder. */
  dir: string;
  timeZone: string;
}

export interface Recordings {
  /** Reading a recording's audio (listen, download). */
  audio: RecordingAudio;
  /** Deleting recordings' files and counting the folder. */
  disk: RecordingDisk;
  retentionStore: KyselyRecordingRetentionStore;
  purge: RecordingRetentionPurge;
}

export function createRecordings(d: RecordingsDeps): Recordings {
  const disk = new FsRecordingDisk(d.dir);
  const retentionStore = new KyselyRecordingRetentionStore(d.db);
  const purge = new RecordingRetentionPurge({
    store: retentionStore,
    disk,
    audit: d.audit,
    clock: d.clock,
    log: d.logger.child({ component: 'recording-retention' }),
    timeZone: d.timeZone,
    newId,
  });
  return { audio: new FsRecordingAudio(d.dir), disk, retentionStore, purge };
}

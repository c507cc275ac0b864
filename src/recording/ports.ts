/** What the recording lifecycle needs besides the media server: somewhere to keep the rows. */

export interface RecordingRow {
  id: string;
  callId: string;
  /** RecordOptions.name: the file is `<recordings folder>/<name>.wav`. */
  name: string;
  startedAt: number;
  stoppedAt?: number;
  durationMs?: number;
  /** Paused (PCI: the customer reads a card number) right now. */
  paused: boolean;
  /** Set when a crash cut the recording off: what its file turned out to be at the next start. */
  fileState?: RecordingFileState;
  /** When its file was deleted (retention or by hand); the row stays so records say "purged". */
  purgedAt?: number;
  purgeReason?: PurgeReason;
}

/** complete: the file is whole; repaired: its WAV header was fixed; missing: no file; damaged: unreadable. */
export type RecordingFileState = 'complete' | 'repaired' | 'missing' | 'damaged';

export interface RecordingStore {
  saveRecording(row: RecordingRow): Promise<void>;
}

/** Finding a recording's row by its id: the only way from an id in a URL to a file. */
export interface RecordingReader {
  recording(id: string): Promise<RecordingRow | undefined>;
}

/** A recording's audio, opened: its size and its bytes, whole or a part. */
export interface RecordingAudioFile {
  size: number;
  contentType: string;
  /** Last change of the file (epoch ms): what the waveform cache keys on, with the size. */
  modifiedAt: number;
  /** The bytes from `start` to `end` inclusive; the file closes when the stream ends or fails. */
  stream(start: number, end: number): NodeJS.ReadableStream;
  /** Closes the file when no stream is taken (a 416 answer). */
  close(): Promise<void>;
}

/** The recordings folder as the audio routes read it. */
export interface RecordingAudio {
  /** undefined when the file is not there, or the name could reach outside the folder. */
  open(name: string): Promise<RecordingAudioFile | undefined>;
}

/** Why a recording's file was deleted while its row stays. */
export type PurgeReason = 'retention' | 'deleted';

/** A stopped, unpurged recording the retention purge may delete. */
export interface PurgeCandidate {
  id: string;
  callId: string;
  name: string;
  queueId?: string;
  stoppedAt: number;
}

/** What one purge run did, as stored (recording_purge_runs) and logged. */
export interface PurgeRunRecord {
  id: string;
  startedAt: number;
  finishedAt: number;
  purged: number;
  failed: number;
  bytesFreed: number;
}

/** The rows the retention purge reads and marks. */
export interface RecordingRetentionStore {
  /** Queues with a retention setting (queues keeping recordings forever are left out). */
  retentions(): Promise<{ queueId: string; days: number }[]>;
  /** Due recordings (stopped before their queue's cutoff, not purged), by id after `afterId`. */
  dueRecordings(cutoffs: readonly { queueId: string; before: number }[], afterId: string | undefined, limit: number): Promise<PurgeCandidate[]>;
  /** Marks the rows purged at `at`; rows already purged keep their first mark. */
  markPurged(ids: readonly string[], at: number, reason: PurgeReason): Promise<void>;
  lastPurgeRun(): Promise<PurgeRunRecord | undefined>;
  savePurgeRun(run: PurgeRunRecord): Promise<void>;
}

/** The recordings folder as the purge, the delete route and the storage figures use it. */
export interface RecordingDisk {
  /**
   * Deletes the recording's file (`<name>.wav` or `.wav16`) inside the folder: the bytes freed,
   * or undefined when there was no file. A name that could leave the folder throws
   * RECORDING_NAME_REFUSED and nothing is touched.
   */
  remove(name: string): Promise<number | undefined>;
  /** Every regular file directly in the folder, by file name: its bytes. */
  listing(): Promise<Map<string, number>>;
}

/** Recordings of one queue (or of calls without one: queueId undefined), from the rows. */
export interface QueueRecordingFigures {
  queueId?: string;
  /** Recordings whose file is kept (not purged). */
  kept: number;
  /** Their summed length. */
  keptDurationMs: number;
  purged: number;
}

/** A recording whose file is kept (not purged), with its call's queue. */
export interface KeptRecording {
  id: string;
  name: string;
  queueId?: string;
}

/** The per-queue recording figures of the storage panel, read from the rows. */
export interface RecordingFiguresReader {
  figuresByQueue(): Promise<QueueRecordingFigures[]>;
  /** Kept recordings by id after `afterId`, at most `limit`: the files each queue holds are theirs. */
  keptRecordings(afterId: string | undefined, limit: number): Promise<KeptRecording[]>;
}

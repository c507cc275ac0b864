/**
 * Recordings a previous run of the daemon left open (it died before `recording.finished`): the
 * record must say what really exists. A file with a broken WAV header gets its sizes repaired, a
 * file that is not there is marked missing, one we cannot read is marked damaged (and left as
 * it is for a person to look at). Every such row is closed with its real duration when known.
 */
import type { Logger } from '../core/log.js';
import type { RecordingFileState, RecordingRow } from './ports.js';
import { checkWav } from './wav-header.js';

/** The recordings folder as the daemon sees it. */
export interface RecordingFiles {
  /** The first bytes of the recording's file and its full size; undefined when there is no file. */
  head(name: string, bytes: number): Promise<{ head: Uint8Array; size: number } | undefined>;
  /** Overwrite the start of the file with `header`. */
  writeHeader(name: string, header: Uint8Array): Promise<void>;
}

export interface OpenRecordings {
  /** Rows with no stop time. */
  openRecordings(): Promise<RecordingRow[]>;
  saveRecording(row: RecordingRow): Promise<void>;
}

const HEAD_BYTES = 4096;

export async function checkRecordingFile(files: RecordingFiles, name: string): Promise<{ state: RecordingFileState; durationMs?: number; reason?: string }> {
  const file = await files.head(name, HEAD_BYTES);
  if (!file) return { state: 'missing' };
  const verdict = checkWav(file.head, file.size);
  if (verdict.kind === 'damaged') return { state: 'damaged', reason: verdict.reason };
  if (verdict.kind === 'complete') return { state: 'complete', durationMs: verdict.durationMs };
  await files.writeHeader(name, verdict.header);
  return { state: 'repaired', durationMs: verdict.durationMs };
}

/**
 * Close every open recording row except `keep` (recordings this run owns), saying what its file
 * is. Returns the rows as stored. A file that cannot be checked (permissions) is logged and its
 * row left open for the next start.
 */
export async function finishCutRecordings(deps: { store: OpenRecordings; files: RecordingFiles; now: number; log: Logger }, keep: ReadonlySet<string> = new Set()): Promise<RecordingRow[]> {
  const done: RecordingRow[] = [];
  for (const row of await deps.store.openRecordings()) {
    if (keep.has(row.id)) continue;
    try {
      const found = await checkRecordingFile(deps.files, row.name);
      const closed: RecordingRow = { ...row, stoppedAt: deps.now, paused: false, fileState: found.state };
      if (found.durationMs !== undefined) closed.durationMs = found.durationMs;
      else delete closed.durationMs;
      await deps.store.saveRecording(closed);
      if (found.state !== 'complete') deps.log.warn({ recordingId: row.id, callId: row.callId, name: row.name, state: found.state, reason: found.reason }, 'a recording cut off by the previous run');
      done.push(closed);
    } catch (err) {
      deps.log.error({ recordingId: row.id, name: row.name, err }, 'could not check a recording the previous run left open');
    }
  }
  return done;
}

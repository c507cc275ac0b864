/**
 * Call records as CSV (src/core/csv.ts), read page by page from the store so that an export of
 * many rows never sits in memory. The caller and called columns are the numbers, never the
 * caller's name. `recording` (yes/no) says only that a call was recorded, kept for the files
 * made before the next two columns: `recordings` counts the call's recording rows and
 * `recording_state` says whether they can still be played or were purged by retention or deleted
 * (recording-presence.ts, the same rule as the list's mark).
 */
import { defuse, pagedCsv, secondsBetween as seconds, type ExportFormat } from '../core/csv.js';
import type { CallRecord } from './call-model.js';
import type { CallRecordQuery, CallRecordReader } from './ports.js';
import { exportedRecordingState, recordingStates, type ExportedRecordingState } from './recording-presence.js';

export const EXPORT_COLUMNS = [
  'call_id',
  'started_at',
  'direction',
  'caller_number',
  'called_number',
  'queue_id',
  'queue_name',
  'agent_id',
  'agent_name',
  'outcome',
  'duration_seconds',
  'talk_seconds',
  'recording',
  'recordings',
  'recording_state',
  'disposition',
  'note',
] as const;

/** Queue and agent names as configured when the export starts (ids stay beside them: names change). */
export interface ExportNames {
  queue(id: string): string | undefined;
  agent(id: string): string | undefined;
}

const NO_NAMES: ExportNames = { queue: () => undefined, agent: () => undefined };

/** A call as the export writes it: with its recording rows counted and what became of them. */
export interface ExportedCall extends CallRecord {
  recordingRows: number;
  recordingState: ExportedRecordingState;
}

export function exportRow(c: ExportedCall, names: ExportNames = NO_NAMES): string[] {
  return [
    c.id,
    new Date(c.startedAt).toISOString(),
    c.direction,
    c.from,
    c.to,
    c.queueId ?? '',
    defuse((c.queueId && names.queue(c.queueId)) ?? ''),
    c.agentId ?? '',
    defuse((c.agentId && names.agent(c.agentId)) ?? ''),
    c.outcome ?? '',
    seconds(c.startedAt, c.endedAt),
    seconds(c.answeredAt, c.endedAt),
    c.recordingIds.length > 0 ? 'yes' : 'no',
    String(c.recordingRows),
    c.recordingState,
    defuse(c.wrapUp?.disposition?.label ?? ''),
    defuse(c.wrapUp?.note ?? ''),
  ];
}

/**
 * The export's text, header first, then every matching call newest first, at most `cap` rows.
 * `keep` drops rows the query could not scope (see the API's record search).
 */
export function exportCsv(
  reader: Pick<CallRecordReader, 'list' | 'recordingMarks'>,
  query: CallRecordQuery,
  options: { format: ExportFormat; cap: number; keep?: (c: CallRecord) => boolean; names?: ExportNames },
): AsyncGenerator<string> {
  return pagedCsv((page) => withRecordings(reader, { ...query, ...page }), {
    format: options.format,
    columns: EXPORT_COLUMNS,
    cap: options.cap,
    row: (c) => exportRow(c, options.names),
    ...(options.keep ? { keep: options.keep } : {}),
  });
}

/** One page of calls with their recording rows, read in one more query for the whole page. */
async function withRecordings(reader: Pick<CallRecordReader, 'list' | 'recordingMarks'>, query: CallRecordQuery): Promise<ExportedCall[]> {
  const calls = await reader.list(query);
  const ids = calls.map((c) => c.id);
  const marks = await reader.recordingMarks(ids);
  const states = recordingStates(ids, marks);
  const rows = new Map<string, number>();
  for (const m of marks) rows.set(m.callId, (rows.get(m.callId) ?? 0) + 1);
  return calls.map((c) => ({ ...c, recordingRows: rows.get(c.id) ?? 0, recordingState: exportedRecordingState(states.get(c.id)) }));
}

/**
 * Call records as CSV (src/core/csv.ts), read page by page from the store so that an export of
 * many rows never sits in memory. The caller and called columns are the numbers, never the
 * caller's name.
 */
import { defuse, pagedCsv, secondsBetween as seconds, type ExportFormat } from '../core/csv.js';
import type { CallRecord } from './call-model.js';
import type { CallRecordQuery, CallRecordReader } from './ports.js';

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
  'disposition',
  'note',
] as const;

/** Queue and agent names as configured when the export starts (ids stay beside them: names change). */
export interface ExportNames {
  queue(id: string): string | undefined;
  agent(id: string): string | undefined;
}

const NO_NAMES: ExportNames = { queue: () => undefined, agent: () => undefined };

export function exportRow(c: CallRecord, names: ExportNames = NO_NAMES): string[] {
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
    defuse(c.wrapUp?.disposition?.label ?? ''),
    defuse(c.wrapUp?.note ?? ''),
  ];
}

/**
 * The export's text, header first, then every matching call newest first, at most `cap` rows.
 * `keep` drops rows the query could not scope (see the API's record search).
 */
export function exportCsv(
  reader: Pick<CallRecordReader, 'list'>,
  query: CallRecordQuery,
  options: { format: ExportFormat; cap: number; keep?: (c: CallRecord) => boolean; names?: ExportNames },
): AsyncGenerator<string> {
  return pagedCsv((page) => reader.list({ ...query, ...page }), {
    format: options.format,
    columns: EXPORT_COLUMNS,
    cap: options.cap,
    row: (c) => exportRow(c, options.names),
    ...(options.keep ? { keep: options.keep } : {}),
  });
}

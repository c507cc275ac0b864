/**
 * Call records as CSV (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote or line
 * break), read page by page from the store so that an export of many rows never sits in memory.
 * The caller and called columns are the numbers, never the caller's name. The "xlsx-csv" flavour
 * starts with a UTF-8 byte-order mark: without it Excel reads the file in the system's code page
 * and Chinese notes or disposition labels turn into mojibake.
 */
import type { CallRecord } from './call-model.js';
import type { CallRecordQuery, CallRecordReader } from './ports.js';

export type ExportFormat = 'csv' | 'xlsx-csv';

export const UTF8_BOM = '\uFEFF';

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

/** Rows fetched per store read: big enough to keep reads few, small enough to keep memory flat. */
const EXPORT_PAGE = 500;

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula; free text (notes, labels) from
 * users is defused with a leading apostrophe. Numbers in the number columns are left as they are:
 * `+8613800138000` is a number to Excel, not a formula that can call anything.
 */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

const seconds = (from: number | undefined, to: number | undefined): string => (from !== undefined && to !== undefined ? String(Math.round((to - from) / 1000)) : '');

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
export async function* exportCsv(
  reader: Pick<CallRecordReader, 'list'>,
  query: CallRecordQuery,
  options: { format: ExportFormat; cap: number; keep?: (c: CallRecord) => boolean; names?: ExportNames },
): AsyncGenerator<string> {
  yield (options.format === 'xlsx-csv' ? UTF8_BOM : '') + csvLine(EXPORT_COLUMNS);
  let written = 0;
  let before: string | undefined;
  for (;;) {
    const page = await reader.list({ ...query, limit: EXPORT_PAGE, ...(before !== undefined ? { before } : {}) });
    const kept = options.keep ? page.filter(options.keep) : page;
    const rows = kept.slice(0, options.cap - written);
    if (rows.length > 0) yield rows.map((c) => csvLine(exportRow(c, options.names))).join('');
    written += rows.length;
    const last = page.at(-1);
    if (page.length < EXPORT_PAGE || written >= options.cap || !last) return;
    before = last.id;
  }
}

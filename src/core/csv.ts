/**
 * CSV as spreadsheets read it (RFC 4180: comma, CRLF, fields quoted when they hold a comma, quote
 * or line break), shared by every export (call and chat records, customers, reports). The
 * "xlsx-csv" flavour starts with a UTF-8 byte-order mark: without it Excel reads the file in the
 * system's code page and Chinese text turns into mojibake.
 */
export type ExportFormat = 'csv' | 'xlsx-csv';

export const UTF8_BOM = '\uFEFF';

/**
 * A spreadsheet runs a cell starting with = + - @ as a formula; free text from users (notes,
 * labels, names, tags) is defused with a leading apostrophe. Numbers in number columns are left
 * as they are: `+8613800138000` is a number to Excel, not a formula that can call anything.
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

/** The first line of an export: the byte-order mark when asked for, then the header. */
export function csvHeader(format: ExportFormat, columns: readonly string[]): string {
  return (format === 'xlsx-csv' ? UTF8_BOM : '') + csvLine(columns);
}

/** Whole seconds between two instants (epoch ms), '' when either is unknown. */
export function secondsBetween(from: number | undefined, to: number | undefined): string {
  return from !== undefined && to !== undefined ? String(Math.round((to - from) / 1000)) : '';
}

/** Rows fetched per store read: big enough to keep reads few, small enough to keep memory flat. */
export const EXPORT_PAGE = 500;

/**
 * An export's text, header first, then the rows of a keyset-paged list (newest first, the next
 * page asked for `before` the last id seen) so that an export of many rows never sits in memory;
 * at most `cap` rows. `keep` drops rows the query could not scope.
 */
export async function* pagedCsv<T extends { id: string }>(
  readPage: (page: { limit: number; before?: string }) => Promise<T[]>,
  options: { format: ExportFormat; columns: readonly string[]; cap: number; row: (item: T) => string[]; keep?: (item: T) => boolean },
): AsyncGenerator<string> {
  yield csvHeader(options.format, options.columns);
  let written = 0;
  let before: string | undefined;
  for (;;) {
    const page = await readPage({ limit: EXPORT_PAGE, ...(before !== undefined ? { before } : {}) });
    const kept = options.keep ? page.filter(options.keep) : page;
    const rows = kept.slice(0, options.cap - written);
    if (rows.length > 0) yield rows.map((item) => csvLine(options.row(item))).join('');
    written += rows.length;
    const last = page.at(-1);
    if (page.length < EXPORT_PAGE || written >= options.cap || !last) return;
    before = last.id;
  }
}

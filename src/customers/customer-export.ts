/**
 * Customers as CSV rows (GET /api/customers/export, customer.export): one row per customer, lists
 * joined with "; ", custom values as `key=value`. Cells are defused like the call-record export's
 * (a leading = + - @ cannot start a spreadsheet formula).
 */
import { csvLine, defuse } from '../core/csv.js';
import type { Customer } from './model.js';

export const CUSTOMER_EXPORT_HEADER = ['id', 'name', 'company', 'level', 'phones', 'emails', 'chat_visitors', 'messaging', 'tags', 'age', 'gender', 'preferences', 'needs', 'custom', 'notes', 'created_at'];

/** Numbers stay as they are (`+86...` is a number to Excel); every text a user typed is defused. */
export function customerExportRow(c: Customer): string[] {
  const row = [
    c.id,
    c.name,
    c.company,
    c.level,
    c.phones.join('; '),
    c.emails.join('; '),
    c.chatVisitors.join('; '),
    c.messaging.map((m) => `${m.platform}:${m.id}`).join('; '),
    c.tags.join('; '),
    c.profile.age === undefined ? '' : String(c.profile.age),
    c.profile.gender ?? '',
    c.profile.preferences ?? '',
    c.profile.needs ?? '',
    Object.entries(c.custom)
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    c.notes,
    new Date(c.createdAt).toISOString(),
  ];
  return row.map((cell, i) => (i === 4 ? cell : defuse(cell)));
}

/** The whole export, page by page, so a large customer base is never held in memory at once. */
export async function* customersCsv(page: (offset: number) => Promise<Customer[]>, bom: boolean): AsyncGenerator<string> {
  yield `${bom ? '\uFEFF' : ''}${csvLine(CUSTOMER_EXPORT_HEADER)}`;
  for (let offset = 0; ; ) {
    const items = await page(offset);
    if (items.length === 0) return;
    for (const c of items) yield csvLine(customerExportRow(c));
    offset += items.length;
  }
}

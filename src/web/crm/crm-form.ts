/** The CRM settings form's pure parts: headers as lines of text, a test's outcome in words. */
import type { CrmSettingsView, CrmTestResult } from '../api/types.js';
import { t } from '../i18n/i18n.js';

export type Rule = CrmSettingsView['routing'][number];

export function headersToText(headers: Record<string, string>): string {
  return Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
}

/** `Name: value` per line (blank lines skipped); undefined when a line has no name or colon. */
export function headersFromText(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const at = line.indexOf(':');
    if (at <= 0) return undefined;
    const name = line.slice(0, at).trim();
    if (name === '') return undefined;
    out[name] = line.slice(at + 1).trim();
  }
  return out;
}

export function testMessage(r: CrmTestResult): string {
  switch (r.outcome) {
    case 'answer':
      return t('crm.outcome.answer', { ms: r.elapsedMs });
    case 'not_found':
      return t('crm.outcome.not_found', { ms: r.elapsedMs });
    case 'http_error':
      return t('crm.outcome.http_error', { status: r.httpStatus ?? 0 });
    case 'unreachable':
      return t('crm.outcome.unreachable', { error: r.error ?? '' });
    default:
      return t(`crm.outcome.${r.outcome}`);
  }
}

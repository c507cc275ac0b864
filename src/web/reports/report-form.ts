/**
 * The reports page's filters: local dates (first and last day, both included) in a time zone,
 * turned into the API's range (local midnight of the first day to local midnight after the last,
 * whatever the clock changes in between). Pure.
 */
import { canonicalTimeZone, dayOfIsoDate, isoDateOfDay, toInstant, toLocal } from '../../calendars/zoned-time.js';
import type { ReportInterval, VolumeGrouping } from '../api/types.js';
import type { MessageKey } from '../i18n/i18n.js';

export interface ReportForm {
  from: string;
  to: string;
  tz: string;
  interval: ReportInterval;
  groupBy: VolumeGrouping;
}

export type FormCheck = { params: URLSearchParams; timeZone: string } | { field: 'from' | 'to' | 'tz'; error: MessageKey };

/** Today in the browser's time zone, per hour, not grouped. */
export function defaultForm(now: number, tz = Intl.DateTimeFormat().resolvedOptions().timeZone): ReportForm {
  const today = isoDateOfDay(toLocal(tz, now).day);
  return { from: today, to: today, tz, interval: 'hour', groupBy: 'none' };
}

/** bot: the chat bot's totals (from and to only: its route takes no time zone nor interval). */
export type ReportTab = 'volume' | 'agents' | 'satisfaction' | 'bot';

/** The API parameters of the form (interval and groupBy for the volume and satisfaction tabs), or the field at fault. */
export function formParams(f: ReportForm, tab: ReportTab): FormCheck {
  const timeZone = canonicalTimeZone(f.tz.trim());
  if (!timeZone) return { field: 'tz', error: 'reports.error.tz' };
  const first = dayOfIsoDate(f.from);
  if (first === undefined) return { field: 'from', error: 'reports.error.date' };
  const last = dayOfIsoDate(f.to);
  if (last === undefined) return { field: 'to', error: 'reports.error.date' };
  if (last < first) return { field: 'to', error: 'reports.error.range' };
  const range = { from: String(toInstant(timeZone, first, 0)), to: String(toInstant(timeZone, last + 1, 0)) };
  if (tab === 'bot') return { params: new URLSearchParams(range), timeZone };
  const params = new URLSearchParams({ ...range, tz: timeZone });
  if (tab === 'volume' || tab === 'satisfaction') {
    params.set('interval', f.interval);
    // Satisfaction is not grouped by team (an answer is about a queue and an agent).
    params.set('groupBy', tab === 'satisfaction' && f.groupBy === 'team' ? 'none' : f.groupBy);
  }
  return { params, timeZone };
}

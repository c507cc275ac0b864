/**
 * The records page's filter bar as the API's query parameters (GET /api/call-records and its
 * export take the same). Empty fields are left out; times are the browser's local time.
 */
export interface RecordFilterForm {
  /** `datetime-local` values ("2026-11-23T09:00"), '' for none. */
  from: string;
  to: string;
  number: string;
  direction: '' | 'inbound' | 'outbound';
  outcome: string;
  queueId: string;
  teamId: string;
  recording: '' | 'true' | 'false';
  /** Whole minutes, '' for none. */
  minMinutes: string;
  maxMinutes: string;
}

export const EMPTY_FILTERS: RecordFilterForm = { from: '', to: '', number: '', direction: '', outcome: '', queueId: '', teamId: '', recording: '', minMinutes: '', maxMinutes: '' };

export function filterParams(f: RecordFilterForm): URLSearchParams {
  const q = new URLSearchParams();
  const time = (key: string, v: string) => {
    const at = v === '' ? NaN : new Date(v).getTime();
    if (!Number.isNaN(at)) q.set(key, String(at));
  };
  time('from', f.from);
  time('to', f.to);
  if (f.number.trim() !== '') q.set('number', f.number.trim());
  if (f.direction) q.set('direction', f.direction);
  if (f.outcome) q.set('outcome', f.outcome);
  if (f.queueId) q.set('queueId', f.queueId);
  if (f.teamId) q.set('teamId', f.teamId);
  if (f.recording) q.set('recording', f.recording);
  if (f.minMinutes !== '') q.set('minDuration', String(Math.round(Number(f.minMinutes) * 60)));
  if (f.maxMinutes !== '') q.set('maxDuration', String(Math.round(Number(f.maxMinutes) * 60)));
  return q;
}

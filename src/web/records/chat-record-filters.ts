/**
 * The chat records' filter bar as the API's query parameters (GET /api/chat-records and its export
 * take the same). The API needs a time range: an empty "from" means the last 7 days, an empty
 * "to" means now. Empty fields are left out; times are the browser's local time.
 */
export interface ChatRecordFilterForm {
  /** `datetime-local` values ("2026-11-23T09:00"), '' for none. */
  from: string;
  to: string;
  visitor: string;
  outcome: string;
  endReason: string;
  queueId: string;
  teamId: string;
  tag: string;
  /** Whole minutes, '' for none. */
  minMinutes: string;
  maxMinutes: string;
}

export const EMPTY_CHAT_FILTERS: ChatRecordFilterForm = { from: '', to: '', visitor: '', outcome: '', endReason: '', queueId: '', teamId: '', tag: '', minMinutes: '', maxMinutes: '' };

const DEFAULT_SPAN = 7 * 24 * 60 * 60 * 1000;

export function chatFilterParams(f: ChatRecordFilterForm, now: number): URLSearchParams {
  const q = new URLSearchParams();
  const time = (v: string) => (v === '' ? NaN : new Date(v).getTime());
  const to = Number.isNaN(time(f.to)) ? now + 60_000 : time(f.to);
  const from = Number.isNaN(time(f.from)) ? to - DEFAULT_SPAN : time(f.from);
  q.set('from', String(Math.max(0, from)));
  q.set('to', String(Math.max(0, to)));
  if (f.visitor.trim() !== '') q.set('visitor', f.visitor.trim());
  if (f.outcome) q.set('outcome', f.outcome);
  if (f.endReason) q.set('endReason', f.endReason);
  if (f.queueId) q.set('queueId', f.queueId);
  if (f.teamId) q.set('teamId', f.teamId);
  if (f.tag.trim() !== '') q.set('tag', f.tag.trim());
  if (f.minMinutes !== '') q.set('minDuration', String(Math.round(Number(f.minMinutes) * 60)));
  if (f.maxMinutes !== '') q.set('maxDuration', String(Math.round(Number(f.maxMinutes) * 60)));
  return q;
}

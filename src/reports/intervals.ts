/**
 * Report intervals in the reader's time zone: 15 minutes, hour, day, week (Monday to Monday) and
 * month. Pure (Intl only, through calendars/zoned-time.ts).
 *
 * Days, weeks and months are local calendar units, so a day with a clock change has 23 or 25
 * hours. Quarter hours and hours are cut at the local wall clock's quarter or hour marks but are
 * real spans of time: on the night clocks go back, 02:00-03:00 happens twice and is two intervals
 * (labelled +02:00 and +01:00); on the night they go forward, 02:00-03:00 does not exist and has
 * no interval. (Zones whose clock change is not a multiple of the interval, such as Lord Howe's
 * half hour, get one short interval at the change.)
 */
import { offsetAt, toInstant, toLocal, weekdayOf } from '../calendars/zoned-time.js';
import { validationError } from '../core/errors.js';

export const REPORT_INTERVALS = ['15m', 'hour', 'day', 'week', 'month'] as const;
export type ReportInterval = (typeof REPORT_INTERVALS)[number];

/** Most intervals one report may hold: a year of hours is about 8,800. */
export const MAX_INTERVALS = 10_000;

const MINUTE = 60_000;
const FIXED: Partial<Record<ReportInterval, number>> = { '15m': 15 * MINUTE, hour: 60 * MINUTE };

export interface Bucket {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /** Local start with its offset, e.g. 2026-03-29T03:00+02:00. */
  label: string;
}

function dayStart(timeZone: string, day: number): number {
  return toInstant(timeZone, day, 0);
}

function monthOfDay(day: number): { y: number; m: number } {
  const d = new Date(day * 86_400_000);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
}

const dayOfUtc = (y: number, m: number): number => Date.UTC(y, m, 1) / 86_400_000;

/** Start of the interval holding `at`. */
export function bucketStart(timeZone: string, interval: ReportInterval, at: number): number {
  const fixed = FIXED[interval];
  if (fixed !== undefined) {
    const wall = at + offsetAt(timeZone, at);
    const into = ((wall % fixed) + fixed) % fixed;
    return at - into;
  }
  const day = toLocal(timeZone, at).day;
  if (interval === 'day') return dayStart(timeZone, day);
  if (interval === 'week') return dayStart(timeZone, day - ((weekdayOf(day) + 6) % 7));
  const { y, m } = monthOfDay(day);
  return dayStart(timeZone, dayOfUtc(y, m));
}

/** Start of the interval after the one starting at `start`. */
export function nextBucket(timeZone: string, interval: ReportInterval, start: number): number {
  const fixed = FIXED[interval];
  if (fixed !== undefined) {
    const next = bucketStart(timeZone, interval, start + fixed);
    // A clock change that is not a multiple of the interval may land the mark behind: move on anyway.
    return next > start ? next : start + fixed;
  }
  const day = toLocal(timeZone, start).day;
  if (interval === 'day') return dayStart(timeZone, day + 1);
  if (interval === 'week') return dayStart(timeZone, day + 7);
  const { y, m } = monthOfDay(day);
  return dayStart(timeZone, dayOfUtc(y, m + 1));
}

/** Local wall time of an instant with its UTC offset: 2026-03-29T03:00+02:00. */
export function localLabel(timeZone: string, at: number): string {
  const offset = offsetAt(timeZone, at);
  const wall = new Date(at + offset).toISOString().slice(0, 16);
  const abs = Math.abs(offset) / MINUTE;
  const sign = offset < 0 ? '-' : '+';
  return `${wall}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(timeZone: string, at: number): string {
  return new Date(at + offsetAt(timeZone, at)).toISOString().slice(0, 10);
}

/**
 * The intervals covering [from, to): the first starts at or before `from` (the interval holding
 * it), the last holds `to - 1`. Too many answers a coded 400 naming `interval`.
 */
export function bucketsOf(timeZone: string, interval: ReportInterval, from: number, to: number): Bucket[] {
  const out: Bucket[] = [];
  if (to <= from) return out;
  let start = bucketStart(timeZone, interval, from);
  while (start < to) {
    if (out.length >= MAX_INTERVALS) {
      throw validationError([{ where: '/interval', reason: `more than ${MAX_INTERVALS} intervals in the range: choose a longer interval or a shorter range` }]);
    }
    const end = nextBucket(timeZone, interval, start);
    out.push({ start, end, label: localLabel(timeZone, start) });
    start = end;
  }
  return out;
}

/** Index of the bucket holding `at` (buckets sorted, contiguous), or undefined outside them. */
export function bucketIndex(buckets: readonly Bucket[], at: number): number | undefined {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = buckets[mid];
    if (!b) return undefined;
    if (at < b.start) hi = mid - 1;
    else if (at >= b.end) lo = mid + 1;
    else return mid;
  }
  return undefined;
}

/**
 * Wall-clock arithmetic in an IANA time zone using only Intl (no tz database of our own).
 * Local dates are counted as whole days since 1970-01-01 ("day numbers") so that stepping a day
 * never goes through an instant, which would be wrong on 23- and 25-hour days.
 */
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The canonical name of a time zone Intl knows, or undefined for an unknown one. */
export function canonicalTimeZone(timeZone: string): string | undefined {
  if (timeZone.trim() === '') return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions().timeZone;
  } catch (err) {
    // Intl says "unknown time zone" with a RangeError; anything else is not an answer.
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

export interface LocalDateTime {
  /** Local calendar day as days since 1970-01-01. */
  day: number;
  /** Minutes since local midnight (seconds dropped). */
  minute: number;
}

/** The wall time in `timeZone` at `epochMs`, as UTC-fields milliseconds (no offset applied). */
function wallMs(timeZone: string, epochMs: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** Offset of local time from UTC at an instant, in milliseconds (London summer: +3_600_000). */
export function offsetAt(timeZone: string, epochMs: number): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  return wallMs(timeZone, wholeSecond) - wholeSecond;
}

export function toLocal(timeZone: string, epochMs: number): LocalDateTime {
  const wall = wallMs(timeZone, epochMs);
  const day = Math.floor(wall / DAY_MS);
  return { day, minute: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
}

/**
 * The instant of a local wall time. Like Temporal's "compatible" disambiguation: a time that
 * occurs twice (clocks go back) resolves to the earlier instant, and a time skipped by clocks
 * going forward resolves to the same length of time after the gap (01:30 becomes 02:30).
 * `minute` may be 1440 (the midnight that ends the day).
 */
export function toInstant(timeZone: string, day: number, minute: number): number {
  const wall = day * DAY_MS + minute * MINUTE_MS;
  // Transitions are rarer than one per two days, so the offsets a day either side bracket the answer.
  const before = offsetAt(timeZone, wall - DAY_MS);
  const after = offsetAt(timeZone, wall + DAY_MS);
  const candidates = [wall - before, wall - after].filter((c) => c + offsetAt(timeZone, c) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before;
}

/** Weekday of a day number, 0 = Sunday (as Date#getUTCDay). */
export function weekdayOf(day: number): number {
  return new Date(day * DAY_MS).getUTCDay();
}

/** Day number of an ISO date `YYYY-MM-DD`, or undefined if it is not a real date. */
export function dayOfIsoDate(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

export function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

import { WEEKDAYS, intervalMinutes, type BusinessCalendar, type TimeInterval } from './calendar.js';
import { isoDateOfDay, toInstant, toLocal, weekdayOf } from './zoned-time.js';

/**
 * Is a business-hours calendar open at an instant, and when does that next change?
 * Pure functions of (calendar, epochMs): the caller passes the time from its Clock.
 * Intervals are turned into instants per local day, so 23- and 25-hour days (DST) come out right.
 */

export interface CalendarChange {
  /** Instant of the change, epoch ms. */
  at: number;
  /** Whether the calendar is open from that instant on. */
  open: boolean;
}

interface Span {
  from: number;
  to: number;
}

/** Days searched before concluding the state never changes (a calendar always open or never open). */
const HORIZONS = [8, 400];

function hoursOfDay(cal: BusinessCalendar, day: number): TimeInterval[] {
  const iso = isoDateOfDay(day);
  const holiday = cal.holidays.find((h) => h.date === iso);
  if (holiday) return holiday.hours ?? [];
  return cal.weekly[WEEKDAYS[weekdayOf(day)] ?? 'sun'] ?? [];
}

function spansOfDay(cal: BusinessCalendar, day: number): Span[] {
  const spans: Span[] = [];
  for (const iv of hoursOfDay(cal, day)) {
    const { start, end } = intervalMinutes(iv);
    const from = toInstant(cal.timeZone, day, start);
    const to = toInstant(cal.timeZone, day, end);
    // An interval lying wholly inside a skipped hour has no instants at all.
    if (to > from) spans.push({ from, to });
  }
  return spans;
}

/** Sorted, non-overlapping spans; touching spans (Mon until 24:00, Tue from 00:00) join. */
function mergedSpans(cal: BusinessCalendar, firstDay: number, lastDay: number): Span[] {
  const all: Span[] = [];
  for (let d = firstDay; d <= lastDay; d++) all.push(...spansOfDay(cal, d));
  all.sort((a, b) => a.from - b.from);
  const out: Span[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) last.to = Math.max(last.to, s.to);
    else out.push({ ...s });
  }
  return out;
}

export function isOpen(cal: BusinessCalendar, epochMs: number): boolean {
  const { day } = toLocal(cal.timeZone, epochMs);
  // Yesterday's overnight interval may still be running.
  return [day - 1, day].some((d) => spansOfDay(cal, d).some((s) => s.from <= epochMs && epochMs < s.to));
}

/** The next instant the open/closed state changes, or null if it never does within about a year. */
export function nextChange(cal: BusinessCalendar, epochMs: number): CalendarChange | null {
  const { day } = toLocal(cal.timeZone, epochMs);
  for (const horizon of HORIZONS) {
    const lastDay = day + horizon;
    // A span reaching into the last generated day may continue into days not generated yet.
    const trustedBefore = toInstant(cal.timeZone, lastDay, 0);
    const spans = mergedSpans(cal, day - 1, lastDay);
    const current = spans.find((s) => s.from <= epochMs && epochMs < s.to);
    const change: CalendarChange | undefined = current
      ? { at: current.to, open: false }
      : spans.filter((s) => s.from > epochMs).map((s) => ({ at: s.from, open: true }))[0];
    if (change && change.at < trustedBefore) return change;
  }
  return null;
}

export interface CalendarStatus {
  open: boolean;
  nextChange: CalendarChange | null;
}

export function calendarStatus(cal: BusinessCalendar, epochMs: number): CalendarStatus {
  return { open: isOpen(cal, epochMs), nextChange: nextChange(cal, epochMs) };
}

import type { FieldProblem } from '../core/errors.js';
import { canonicalTimeZone, dayOfIsoDate } from './zoned-time.js';

/**
 * A business-hours calendar. Times are local wall times in `timeZone`, `HH:MM`.
 *
 * - An interval whose end is not after its start runs overnight into the next day
 *   (`22:00`-`06:00`); `24:00` is allowed as an end and means the midnight closing the day.
 * - An interval belongs to the day it starts on: Monday's `22:00`-`06:00` is open early Tuesday
 *   even if Tuesday is a holiday.
 * - A holiday replaces the weekly hours of its date: without `hours` the day is closed, with
 *   `hours` it opens only in those.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface TimeInterval {
  start: string;
  end: string;
}

export interface Holiday {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  name: string;
  /** Partial opening on that date; absent means closed all day. */
  hours?: TimeInterval[];
}

export interface BusinessCalendar {
  timeZone: string;
  weekly: Partial<Record<Weekday, TimeInterval[]>>;
  holidays: Holiday[];
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Minutes since midnight of `HH:MM`, or undefined when malformed. */
export function minutesOf(time: string): number | undefined {
  if (!TIME.test(time)) return undefined;
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Start and end minute of an interval relative to the start of its day (end may pass 1440). */
export function intervalMinutes(iv: TimeInterval): { start: number; end: number } {
  const start = minutesOf(iv.start) ?? 0;
  const rawEnd = minutesOf(iv.end) ?? 0;
  return { start, end: rawEnd > start ? rawEnd : rawEnd + 1440 };
}

function checkIntervals(list: TimeInterval[], where: string, problems: FieldProblem[]): void {
  list.forEach((iv, i) => {
    const start = minutesOf(iv.start);
    const end = minutesOf(iv.end);
    if (start === undefined || start === 1440) {
      problems.push({ where: `${where}/${i}/start`, reason: 'must be a time HH:MM from 00:00 to 23:59' });
    }
    if (end === undefined) problems.push({ where: `${where}/${i}/end`, reason: 'must be a time HH:MM from 00:00 to 24:00' });
    if (start !== undefined && end !== undefined && start === end) {
      problems.push({ where: `${where}/${i}/end`, reason: 'must differ from start' });
    }
  });
}

/**
 * Checks what JSON schema cannot: a real time zone, real dates, times in range, one holiday per
 * date. Returns the problems with JSON pointers relative to the calendar object.
 */
export function calendarProblems(cal: BusinessCalendar): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!canonicalTimeZone(cal.timeZone)) {
    problems.push({ where: '/timeZone', reason: `unknown time zone "${cal.timeZone}"` });
  }
  for (const [day, list] of Object.entries(cal.weekly)) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({ where: `/weekly/${day}`, reason: `must be one of ${WEEKDAYS.join(', ')}` });
    } else if (list) {
      checkIntervals(list, `/weekly/${day}`, problems);
    }
  }
  const seen = new Set<string>();
  cal.holidays.forEach((h, i) => {
    if (dayOfIsoDate(h.date) === undefined) {
      problems.push({ where: `/holidays/${i}/date`, reason: 'must be a real date YYYY-MM-DD' });
    } else if (seen.has(h.date)) {
      problems.push({ where: `/holidays/${i}/date`, reason: `${h.date} is listed twice` });
    }
    seen.add(h.date);
    if (h.hours) checkIntervals(h.hours, `/holidays/${i}/hours`, problems);
  });
  return problems;
}

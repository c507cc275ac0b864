/**
 * The abandon chart's range: local days (first and last, both included) in the user's time zone,
 * turned into the report's instants (local midnight to the local midnight after the last day,
 * whatever the clock changes in between). Pure.
 */
import { dayOfIsoDate, isoDateOfDay, toInstant, toLocal } from '../../calendars/zoned-time.js';

export type RangePreset = 'today' | 'days7' | 'days30';
export const PRESET_DAYS: Record<RangePreset, number> = { today: 1, days7: 7, days30: 30 };

export interface DayRange {
  from: string;
  to: string;
}

/** The last `days` local days up to and including today. */
export function presetRange(preset: RangePreset, now: number, timeZone: string): DayRange {
  const today = toLocal(timeZone, now).day;
  return { from: isoDateOfDay(today - PRESET_DAYS[preset] + 1), to: isoDateOfDay(today) };
}

/** Which preset a range is, if any (the buttons show the one in use as pressed). */
export function presetOf(range: DayRange, now: number, timeZone: string): RangePreset | undefined {
  return (Object.keys(PRESET_DAYS) as RangePreset[]).find((p) => {
    const r = presetRange(p, now, timeZone);
    return r.from === range.from && r.to === range.to;
  });
}

/** The report's instants, or undefined while a date is missing or the last day is before the first. */
export function rangeInstants(range: DayRange, timeZone: string): { from: number; to: number } | undefined {
  const first = dayOfIsoDate(range.from);
  const last = dayOfIsoDate(range.to);
  if (first === undefined || last === undefined || last < first) return undefined;
  return { from: toInstant(timeZone, first, 0), to: toInstant(timeZone, last + 1, 0) };
}

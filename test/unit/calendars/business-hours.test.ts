import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { calendarStatus, isOpen, nextChange } from '../../../src/calendars/business-hours.js';
import type { BusinessCalendar, TimeInterval } from '../../../src/calendars/calendar.js';

const utc = (iso: string): number => Date.parse(iso);
const nineToFive: TimeInterval[] = [{ start: '09:00', end: '17:00' }];

function weekdays(tz: string, hours: TimeInterval[] = nineToFive): BusinessCalendar {
  return { timeZone: tz, weekly: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours }, holidays: [] };
}

describe('business hours in Europe/London', () => {
  const cal = weekdays('Europe/London');

  it('given winter time when it is 09:30 local then open, and 09:00 local is 09:00 UTC', () => {
    expect(isOpen(cal, utc('2026-03-27T08:59:00Z'))).toBe(false);
    expect(isOpen(cal, utc('2026-03-27T09:00:00Z'))).toBe(true);
    expect(isOpen(cal, utc('2026-03-27T16:59:59Z'))).toBe(true);
    expect(isOpen(cal, utc('2026-03-27T17:00:00Z'))).toBe(false);
  });

  it('given the weekend of the spring change when closed on Friday evening then the next opening is Monday 09:00 BST (08:00 UTC)', () => {
    expect(nextChange(cal, utc('2026-03-27T18:00:00Z'))).toEqual({ at: utc('2026-03-30T08:00:00Z'), open: true });
    expect(isOpen(cal, utc('2026-03-30T07:30:00Z'))).toBe(false);
    expect(isOpen(cal, utc('2026-03-30T08:00:00Z'))).toBe(true);
  });

  it('given an overnight interval across the spring change then it closes at 06:00 BST and lasts seven hours', () => {
    const night: BusinessCalendar = { timeZone: 'Europe/London', weekly: { sat: [{ start: '22:00', end: '06:00' }] }, holidays: [] };
    expect(isOpen(night, utc('2026-03-28T21:59:00Z'))).toBe(false);
    expect(isOpen(night, utc('2026-03-28T22:00:00Z'))).toBe(true);
    expect(isOpen(night, utc('2026-03-29T04:59:00Z'))).toBe(true);
    expect(isOpen(night, utc('2026-03-29T05:00:00Z'))).toBe(false);
    expect(nextChange(night, utc('2026-03-28T23:00:00Z'))).toEqual({ at: utc('2026-03-29T05:00:00Z'), open: false });
  });

  it('given the autumn change when the office opens on Monday then 09:00 is GMT again', () => {
    expect(nextChange(cal, utc('2026-10-24T12:00:00Z'))).toEqual({ at: utc('2026-10-26T09:00:00Z'), open: true });
    // Friday before the change is still BST
    expect(isOpen(cal, utc('2026-10-23T08:00:00Z'))).toBe(true);
  });

  it('given an interval inside the skipped hour then the calendar never opens that night', () => {
    const gap: BusinessCalendar = { timeZone: 'Europe/London', weekly: { sun: [{ start: '01:00', end: '02:00' }] }, holidays: [] };
    expect(isOpen(gap, utc('2026-03-29T01:00:00Z'))).toBe(false);
    expect(nextChange(gap, utc('2026-03-29T00:30:00Z'))).toEqual({ at: utc('2026-04-05T00:00:00Z'), open: true });
  });
});

describe('business hours in America/New_York', () => {
  it('given an opening at 02:30 on the spring-forward day then it opens at 03:30 EDT', () => {
    const cal: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [{ start: '02:30', end: '05:00' }] }, holidays: [] };
    expect(nextChange(cal, utc('2026-03-08T05:00:00Z'))).toEqual({ at: utc('2026-03-08T07:30:00Z'), open: true });
    expect(isOpen(cal, utc('2026-03-08T07:15:00Z'))).toBe(false);
    expect(isOpen(cal, utc('2026-03-08T08:59:00Z'))).toBe(true);
    expect(isOpen(cal, utc('2026-03-08T09:00:00Z'))).toBe(false);
  });

  it('given the fall-back night when open 00:00-04:00 then it stays open five real hours', () => {
    const cal: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [{ start: '00:00', end: '04:00' }] }, holidays: [] };
    expect(isOpen(cal, utc('2026-11-01T04:00:00Z'))).toBe(true);
    expect(isOpen(cal, utc('2026-11-01T08:59:00Z'))).toBe(true);
    expect(nextChange(cal, utc('2026-11-01T05:00:00Z'))).toEqual({ at: utc('2026-11-01T09:00:00Z'), open: false });
  });

  it('given an opening at the repeated 01:30 then the first 01:30 (EDT) counts', () => {
    const cal: BusinessCalendar = { timeZone: 'America/New_York', weekly: { sun: [{ start: '01:30', end: '03:00' }] }, holidays: [] };
    expect(nextChange(cal, utc('2026-11-01T04:00:00Z'))).toEqual({ at: utc('2026-11-01T05:30:00Z'), open: true });
  });

  it('given an ordinary weekday then 09:00 EST is 14:00 UTC', () => {
    expect(calendarStatus(weekdays('America/New_York'), utc('2026-11-23T14:30:00Z'))).toEqual({
      open: true,
      nextChange: { at: utc('2026-11-23T22:00:00Z'), open: false },
    });
  });
});

describe('holidays', () => {
  const base = weekdays('Europe/London');

  it('given a closed holiday on a weekday then it is closed all day and the next opening is the day after', () => {
    const cal = { ...base, holidays: [{ date: '2026-12-25', name: 'Christmas' }] };
    expect(isOpen(cal, utc('2026-12-25T12:00:00Z'))).toBe(false);
    expect(nextChange(cal, utc('2026-12-24T18:00:00Z'))).toEqual({ at: utc('2026-12-28T09:00:00Z'), open: true });
  });

  it('given a holiday with partial hours then only those hours are open', () => {
    const cal = { ...base, holidays: [{ date: '2026-12-24', name: 'Christmas Eve', hours: [{ start: '10:00', end: '12:00' }] }] };
    expect(isOpen(cal, utc('2026-12-24T09:30:00Z'))).toBe(false);
    expect(isOpen(cal, utc('2026-12-24T11:00:00Z'))).toBe(true);
    expect(nextChange(cal, utc('2026-12-24T11:00:00Z'))).toEqual({ at: utc('2026-12-24T12:00:00Z'), open: false });
  });

  it('given an overnight interval that runs into a holiday then the night still finishes', () => {
    const cal: BusinessCalendar = {
      timeZone: 'Europe/London',
      weekly: { mon: [{ start: '22:00', end: '06:00' }], tue: [{ start: '22:00', end: '06:00' }] },
      holidays: [{ date: '2026-12-01', name: 'Closed Tuesday' }],
    };
    expect(isOpen(cal, utc('2026-12-01T03:00:00Z'))).toBe(true);
    expect(isOpen(cal, utc('2026-12-01T22:30:00Z'))).toBe(false);
  });

  it('given a closure longer than a week then the next opening is still found', () => {
    const holidays = Array.from({ length: 14 }, (_, i) => ({ date: `2026-08-${String(i + 3).padStart(2, '0')}`, name: 'Summer' }));
    const cal = { ...base, holidays };
    expect(nextChange(cal, utc('2026-08-01T12:00:00Z'))).toEqual({ at: utc('2026-08-17T08:00:00Z'), open: true });
  });
});

describe('calendars that never change', () => {
  it('given open around the clock every day then open with no next change', () => {
    const all = [{ start: '00:00', end: '24:00' }];
    const cal: BusinessCalendar = {
      timeZone: 'America/New_York',
      weekly: { sun: all, mon: all, tue: all, wed: all, thu: all, fri: all, sat: all },
      holidays: [],
    };
    expect(calendarStatus(cal, utc('2026-03-08T07:00:00Z'))).toEqual({ open: true, nextChange: null });
  });

  it('given no hours at all then closed with no next change', () => {
    expect(calendarStatus({ timeZone: 'UTC', weekly: {}, holidays: [] }, 0)).toEqual({ open: false, nextChange: null });
  });

  it('given back-to-back days then midnight is not a change', () => {
    const cal: BusinessCalendar = {
      timeZone: 'UTC',
      weekly: { mon: [{ start: '08:00', end: '24:00' }], tue: [{ start: '00:00', end: '12:00' }] },
      holidays: [],
    };
    expect(nextChange(cal, utc('2026-11-23T20:00:00Z'))).toEqual({ at: utc('2026-11-24T12:00:00Z'), open: false });
  });
});

describe('property: the state holds until the reported change and flips there', () => {
  const zones = ['Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'UTC'];
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
  const interval = fc
    .tuple(time, time)
    .filter(([a, b]) => a !== b)
    .map(([start, end]) => ({ start, end }));
  const calendar = fc.record({
    timeZone: fc.constantFrom(...zones),
    weekly: fc.record({ mon: fc.array(interval, { maxLength: 2 }), sat: fc.array(interval, { maxLength: 2 }), sun: fc.array(interval, { maxLength: 1 }) }),
    holidays: fc.constant<BusinessCalendar['holidays']>([]),
  });

  it('given any calendar and instant then isOpen is constant up to nextChange and flips at it', () => {
    fc.assert(
      fc.property(calendar, fc.integer({ min: utc('2026-01-01T00:00:00Z'), max: utc('2027-01-01T00:00:00Z') }), (cal, t) => {
        const open = isOpen(cal, t);
        const change = nextChange(cal, t);
        if (!change) return;
        expect(change.at).toBeGreaterThan(t);
        expect(change.open).toBe(!open);
        expect(isOpen(cal, change.at)).toBe(change.open);
        expect(isOpen(cal, change.at - 1)).toBe(open);
        expect(isOpen(cal, Math.floor((t + change.at) / 2))).toBe(open);
      }),
      { numRuns: 150 },
    );
  });
});

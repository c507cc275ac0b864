import { describe, expect, it } from 'vitest';
import { calendarProblems } from '../../../src/calendars/calendar.js';
import { canonicalTimeZone, toInstant } from '../../../src/calendars/zoned-time.js';
import { dayOfIsoDate } from '../../../src/calendars/zoned-time.js';

describe('calendar validation', () => {
  it('given a sound calendar then there are no problems', () => {
    expect(
      calendarProblems({
        timeZone: 'Europe/London',
        weekly: { mon: [{ start: '22:00', end: '06:00' }, { start: '09:00', end: '24:00' }] },
        holidays: [{ date: '2026-12-25', name: 'Christmas', hours: [{ start: '10:00', end: '12:00' }] }],
      }),
    ).toEqual([]);
  });

  it('given an unknown time zone then the problem names timeZone', () => {
    expect(calendarProblems({ timeZone: 'Mars/Olympus', weekly: {}, holidays: [] })).toEqual([
      { where: '/timeZone', reason: 'unknown time zone "Mars/Olympus"' },
    ]);
  });

  it('given bad times, an unknown weekday, a bad date and a repeated date then each is named', () => {
    const problems = calendarProblems({
      timeZone: 'UTC',
      weekly: { tue: [{ start: '24:00', end: '25:00' }, { start: '10:00', end: '10:00' }], funday: [] } as never,
      holidays: [
        { date: '2026-02-30', name: 'x' },
        { date: '2026-05-01', name: 'a' },
        { date: '2026-05-01', name: 'b' },
      ],
    });
    expect(problems.map((p) => p.where)).toEqual([
      '/weekly/tue/0/start',
      '/weekly/tue/0/end',
      '/weekly/tue/1/end',
      '/weekly/funday',
      '/holidays/0/date',
      '/holidays/2/date',
    ]);
  });
});

describe('zoned time', () => {
  it('given an alias or odd case then the canonical zone name comes back', () => {
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('')).toBeUndefined();
  });

  it('given a London summer date then local noon is 11:00 UTC', () => {
    const day = dayOfIsoDate('2026-07-01');
    expect(day).toBeDefined();
    expect(toInstant('Europe/London', day ?? 0, 12 * 60)).toBe(Date.parse('2026-07-01T11:00:00Z'));
  });
});

/** Issue 14, reports: intervals in the reader's time zone, clock changes included. */
import { describe, expect, it } from 'vitest';
import { bucketIndex, bucketStart, bucketsOf, localLabel } from '../../../src/reports/intervals.js';

const utc = (iso: string): number => Date.parse(iso);

describe('report intervals', () => {
  it('given a normal day in Asia/Shanghai when cut in hours then 24 hours from local midnight (16:00 UTC the day before), labelled +08:00', () => {
    const from = utc('2026-06-14T16:00:00Z');
    const b = bucketsOf('Asia/Shanghai', 'hour', from, from + 86_400_000);
    expect(b).toHaveLength(24);
    expect(b[0]).toEqual({ start: from, end: from + 3_600_000, label: '2026-06-15T00:00+08:00' });
    expect(b[23]?.label).toBe('2026-06-15T23:00+08:00');
    const q = bucketsOf('Asia/Shanghai', '15m', from, from + 86_400_000);
    expect(q).toHaveLength(96);
    expect(q[1]?.label).toBe('2026-06-15T00:15+08:00');
  });

  it('given the Berlin day clocks go forward (29 March 2026) when cut then the day has 23 hours, 92 quarters, and no 02:00 interval', () => {
    const day = bucketsOf('Europe/Berlin', 'day', utc('2026-03-29T10:00:00Z'), utc('2026-03-29T10:00:01Z'));
    expect(day).toEqual([{ start: utc('2026-03-28T23:00:00Z'), end: utc('2026-03-29T22:00:00Z'), label: '2026-03-29T00:00+01:00' }]);
    const [d] = day;
    const hours = bucketsOf('Europe/Berlin', 'hour', d!.start, d!.end);
    expect(hours).toHaveLength(23);
    expect(hours.slice(0, 4).map((h) => h.label)).toEqual(['2026-03-29T00:00+01:00', '2026-03-29T01:00+01:00', '2026-03-29T03:00+02:00', '2026-03-29T04:00+02:00']);
    expect(hours.every((h) => h.end - h.start === 3_600_000)).toBe(true);
    expect(bucketsOf('Europe/Berlin', '15m', d!.start, d!.end)).toHaveLength(92);
  });

  it('given the Berlin day clocks go back (25 October 2026) when cut then the day has 25 hours and 02:00 appears twice, +02:00 then +01:00', () => {
    const [d] = bucketsOf('Europe/Berlin', 'day', utc('2026-10-25T12:00:00Z'), utc('2026-10-25T12:00:01Z'));
    expect(d!.end - d!.start).toBe(25 * 3_600_000);
    const hours = bucketsOf('Europe/Berlin', 'hour', d!.start, d!.end);
    expect(hours).toHaveLength(25);
    expect(hours.slice(1, 5).map((h) => h.label)).toEqual(['2026-10-25T01:00+02:00', '2026-10-25T02:00+02:00', '2026-10-25T02:00+01:00', '2026-10-25T03:00+01:00']);
    expect(bucketsOf('Europe/Berlin', '15m', d!.start, d!.end)).toHaveLength(100);
    // A moment in the second 02:00 hour lands in the second interval, not the first.
    const second = utc('2026-10-25T01:30:00Z');
    expect(hours[bucketIndex(hours, second)!]?.label).toBe('2026-10-25T02:00+01:00');
  });

  it('given weeks and months when cut then weeks start on local Monday midnight and months on the 1st, across a clock change', () => {
    const weeks = bucketsOf('Europe/Berlin', 'week', utc('2026-03-25T12:00:00Z'), utc('2026-04-02T00:00:00Z'));
    expect(weeks.map((w) => w.label)).toEqual(['2026-03-23T00:00+01:00', '2026-03-30T00:00+02:00']);
    expect(weeks[0]!.end - weeks[0]!.start).toBe(7 * 86_400_000 - 3_600_000);
    const months = bucketsOf('Asia/Shanghai', 'month', utc('2026-01-31T17:00:00Z'), utc('2026-04-01T00:00:00Z'));
    expect(months.map((m) => m.label)).toEqual(['2026-02-01T00:00+08:00', '2026-03-01T00:00+08:00', '2026-04-01T00:00+08:00']);
    expect(months[0]!.end - months[0]!.start).toBe(28 * 86_400_000);
  });

  it('given a moment when its interval is asked then the start is the local mark before it', () => {
    expect(localLabel('Asia/Shanghai', bucketStart('Asia/Shanghai', '15m', utc('2026-06-15T01:44:59Z')))).toBe('2026-06-15T09:30+08:00');
    expect(localLabel('Asia/Kolkata', bucketStart('Asia/Kolkata', 'hour', utc('2026-06-15T01:44:59Z')))).toBe('2026-06-15T07:00+05:30');
  });

  it('given a range needing more than the allowed intervals when cut then a coded 400 names interval', () => {
    expect(() => bucketsOf('UTC', '15m', 0, 400 * 86_400_000)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: { problems: [expect.objectContaining({ where: '/interval' })] } }));
  });
});

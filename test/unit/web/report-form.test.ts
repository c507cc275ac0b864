/** Issue 14, reports page: the filters' local days and time zone turned into the API's range. */
import { describe, expect, it } from 'vitest';
import { defaultForm, formParams } from '../../../src/web/reports/report-form.js';

describe('report filters', () => {
  it('given a Berlin day with a clock change when turned into a range then it runs from local midnight to the next one (23 hours)', () => {
    const c = formParams({ from: '2026-03-29', to: '2026-03-29', tz: 'Europe/Berlin', interval: '15m', groupBy: 'queue' }, 'volume');
    expect('params' in c && Object.fromEntries(c.params)).toEqual({
      from: String(Date.parse('2026-03-28T23:00:00Z')),
      to: String(Date.parse('2026-03-29T22:00:00Z')),
      tz: 'Europe/Berlin',
      interval: '15m',
      groupBy: 'queue',
    });
  });

  it('given the agents tab when turned into a range then a week of Shanghai days has no interval nor grouping', () => {
    const c = formParams({ from: '2026-06-15', to: '2026-06-21', tz: 'Asia/Shanghai', interval: 'hour', groupBy: 'team' }, 'agents');
    expect('params' in c && Object.fromEntries(c.params)).toEqual({ from: String(Date.parse('2026-06-14T16:00:00Z')), to: String(Date.parse('2026-06-21T16:00:00Z')), tz: 'Asia/Shanghai' });
  });

  it('given an unknown zone, a missing date or a last day before the first when checked then the field at fault is named', () => {
    const base = { from: '2026-06-15', to: '2026-06-15', tz: 'Asia/Shanghai', interval: 'hour' as const, groupBy: 'none' as const };
    expect(formParams({ ...base, tz: 'Mars/Olympus' }, 'volume')).toEqual({ field: 'tz', error: 'reports.error.tz' });
    expect(formParams({ ...base, from: '' }, 'volume')).toEqual({ field: 'from', error: 'reports.error.date' });
    expect(formParams({ ...base, to: '2026-06-14' }, 'volume')).toEqual({ field: 'to', error: 'reports.error.range' });
  });

  it('given the page opens when the form starts then it is today in the zone, per hour, not grouped', () => {
    expect(defaultForm(Date.parse('2026-06-14T17:00:00Z'), 'Asia/Shanghai')).toEqual({ from: '2026-06-15', to: '2026-06-15', tz: 'Asia/Shanghai', interval: 'hour', groupBy: 'none' });
  });

  it('given the chat bot tab when its range is made then it holds from and to only (the bot report takes no zone, interval or grouping)', () => {
    const c = formParams({ from: '2026-06-15', to: '2026-06-16', tz: 'Asia/Shanghai', interval: 'hour', groupBy: 'agent' }, 'bot');
    expect('params' in c && Object.fromEntries(c.params)).toEqual({ from: String(Date.parse('2026-06-14T16:00:00Z')), to: String(Date.parse('2026-06-16T16:00:00Z')) });
  });
});

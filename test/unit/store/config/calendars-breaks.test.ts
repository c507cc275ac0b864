import { describe, expect, it } from 'vitest';
import { problemPaths, rejection, useConfigFixture } from './fixtures.js';

const f = useConfigFixture();

const weekly = { mon: [{ start: '09:00', end: '17:00' }] };

describe('calendars repository', () => {
  it('given a calendar when created then zone is canonical, weekdays and holidays read back in order', async () => {
    const cal = await f.repos.calendars.create({
      name: 'UK office',
      timeZone: 'europe/london',
      weekly: { fri: [{ start: '09:00', end: '12:00' }], mon: [{ start: '22:00', end: '06:00' }], sun: [] },
      holidays: [
        { date: '2026-12-26', name: 'Boxing Day' },
        { date: '2026-12-24', name: 'Eve', hours: [{ start: '09:00', end: '12:00' }] },
      ],
    });
    const read = await f.repos.calendars.get(cal.id);
    expect(read.timeZone).toBe('Europe/London');
    expect(Object.keys(read.weekly)).toEqual(['mon', 'fri']);
    expect(read.holidays.map((h) => h.date)).toEqual(['2026-12-24', '2026-12-26']);
    expect(read.holidays[0]).toEqual({ date: '2026-12-24', name: 'Eve', hours: [{ start: '09:00', end: '12:00' }] });
  });

  it('given an unknown zone when created then VALIDATION_FAILED names /timeZone', async () => {
    const err = await rejection(f.repos.calendars.create({ name: 'x', timeZone: 'Nowhere/Town', weekly, holidays: [] }));
    expect(problemPaths(err)).toEqual(['/timeZone']);
  });

  it('given a name in use when another calendar takes it then CONFLICT names /name', async () => {
    await f.repos.calendars.create({ name: 'Main', timeZone: 'UTC', weekly, holidays: [] });
    const other = await f.repos.calendars.create({ name: 'Other', timeZone: 'UTC', weekly, holidays: [] });
    const err = await rejection(f.repos.calendars.update(other.id, { name: 'MAIN', timeZone: 'UTC', weekly, holidays: [] }));
    expect(err.details).toMatchObject({ field: '/name' });
  });

  it('given a calendar a queue uses when deleted then CONFLICT and it stays', async () => {
    const cal = await f.repos.calendars.create({ name: 'Main', timeZone: 'UTC', weekly, holidays: [] });
    await f.repos.queues.create({ name: 'Q', media: 'voice', strategy: 'longest_idle', calendarId: cal.id, closedAction: 'voicemail' });
    expect((await rejection(f.repos.calendars.delete(cal.id))).code).toBe('CONFLICT');
    expect((await f.repos.calendars.get(cal.id)).name).toBe('Main');
  });
});

describe('break reasons repository', () => {
  it('given a fresh database then the five defaults are selectable and missed_offers is a system reason', async () => {
    const selectable = await f.repos.breakReasons.list({ selectable: true });
    expect(selectable.items.map((r) => r.code).sort()).toEqual(['activity', 'meal', 'meeting', 'short_break', 'training']);
    expect(await f.repos.breakReasons.findByCode('missed_offers')).toMatchObject({ system: true, active: true });
  });

  it('given a system reason when edited or deleted then CONFLICT', async () => {
    const missed = await f.repos.breakReasons.findByCode('missed_offers');
    const id = missed?.id ?? '';
    expect((await rejection(f.repos.breakReasons.update(id, { code: 'missed_offers', label: 'x', paid: false }))).code).toBe('CONFLICT');
    expect((await rejection(f.repos.breakReasons.delete(id))).code).toBe('CONFLICT');
  });

  it('given a new reason when created, deactivated and deleted then lists follow', async () => {
    const r = await f.repos.breakReasons.create({ code: 'coaching', label: 'Coaching', paid: true, maxMinutes: 30 });
    expect(r).toMatchObject({ code: 'coaching', maxMinutes: 30, active: true, system: false });
    await f.repos.breakReasons.update(r.id, { code: 'coaching', label: 'Coaching', paid: true, active: false });
    expect((await f.repos.breakReasons.list({ selectable: true })).items.some((x) => x.code === 'coaching')).toBe(false);
    expect((await f.repos.breakReasons.list({ active: false })).items.map((x) => x.code)).toEqual(['coaching']);
    await f.repos.breakReasons.delete(r.id);
    expect(await f.repos.breakReasons.find(r.id)).toBeUndefined();
  });

  it('given a code in use when created then CONFLICT names /code', async () => {
    const err = await rejection(f.repos.breakReasons.create({ code: 'meal', label: 'Lunch', paid: false }));
    expect(err).toMatchObject({ code: 'CONFLICT', details: { field: '/code' } });
  });
});

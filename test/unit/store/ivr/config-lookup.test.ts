import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfigRepos } from '../../../../src/store/config/index.js';
import { IvrConfigLookup } from '../../../../src/store/ivr/index.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

let t: TestDb;
let lookup: IvrConfigLookup;
let queueId: string;
beforeAll(async () => {
  t = await createTestDb();
  const repos = createConfigRepos({ db: t.db });
  await repos.calendars.create({
    name: 'Office-Hours',
    timeZone: 'Europe/Berlin',
    weekly: { mon: [{ start: '08:00', end: '18:00' }], tue: [{ start: '08:00', end: '18:00' }] },
    holidays: [{ date: '2026-12-22', name: 'Staff party' }],
  });
  queueId = (await repos.queues.create({ name: 'Sales', media: 'voice', strategy: 'longest_idle' })).id;
  lookup = new IvrConfigLookup(t.db);
});
afterAll(async () => {
  await t.close();
});

describe('IVR configuration lookup', () => {
  it('given configured queues and calendars when a flow names them then names match in any case, and by id', async () => {
    expect(await lookup.queueExists('sales')).toBe(true);
    expect(await lookup.queueExists(queueId)).toBe(true);
    expect(await lookup.queueExists('marketing')).toBe(false);
    expect(await lookup.queueIdOf('SALES')).toBe(queueId);
    expect(await lookup.calendarExists('office-hours')).toBe(true);
    expect(await lookup.calendarExists('weekend')).toBe(false);
  });

  it('given the office calendar when asked at several times then open, closed and holiday come out in its time zone', async () => {
    expect(await lookup.stateAt('office-hours', Date.UTC(2026, 11, 21, 9, 0))).toBe('open'); // Mon 10:00 Berlin
    expect(await lookup.stateAt('office-hours', Date.UTC(2026, 11, 21, 17, 30))).toBe('closed'); // Mon 18:30 Berlin
    expect(await lookup.stateAt('office-hours', Date.UTC(2026, 11, 22, 9, 0))).toBe('holiday'); // Tue, staff party
    expect(await lookup.stateAt('unknown', Date.UTC(2026, 11, 21, 9, 0))).toBe('closed');
  });
});

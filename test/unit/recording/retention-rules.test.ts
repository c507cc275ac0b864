import { describe, expect, it } from 'vitest';
import { isDueForPurge, lastScheduledPurge, nextScheduledPurge, purgeCutoffs, purgeMissed, retentionCutoff } from '../../../src/recording/retention-rules.js';

// Shanghai is UTC+8 all year: local midnight of a day is 16:00 UTC the day before.
const SHANGHAI = 'Asia/Shanghai';
const BERLIN = 'Europe/Berlin';
const MS = 1;

describe('retention cutoff at the day boundary of the center', () => {
  const cutoffs = (now: number) => purgeCutoffs([{ queueId: 'q1', days: 1 }], now, SHANGHAI);
  // 23 Nov 23:59:59 Shanghai: the last second of local day 23 Nov.
  const lastSecondOf23 = { queueId: 'q1', stoppedAt: Date.UTC(2026, 10, 23, 15, 59, 59) };
  // 24 Nov 00:00:00 Shanghai: the first instant of the next local day.
  const firstInstantOf24 = { queueId: 'q1', stoppedAt: Date.UTC(2026, 10, 23, 16, 0, 0) };
  // Local midnight starting 25 Nov (23 Nov + 1 day kept + 1).
  const midnight25 = Date.UTC(2026, 10, 24, 16, 0, 0);

  it('given 1 day kept and a recording stopped in the last second of a local day when the clock is one ms before the midnight two days later then it is not due', () => {
    expect(isDueForPurge(lastSecondOf23, cutoffs(midnight25 - MS))).toBe(false);
  });

  it('given the same recording when the local midnight two days later comes then it is due', () => {
    expect(isDueForPurge(lastSecondOf23, cutoffs(midnight25))).toBe(true);
  });

  it('given a recording stopped at the first instant of the next local day when that same midnight comes then it is kept one more day', () => {
    expect(isDueForPurge(firstInstantOf24, cutoffs(midnight25))).toBe(false);
    expect(isDueForPurge(firstInstantOf24, cutoffs(midnight25 + 86_400_000 - MS))).toBe(false);
    expect(isDueForPurge(firstInstantOf24, cutoffs(midnight25 + 86_400_000))).toBe(true);
  });

  it('given the same instants in UTC when the center is in UTC instead then the boundary moves with the zone', () => {
    // In UTC, 23 Nov 15:59:59 and 16:00 are the same local day: both are due at UTC midnight of 25 Nov.
    const utc = purgeCutoffs([{ queueId: 'q1', days: 1 }], Date.UTC(2026, 10, 25, 0, 0, 0), 'UTC');
    expect(isDueForPurge(lastSecondOf23, utc)).toBe(true);
    expect(isDueForPurge(firstInstantOf24, utc)).toBe(true);
    const before = purgeCutoffs([{ queueId: 'q1', days: 1 }], Date.UTC(2026, 10, 25, 0, 0, 0) - MS, 'UTC');
    expect(isDueForPurge(lastSecondOf23, before)).toBe(false);
  });

  it('given a 25-hour day (Berlin, clocks back on 25 Oct) when 1 day is kept then the cutoff is local midnight, not 24 h steps', () => {
    // 26 Oct 00:00 Berlin is CET (UTC+1): 25 Oct 23:00 UTC; 24 Oct 00:00 Berlin is CEST: 23 Oct 22:00 UTC.
    expect(retentionCutoff(1, Date.UTC(2026, 9, 25, 23, 0, 0), BERLIN)).toBe(Date.UTC(2026, 9, 24, 22, 0, 0));
    expect(retentionCutoff(1, Date.UTC(2026, 9, 25, 23, 0, 0) - MS, BERLIN)).toBe(Date.UTC(2026, 9, 23, 22, 0, 0));
  });
});

describe('what is never due', () => {
  const cutoffs = purgeCutoffs([{ queueId: 'q1', days: 1 }], Date.UTC(2026, 11, 31), 'UTC');
  const old = Date.UTC(2026, 0, 1);

  it('given an old recording when it is still open, already purged, of a queue kept forever or of no queue then it is not due', () => {
    expect(isDueForPurge({ queueId: 'q1', stoppedAt: old }, cutoffs)).toBe(true);
    expect(isDueForPurge({ queueId: 'q1' }, cutoffs)).toBe(false);
    expect(isDueForPurge({ queueId: 'q1', stoppedAt: old, purgedAt: old }, cutoffs)).toBe(false);
    expect(isDueForPurge({ queueId: 'q2', stoppedAt: old }, cutoffs)).toBe(false);
    expect(isDueForPurge({ stoppedAt: old }, cutoffs)).toBe(false);
  });
});

describe('the daily schedule', () => {
  // 03:30 Shanghai is 19:30 UTC the day before.
  const at0330On24 = Date.UTC(2026, 10, 23, 19, 30, 0);

  it('given a time just before the quiet hour when asked then the next run is that day and the last one the day before', () => {
    expect(nextScheduledPurge(at0330On24 - MS, SHANGHAI)).toBe(at0330On24);
    expect(lastScheduledPurge(at0330On24 - MS, SHANGHAI)).toBe(at0330On24 - 86_400_000);
  });

  it('given the quiet hour itself when asked then it is the last run and the next is a day later', () => {
    expect(lastScheduledPurge(at0330On24, SHANGHAI)).toBe(at0330On24);
    expect(nextScheduledPurge(at0330On24, SHANGHAI)).toBe(at0330On24 + 86_400_000);
  });

  it('given the last run before the latest quiet hour, or none, when the daemon starts then a purge is owed; after it, none', () => {
    expect(purgeMissed(undefined, at0330On24 + 3_600_000, SHANGHAI)).toBe(true);
    expect(purgeMissed(at0330On24 - MS, at0330On24 + 3_600_000, SHANGHAI)).toBe(true);
    expect(purgeMissed(at0330On24, at0330On24 + 3_600_000, SHANGHAI)).toBe(false);
    expect(purgeMissed(at0330On24 - MS, at0330On24 - MS, SHANGHAI)).toBe(false);
  });
});

/**
 * Issue 14, reports at scale: the volume report read from the quarter-hour interval tables
 * (volume-parts.ts, volume-buckets.ts, bucket-settler.ts) equals the raw fold (volume.ts) on
 * generated days of calls, chats, callbacks and agent wrap-up, for every interval size and
 * grouping, in zones with whole-hour, half-hour and quarter-hour offsets and a clock change.
 * The tables and the rows reader are in-memory full implementations of their ports.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/core/clock.js';
import { BucketSettler, runsOf } from '../../../src/reports/bucket-settler.js';
import { bucketStart, REPORT_INTERVALS, type ReportInterval } from '../../../src/reports/intervals.js';
import type { BucketSum, DirtyQuarter, ReportCall, ReportRowsReader, VolumeBucketStore, VolumeRows } from '../../../src/reports/ports.js';
import { ReportService } from '../../../src/reports/report-service.js';
import { cutsOnQuarters } from '../../../src/reports/volume-buckets.js';
import { addParts, emptyVolumeParts, QUARTER_MS, quarterOf, WRAP_UP_TAIL_MS, type QuarterParts } from '../../../src/reports/volume-parts.js';
import { VOLUME_GROUPINGS, type VolumeGrouping } from '../../../src/reports/volume.js';

const T0 = Date.UTC(2026, 2, 27); // Friday; Europe's clocks go forward on Sunday the 29th
const SPAN = 4 * 86_400_000;
const MIN = 60_000;

/** The stored rows, as KyselyReportRows reads them (calls two hours either side of the range). */
class MemoryRows implements ReportRowsReader {
  constructor(private readonly all: VolumeRows) {}
  volumeRows(from: number, to: number): Promise<VolumeRows> {
    return Promise.resolve({
      calls: this.all.calls.filter((c) => c.startedAt >= from - WRAP_UP_TAIL_MS && c.startedAt < to + WRAP_UP_TAIL_MS),
      agentChanges: this.all.agentChanges.filter((c) => c.at >= from && c.at < to + WRAP_UP_TAIL_MS),
      callbacks: this.all.callbacks.filter((c) => c.at >= from && c.at < to),
    });
  }
  agentRows(): never {
    throw new Error('not read here');
  }
  surveyAnswers(): never {
    throw new Error('not read here');
  }
}

/** The tables: quarter-hour rows and dirty marks, summed per interval as the SQL does (width_bucket). */
export class MemoryBuckets implements VolumeBucketStore {
  rows = new Map<number, QuarterParts[]>();
  marks = new Map<number, number[]>();
  private seq = 0;
  mark(at: number): void {
    const q = quarterOf(at);
    this.marks.set(q, [...(this.marks.get(q) ?? []), ++this.seq]);
  }
  dirty(from: number | undefined, to: number | undefined, limit: number): Promise<DirtyQuarter[]> {
    const out = [...this.marks]
      .filter(([q]) => (from === undefined || q >= from) && (to === undefined || q < to))
      .sort((a, b) => a[0] - b[0])
      .slice(0, limit)
      .map(([qStart, marks]) => ({ qStart, marks: [...marks] }));
    return Promise.resolve(out);
  }
  replace(quarters: readonly DirtyQuarter[], rows: readonly QuarterParts[]): Promise<void> {
    for (const q of quarters) this.rows.delete(q.qStart);
    for (const r of rows) this.rows.set(r.qStart, [...(this.rows.get(r.qStart) ?? []), r]);
    for (const q of quarters) {
      const left = (this.marks.get(q.qStart) ?? []).filter((m) => !q.marks.includes(m));
      if (left.length === 0) this.marks.delete(q.qStart);
      else this.marks.set(q.qStart, left);
    }
    return Promise.resolve();
  }
  sums(dim: BucketSum['dim'], from: number, to: number, starts: readonly number[]): Promise<BucketSum[]> {
    const out = new Map<string, BucketSum>();
    for (const [q, list] of this.rows) {
      if (q < from || q >= to) continue;
      const index = starts.filter((s) => s <= q).length - 1;
      for (const r of list.filter((x) => x.dim === dim)) {
        const k = `${r.dim}|${r.key}|${r.media}|${index}`;
        const s = out.get(k) ?? { dim: r.dim, key: r.key, media: r.media, index, parts: emptyVolumeParts() };
        addParts(s.parts, r.parts);
        out.set(k, s);
      }
    }
    return Promise.resolve([...out.values()]);
  }
}

const clock: Clock = { now: () => T0 + SPAN, setTimeout: () => ({ id: 0 }), clearTimeout: () => undefined };
const directory = {
  queues: [
    { id: 'q1', name: 'Sales', serviceLevelMs: 20_000 },
    { id: 'q2', name: 'Care', serviceLevelMs: 45_000 },
  ],
  teams: [
    { id: 't1', name: 'One' },
    { id: 't2', name: 'Two' },
  ],
  agents: [
    { id: 'a1', name: 'Ann' },
    { id: 'a2', name: 'Bo' },
  ],
};
const ofTeams = new Map([
  ['t1', ['q1']],
  ['t2', ['q1', 'q2', 'q3']],
]);

function services(all: VolumeRows): { raw: ReportService; tables: ReportService; store: MemoryBuckets } {
  const rows = new MemoryRows(all);
  const store = new MemoryBuckets();
  for (const c of all.calls) store.mark(c.startedAt);
  for (const c of all.callbacks) store.mark(c.at);
  const base = {
    clock,
    rows,
    timeZone: 'UTC',
    directory: () => Promise.resolve(directory),
    queuesOfTeams: () => ofTeams,
    agentsInTeams: (ids: readonly string[]) => (ids.includes('t1') ? ['a1'] : ['a2']),
  };
  const sl = new Map(directory.queues.map((q) => [q.id, q.serviceLevelMs]));
  const settler = new BucketSettler({ store, rows, serviceLevels: () => Promise.resolve((q) => sl.get(q) ?? 20_000) });
  return { raw: new ReportService(base), tables: new ReportService({ ...base, buckets: { store, settler } }), store };
}

/** A few days of traffic: each agent's calls one after another, wrap-up after the answered ones. */
const day = fc
  .array(
    fc.record({
      gapMin: fc.integer({ min: 0, max: 180 }),
      agent: fc.constantFrom('a1', 'a2', 'a3'),
      queue: fc.constantFrom('q1', 'q2', 'q3', null),
      media: fc.constantFrom('voice', 'voice', 'chat'),
      outcome: fc.constantFrom('agent_answered', 'queue_abandon', 'ring_no_answer', 'caller_quick_hangup', 'queue_timeout', 'ivr_abandon', 'outbound'),
      waitS: fc.integer({ min: 0, max: 90 }),
      talkS: fc.integer({ min: 1, max: 1800 }),
      holdS: fc.integer({ min: 0, max: 120 }),
      wrapS: fc.integer({ min: 0, max: 600 }),
      transfers: fc.integer({ min: 0, max: 2 }),
      callback: fc.boolean(),
    }),
    { maxLength: 60 },
  )
  .map((specs) => {
    const rows: VolumeRows = { calls: [], agentChanges: [], callbacks: [] };
    const free = new Map<string, number>();
    let t = T0 + 3 * MIN;
    specs.forEach((s, i) => {
      t += s.gapMin * MIN + 7_000;
      const answered = s.outcome === 'agent_answered' || s.outcome === 'outbound';
      const start = Math.max(t, answered ? (free.get(s.agent) ?? 0) : 0);
      const queued = start + 5_000;
      const answeredAt = answered ? queued + s.waitS * 1000 : null;
      const endedAt = (answeredAt ?? queued + s.waitS * 1000) + (answered ? s.talkS * 1000 : 0);
      const c: ReportCall = {
        id: `c${i}`,
        direction: s.outcome === 'outbound' ? 'outbound' : 'inbound',
        queueId: s.outcome === 'ivr_abandon' ? null : s.media === 'chat' ? (s.queue ?? 'q1') : s.queue,
        startedAt: start,
        queuedAt: s.outcome === 'ivr_abandon' ? null : queued,
        answeredAt,
        endedAt,
        outcome: s.outcome === 'outbound' ? 'outbound_answered' : s.outcome,
        agentId: answered ? s.agent : null,
        media: s.media === 'chat' && s.outcome !== 'outbound' ? 'chat' : 'voice',
        holdMs: s.holdS * 1000,
        transfers: s.transfers,
      };
      rows.calls.push(c);
      if (answered) {
        rows.agentChanges.push({ agentId: s.agent, at: endedAt, from: 'on_contact', to: 'wrap_up' }, { agentId: s.agent, at: endedAt + s.wrapS * 1000, from: 'wrap_up', to: 'available' });
        free.set(s.agent, endedAt + s.wrapS * 1000 + 1_000);
      }
      if (s.callback) rows.callbacks.push({ queueId: s.queue ?? 'q2', agentId: i % 2 === 0 ? s.agent : null, at: start + 1_000 });
    });
    return rows;
  });

const ZONES = ['UTC', 'Europe/Berlin', 'Asia/Kathmandu', 'America/St_Johns', 'Asia/Shanghai'];

describe('the volume report from the interval tables', () => {
  it('given generated days when read from the tables and folded raw then every interval, grouping, zone and scope gives the same report', async () => {
    await fc.assert(
      fc.asyncProperty(
        day,
        fc.constantFrom(...ZONES),
        fc.constantFrom<ReportInterval>(...REPORT_INTERVALS),
        fc.constantFrom<VolumeGrouping>(...VOLUME_GROUPINGS),
        fc.boolean(),
        fc.integer({ min: 0, max: 2 }),
        async (rows, tz, interval, groupBy, lead, startDay) => {
          const { raw, tables } = services(rows);
          // Local midnights: quarter-hour marks in each of these zones (Kathmandu's is 18:15 UTC).
          const from = bucketStart(tz, 'day', T0 + startDay * 86_400_000);
          const to = bucketStart(tz, 'day', from + 2.5 * 86_400_000);
          const reader = lead ? { ledTeamIds: ['t2'] } : {};
          expect(cutsOnQuarters({ from, to, timeZone: tz, interval })).toBe(true);
          const a = await raw.volume({ from, to, tz, interval, groupBy }, reader);
          const b = await tables.volume({ from, to, tz, interval, groupBy }, reader);
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('given a zone whose offset is not a whole number of quarter hours when a report is asked then its edges are not quarter-hour marks and the raw rows are folded', () => {
    // Monrovia kept -00:44:30 until 1972: its midnights fall inside quarter hours of UTC.
    const from = bucketStart('Africa/Monrovia', 'day', Date.UTC(1970, 5, 1));
    expect(from % QUARTER_MS).not.toBe(0);
    expect(cutsOnQuarters({ from, to: from + 86_400_000, timeZone: 'Africa/Monrovia', interval: 'hour' })).toBe(false);
    // A range starting at 10:07 cannot be cut from quarter hours either, whatever the zone.
    expect(cutsOnQuarters({ from: T0 + 10 * 3_600_000 + 7 * MIN, to: T0 + 86_400_000, timeZone: 'UTC', interval: 'hour' })).toBe(false);
  });

  it('given a quarter hour written to while it is folded when it is stored then it stays dirty for the next report', async () => {
    const rows: VolumeRows = { calls: [], agentChanges: [], callbacks: [{ queueId: 'q1', agentId: null, at: T0 + MIN }] };
    const { tables, store } = services(rows);
    const replace = store.replace.bind(store);
    store.replace = async (quarters, parts) => {
      store.mark(T0 + MIN); // a write lands between the read and the store
      await replace(quarters, parts);
    };
    await tables.volume({ from: T0, to: T0 + 86_400_000, interval: 'day', groupBy: 'none' }, {});
    expect([...store.marks.keys()]).toEqual([T0]);
  });

  it('given quarter hours marked long ago and in the last hour when the tables are settled after start then only the old ones are folded: live traffic keeps marking the recent ones, which reports fold when asked', async () => {
    const now = clock.now();
    const rows: VolumeRows = { calls: [], agentChanges: [], callbacks: [{ queueId: 'q1', agentId: null, at: now - 86_400_000 }, { queueId: 'q1', agentId: null, at: now - 30 * MIN }] };
    const { tables, store } = services(rows);
    expect(await tables.settleTables()).toBe(1);
    expect([...store.marks.keys()]).toEqual([now - 30 * MIN - ((now - 30 * MIN) % QUARTER_MS)]);
  });

  it('given dirty quarter hours when grouped for folding then consecutive ones fold together, a day at most', () => {
    const q = (i: number): DirtyQuarter => ({ qStart: T0 + i * QUARTER_MS, marks: [i] });
    const runs = runsOf([q(0), q(1), q(2), q(5), ...Array.from({ length: 100 }, (_, i) => q(10 + i))]);
    expect(runs.map((r) => r.length)).toEqual([3, 1, 96, 4]);
  });
});

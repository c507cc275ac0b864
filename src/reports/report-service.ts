/**
 * Reports on request: checks the range and the time zone, reads the range's rows once and folds
 * them (volume.ts, agent-activity.ts) within what the reader may see. A report of today reads the
 * same rows the live Today figures fold.
 *
 * The volume report reads the interval tables instead (volume-buckets.ts, sql/108) when they are
 * wired and its edges fall on quarter hours: the range's dirty quarter hours are folded first, by
 * the same fold, so both paths give the same figures; a month of raw rows no longer passes
 * through Node. Other edges (a historical zone's odd offset, a `from` of 10:07) fold raw rows.
 */
import { canonicalTimeZone } from '../calendars/zoned-time.js';
import type { Clock } from '../core/clock.js';
import { AppError, validationError } from '../core/errors.js';
import { DEFAULT_SERVICE_LEVEL_MS } from '../core/call-figures.js';
import { agentReport, type AgentDayRow } from './agent-activity.js';
import { bucketsOf, type ReportInterval } from './intervals.js';
import type { ReportRowsReader } from './ports.js';
import { satisfactionReport, type SatisfactionGrouping, type SatisfactionReport } from './satisfaction.js';
import type { BucketSettler } from './bucket-settler.js';
import type { VolumeBucketStore } from './ports.js';
import { cutsOnQuarters, volumeReportOfBuckets } from './volume-buckets.js';
import { volumeReport, type ReportScope, type VolumeGrouping, type VolumeReport } from './volume.js';

/** The longest range one report covers (a year and a day: a leap year's 366 days and a clock change). */
export const MAX_RANGE_MS = 367 * 86_400_000;

export interface ReportServiceDeps {
  clock: Clock;
  rows: ReportRowsReader;
  /** The center's time zone: the default when the reader names none. */
  timeZone: string;
  directory(): Promise<{
    queues: readonly { id: string; name: string; serviceLevelMs: number }[];
    teams: readonly { id: string; name: string }[];
    agents: readonly { id: string; name: string }[];
  }>;
  /** Per team, the queues its agents serve (the Today figures' view: the routing engine's). */
  queuesOfTeams(): ReadonlyMap<string, readonly string[]>;
  /** The agents of these teams. */
  agentsInTeams(teamIds: readonly string[]): readonly string[];
  /** Resolves once the call store writes queued so far are done (call handling writes behind). */
  writesSettled?: () => Promise<void>;
  /** The volume report's interval tables; without them every report folds raw rows. */
  buckets?: { store: VolumeBucketStore; settler: BucketSettler };
}

/** Who reads: undefined for every team (supervisors, admins), else the teams the lead leads. */
export type Reader = { ledTeamIds?: readonly string[] | undefined };

export interface RangeInput {
  from: number;
  to: number;
  tz?: string | undefined;
}

/** How far back live traffic keeps marking quarter hours (a wrap-up's span, volume-parts.ts) with a margin. */
const LIVE_MARKS_MS = 3 * 3_600_000;

export class ReportService {
  private stopped = false;
  private settling: Promise<number> | undefined;

  constructor(private readonly d: ReportServiceDeps) {}

  /** The range checked and the time zone resolved (the center's when none is named). */
  range(input: RangeInput): { from: number; to: number; timeZone: string } {
    if (input.to <= input.from) {
      throw new AppError('INVALID_RANGE', `from (${input.from}) is not before to (${input.to})`, { fields: ['from', 'to'], from: input.from, to: input.to });
    }
    if (input.to - input.from > MAX_RANGE_MS) throw validationError([{ where: '/to', reason: 'the range is longer than 367 days' }]);
    const timeZone = input.tz === undefined ? this.d.timeZone : canonicalTimeZone(input.tz);
    if (timeZone === undefined) throw validationError([{ where: '/tz', reason: `unknown time zone ${input.tz ?? ''}` }]);
    return { from: input.from, to: input.to, timeZone };
  }

  async volume(input: RangeInput & { interval: ReportInterval; groupBy: VolumeGrouping }, reader: Reader): Promise<VolumeReport> {
    const r = this.range(input);
    const q = { ...r, interval: input.interval, groupBy: input.groupBy };
    await this.d.writesSettled?.();
    const buckets = this.d.buckets && cutsOnQuarters(q) ? this.d.buckets : undefined;
    const fromTables = async (tables: NonNullable<ReportServiceDeps['buckets']>) => {
      await tables.settler.settle(r.from, r.to);
      const starts = bucketsOf(r.timeZone, input.interval, r.from, r.to).map((b) => b.start);
      // Agents have their own rows; every other grouping is made of queue rows.
      return { sums: await tables.store.sums(input.groupBy === 'agent' ? 'agent' : 'queue', r.from, r.to, starts) };
    };
    const read = buckets ? fromTables(buckets) : this.d.rows.volumeRows(r.from, r.to).then((rows) => ({ rows }));
    const [got, dir] = await Promise.all([read, this.d.directory()]);
    const ofTeam = this.d.queuesOfTeams();
    const sl = new Map(dir.queues.map((x) => [x.id, x.serviceLevelMs]));
    const names = new Map(dir.agents.map((a) => [a.id, a.name]));
    const ctx = {
      scope: this.scope(reader, ofTeam),
      serviceLevelMs: (id: string) => sl.get(id) ?? DEFAULT_SERVICE_LEVEL_MS,
      queues: dir.queues,
      teams: dir.teams,
      agentName: (id: string) => names.get(id),
      queuesOfTeam: (t: string) => ofTeam.get(t) ?? [],
    };
    return 'sums' in got ? volumeReportOfBuckets(got.sums, q, ctx) : volumeReport(got.rows, q, ctx);
  }

  /**
   * Folds the dirty quarter hours of the interval tables, a day at a time (after start: the
   * backfill of rows stored before them, and what a stop left). Resolves with how many.
   *
   * Only those older than the recent past: live traffic marks the current quarter hours (and a
   * wrap-up's span of two hours and a quarter before) again and again, and folding them as fast
   * as they are marked would keep this loop running for as long as calls come. Reports fold
   * those for their own range when asked.
   */
  settleTables(): Promise<number> {
    const buckets = this.d.buckets;
    if (!buckets || this.stopped) return Promise.resolve(0);
    const before = this.d.clock.now() - LIVE_MARKS_MS;
    const run = async (): Promise<number> => {
      let total = 0;
      for (let n = 1; n > 0 && !this.stopped; total += n) n = await buckets.settler.step(before);
      return total;
    };
    this.settling = run();
    return this.settling;
  }

  /** Stops settleTables after its current step and waits for that step (the store closes next). */
  async stopSettling(): Promise<void> {
    this.stopped = true;
    // Its failure is the background task's to log (contact-center.ts); here only its end matters.
    await this.settling?.then(
      () => undefined,
      () => undefined,
    );
  }

  async satisfaction(input: RangeInput & { interval: ReportInterval; groupBy: SatisfactionGrouping }, reader: Reader): Promise<SatisfactionReport> {
    const r = this.range(input);
    const [answers, dir] = await Promise.all([this.d.rows.surveyAnswers(r.from, r.to), this.d.directory()]);
    const names = new Map(dir.agents.map((a) => [a.id, a.name]));
    return satisfactionReport(answers, { ...r, interval: input.interval, groupBy: input.groupBy }, {
      scope: this.scope(reader, this.d.queuesOfTeams()),
      queues: dir.queues,
      agentName: (id) => names.get(id),
    });
  }

  async agents(input: RangeInput, reader: Reader): Promise<{ from: number; to: number; timeZone: string; rows: AgentDayRow[] }> {
    const r = this.range(input);
    await this.d.writesSettled?.();
    const [rows, dir] = await Promise.all([this.d.rows.agentRows(r.from, r.to), this.d.directory()]);
    const names = new Map(dir.agents.map((a) => [a.id, a.name]));
    const agentIds = reader.ledTeamIds === undefined ? undefined : new Set(this.d.agentsInTeams(reader.ledTeamIds));
    const out = agentReport(rows, { ...r, now: this.d.clock.now() }, { ...(agentIds ? { agentIds } : {}), agentName: (id) => names.get(id) });
    return { ...r, rows: out };
  }

  private scope(reader: Reader, ofTeam: ReadonlyMap<string, readonly string[]>): ReportScope {
    if (reader.ledTeamIds === undefined) return { all: true };
    const led = reader.ledTeamIds;
    return {
      all: false,
      teamIds: new Set(led),
      queueIds: new Set(led.flatMap((t) => ofTeam.get(t) ?? [])),
      agentIds: new Set(this.d.agentsInTeams(led)),
    };
  }
}

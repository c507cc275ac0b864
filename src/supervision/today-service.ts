/**
 * Keeps the day's figures (today-view.ts) and trends (today-trends.ts) ready for every reader.
 *
 * The truth is the store (a restart keeps the day); the event bus only says *when* it changed. A
 * call, contact or agent event marks the day stale and, a moment later (so a burst of events is
 * one read), the day's rows are read once and folded; then `realtime.today_changed` goes out on
 * the bus, which /api/ws carries to the consoles. Reads take the folded figures: 200 consoles
 * reading cost no query. A read that finds the day stale (before the push) waits for the one
 * read in flight instead of starting its own. The figures move with events only; the trends
 * gain an interval every 15 minutes without one, so both are folded again from the rows held,
 * without a query, when older than `refoldAfterMs`.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { TodayRowsReader } from './ports.js';
import type { DayRows, TodayFigures, TodayTrends } from './today-figures.js';
import { foldTrends } from './today-trends.js';
import { foldToday, todayForTeams, type TodayContext } from './today-view.js';

export interface TodayServiceDeps {
  clock: Clock;
  bus: EventBus;
  log: Logger;
  rows: TodayRowsReader;
  timeZone: string;
  /** Local midnight starting the day of `at`. */
  startOfDay(at: number): number;
  /** Configured queues and teams (names, service-level thresholds). */
  directory(): Promise<Pick<TodayContext, 'queues' | 'teams'>>;
  /**
   * Per team, the queues its agents serve (the routing engine's view). Asked once per fold, not
   * per team: it walks every agent.
   */
  queuesOfTeams(): ReadonlyMap<string, readonly string[]>;
  teamsOfAgent(agentId: string): readonly string[];
  /** Resolves once the call store writes queued so far are done (call handling writes behind). */
  writesSettled(): Promise<void>;
  /** Default 1 s: how long a burst of events may go on before the day is read again. */
  settleMs?: number;
  /** Default 10 s. */
  refoldAfterMs?: number;
}

/** Chat typing and silence alerts change no figure; a chat's start, take-up, message and end do. */
const CHANGES_DAY = /^(call|contact|agent)\.|^chat\.(waiting|assigned|message|ended)$/;

interface Folded {
  since: number;
  rows: DayRows;
  directory: Pick<TodayContext, 'queues' | 'teams'>;
  figures: TodayFigures;
  trends: TodayTrends;
}

export class TodayService {
  private folded: Folded | undefined;
  private stale = true;
  private inFlight: Promise<Folded> | undefined;
  private pushTimer: TimerHandle | undefined;
  private midnightTimer: TimerHandle | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly d: TodayServiceDeps) {}

  start(): void {
    this.unsubscribe = this.d.bus.subscribe((e) => this.onEvent(e));
    this.atMidnight();
  }

  stop(): void {
    this.unsubscribe?.();
    this.d.clock.clearTimeout(this.pushTimer);
    this.d.clock.clearTimeout(this.midnightTimer);
    this.pushTimer = this.midnightTimer = undefined;
  }

  /**
   * At each local midnight the figures start over and the consoles are told at once: a quiet
   * night has no event that would, and yesterday's numbers would stay up until the first call.
   * The next midnight is the start of the day 26 hours after this one began (days of 23 and 25
   * hours included).
   */
  private atMidnight(): void {
    const { clock, startOfDay } = this.d;
    const next = startOfDay(startOfDay(clock.now()) + 26 * 3600_000);
    this.midnightTimer = clock.setTimeout(() => {
      this.stale = true;
      void this.push();
      this.atMidnight();
    }, next - clock.now());
  }

  /** The whole day (supervisors), or what the team lead's teams see. */
  async today(ledTeamIds?: readonly string[]): Promise<TodayFigures> {
    const f = await this.current();
    return ledTeamIds ? todayForTeams(f.figures, ledTeamIds) : f.figures;
  }

  async trends(ledTeamIds?: readonly string[]): Promise<TodayTrends> {
    const f = await this.current();
    if (!ledTeamIds) return f.trends;
    // A lead's chart: calls of their teams' queues, agents of their teams (folded per read, no query).
    const led = new Set(ledTeamIds);
    const ofTeam = this.d.queuesOfTeams();
    const queues = new Set([...led].flatMap((t) => ofTeam.get(t) ?? []));
    const inTeams = (agentId: string): boolean => this.d.teamsOfAgent(agentId).some((t) => led.has(t));
    const rows: DayRows = {
      ...f.rows,
      calls: f.rows.calls.filter((c) => c.queueId !== null && queues.has(c.queueId)),
      agentChanges: f.rows.agentChanges.filter((c) => inTeams(c.agentId)),
      agentStatesAtStart: f.rows.agentStatesAtStart.filter((s) => inTeams(s.agentId)),
    };
    return foldTrends(rows, f.since, f.trends.at, this.d.timeZone);
  }

  /** An agent's calls handled and offers missed today (the supervisor's agent list). */
  async agentDays(): Promise<Map<string, { handled: number; missed: number }>> {
    const f = await this.current();
    return new Map(f.rows.agentDays.map((a) => [a.agentId, { handled: a.handled, missed: a.missed }]));
  }

  private onEvent(e: DomainEvent): void {
    // A queue's or team's name or service-level threshold changes the figures as much as a call.
    const directoryChanged = e.type === 'config.changed' && (e.entity === 'queue' || e.entity === 'team');
    if (!CHANGES_DAY.test(e.type) && !directoryChanged) return;
    this.stale = true;
    if (this.pushTimer) return;
    this.pushTimer = this.d.clock.setTimeout(() => {
      this.pushTimer = undefined;
      void this.push();
    }, this.d.settleMs ?? 1_000);
  }

  private async push(): Promise<void> {
    try {
      const f = await this.current();
      this.d.bus.publish({ type: 'realtime.today_changed', at: f.figures.at, scope: { teamIds: f.directory.teams.map((t) => t.id) }, since: f.since });
    } catch (err) {
      this.d.log.error({ err }, "reading today's figures failed; the next event or read tries again");
    }
  }

  private async current(): Promise<Folded> {
    const now = this.d.clock.now();
    const since = this.d.startOfDay(now);
    // A read under way is newer than what is held: wait for it.
    if (this.inFlight) return this.inFlight;
    const f = this.folded;
    if (!this.stale && f && f.since === since) {
      if (now - f.figures.at > (this.d.refoldAfterMs ?? 10_000)) this.folded = this.fold(f.rows, f.directory, since, now);
      return this.folded ?? f;
    }
    this.inFlight ??= this.read().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async read(): Promise<Folded> {
    // Cleared before reading: an event that arrives during the read makes the next read happen.
    this.stale = false;
    try {
      await this.d.writesSettled();
      const since = this.d.startOfDay(this.d.clock.now());
      const [rows, directory] = await Promise.all([this.d.rows.dayRows(since), this.d.directory()]);
      const folded = this.fold(rows, directory, since, this.d.clock.now());
      this.folded = folded;
      return folded;
    } catch (err) {
      this.stale = true;
      throw err;
    }
  }

  private fold(rows: DayRows, directory: Pick<TodayContext, 'queues' | 'teams'>, since: number, now: number): Folded {
    const ofTeam = this.d.queuesOfTeams();
    const figures = foldToday(rows, { since, now, timeZone: this.d.timeZone, ...directory, queuesOfTeam: (t) => ofTeam.get(t) ?? [] });
    return { since, rows, directory, figures, trends: foldTrends(rows, since, now, this.d.timeZone) };
  }
}

/**
 * The volume report: per interval and group, the figures of the calls that arrived in it. Pure.
 *
 * Offered, answered, abandoned (IVR, queue), answer rate, service level, wait and handle time are
 * the supervisor's Today definitions (src/core/call-figures.ts, groupFigures), so a report over
 * today agrees with the live monitor. In particular:
 *   service level      answered within the queue's serviceLevelSeconds (queue entry to answer)
 *                      / offered; abandoned callers count in the denominator.
 * What the report adds:
 *   interval           a call counts in the interval it started (arrived), whatever it did later;
 *                      the report's range takes the calls started in it.
 *   speed of answer    queue entry to answer, averaged over answered calls.
 *   talk / hold / wrap-up   the handle time (answer to end, plus the wrap-up after it) split: hold
 *                      is the time the call spent held (its stored transitions), talk the rest of
 *                      answer to end, wrap-up the agent's wrap-up state after the call (the agent
 *                      state trail); each averaged over answered calls that ended.
 *   transfers          blind transfers and completed attended transfers of those calls.
 *   callbacks          callback requests made in the interval (by request time).
 * Groups: none (every call in scope), queue (the queue the call reached last), team (the queues
 * the team's agents serve: the Today definition), agent (the agent on the call last), media
 * (voice calls; chats mapped onto the same definitions: offered when they reach the queue,
 * answered when assigned, abandoned when the visitor left unanswered). Chats count only under
 * media; the other groupings are calls, as the live monitor. IVR abandons reach no queue: they
 * count in the rows of no grouping but `none` and media `voice` for a user who sees every team.
 */
import { wrapUpByCall } from '../core/call-figures.js';
import { validationError } from '../core/errors.js';
import { bucketIndex, bucketsOf, type Bucket, type ReportInterval } from './intervals.js';
import type { ReportCall, VolumeRows } from './ports.js';
import { addParts, addVolumeCall, emptyVolumeParts, volumeFiguresOf, wrapUpCountsUntil, type VolumeFigures, type VolumeParts } from './volume-parts.js';

export type { VolumeFigures } from './volume-parts.js';

/** Most interval-and-group rows one report answers (a year of days for 130 agents, a week of quarter hours for 70). */
export const MAX_VOLUME_ROWS = 50_000;

export const VOLUME_GROUPINGS = ['none', 'queue', 'team', 'agent', 'media'] as const;
export type VolumeGrouping = (typeof VOLUME_GROUPINGS)[number];

export interface VolumeQuery {
  from: number;
  to: number;
  interval: ReportInterval;
  timeZone: string;
  groupBy: VolumeGrouping;
}

/** What the reader may see: everything, or the queues and agents of the teams they lead. */
export type ReportScope = { all: true } | { all: false; queueIds: ReadonlySet<string>; agentIds: ReadonlySet<string>; teamIds: ReadonlySet<string> };

export interface VolumeContext {
  scope: ReportScope;
  serviceLevelMs: (queueId: string) => number;
  queues: readonly { id: string; name: string }[];
  teams: readonly { id: string; name: string }[];
  agentName: (agentId: string) => string | undefined;
  /** The queues a team's agents serve (as the Today figures: the routing engine's view). */
  queuesOfTeam: (teamId: string) => readonly string[];
}

export interface VolumeRow extends VolumeFigures {
  start: number;
  end: number;
  label: string;
  groupId: string;
  groupName: string;
}

export interface VolumeReport {
  from: number;
  to: number;
  timeZone: string;
  interval: ReportInterval;
  groupBy: VolumeGrouping;
  intervals: Bucket[];
  groups: { id: string; name: string }[];
  /** Interval by interval, each group in `groups` order within an interval. */
  rows: VolumeRow[];
  /** Per group, the whole range. */
  totals: (VolumeFigures & { groupId: string; groupName: string })[];
}

interface Group {
  id: string;
  name: string;
  calls: ReportCall[];
  callbacks: number[];
  withIvr: boolean;
}

function groupsOf(rows: VolumeRows, q: VolumeQuery, ctx: VolumeContext): Group[] {
  const scope = ctx.scope;
  const voice = rows.calls.filter((c) => c.media === 'voice');
  const queueInScope = (queueId: string | null): boolean => scope.all || (queueId !== null && scope.queueIds.has(queueId));
  const agentInScope = (agentId: string | null): boolean => agentId !== null && (scope.all || scope.agentIds.has(agentId));
  const cbs = rows.callbacks;
  // Calls and requests by queue and by agent, once: a grouping of hundreds reads each list once.
  const by = <T>(list: readonly T[], key: (x: T) => string | null): Map<string, T[]> => {
    const out = new Map<string, T[]>();
    for (const x of list) {
      const k = key(x);
      if (k === null) continue;
      const l = out.get(k);
      if (l) l.push(x);
      else out.set(k, [x]);
    }
    return out;
  };
  switch (q.groupBy) {
    case 'none':
      return [{ id: 'all', name: '', calls: voice.filter((c) => queueInScope(c.queueId)), callbacks: cbs.filter((c) => queueInScope(c.queueId)).map((c) => c.at), withIvr: scope.all }];
    case 'media':
      return [
        { id: 'voice', name: 'voice', calls: voice.filter((c) => queueInScope(c.queueId)), callbacks: cbs.filter((c) => queueInScope(c.queueId)).map((c) => c.at), withIvr: scope.all },
        { id: 'chat', name: 'chat', calls: rows.calls.filter((c) => c.media === 'chat' && queueInScope(c.queueId)), callbacks: [], withIvr: false },
      ];
    case 'queue': {
      const names = new Map(ctx.queues.map((x) => [x.id, x.name]));
      // A queue removed since its calls still gets its row (named by its id).
      for (const c of voice) if (c.queueId !== null && !names.has(c.queueId)) names.set(c.queueId, c.queueId);
      const calls = by(voice, (c) => c.queueId);
      const requests = by(cbs, (c) => c.queueId);
      return [...names]
        .filter(([id]) => queueInScope(id))
        .sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]))
        .map(([id, name]) => ({ id, name, calls: calls.get(id) ?? [], callbacks: (requests.get(id) ?? []).map((c) => c.at), withIvr: false }));
    }
    case 'team':
      return ctx.teams
        .filter((t) => scope.all || scope.teamIds.has(t.id))
        .map((t) => {
          const set = new Set(ctx.queuesOfTeam(t.id));
          return { t, set };
        })
        .sort((a, b) => a.t.name.localeCompare(b.t.name) || a.t.id.localeCompare(b.t.id))
        .map(({ t, set }) => ({
          id: t.id,
          name: t.name,
          calls: voice.filter((c) => c.queueId !== null && set.has(c.queueId)),
          callbacks: cbs.filter((c) => set.has(c.queueId)).map((c) => c.at),
          withIvr: false,
        }));
    case 'agent': {
      const calls = by(voice, (c) => c.agentId);
      const requests = by(cbs, (c) => c.agentId);
      const ids = new Set([...calls.keys(), ...requests.keys()].filter((id) => agentInScope(id)));
      return [...ids]
        .map((id) => ({ id, name: ctx.agentName(id) ?? id }))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
        .map(({ id, name }) => ({ id, name, calls: calls.get(id) ?? [], callbacks: (requests.get(id) ?? []).map((c) => c.at), withIvr: false }));
    }
  }
}

/** A group of the report and whether its row counts IVR abandons (the center's, for a user who sees every team). */
export interface VolumeGroup {
  id: string;
  name: string;
  withIvr: boolean;
}

/** Refuses a report of too many rows (a coded 400 naming `interval`). */
export function checkRowCount(intervals: number, groups: number): void {
  if (intervals * groups > MAX_VOLUME_ROWS) {
    throw validationError([{ where: '/interval', reason: `${intervals} intervals x ${groups} groups is more than ${MAX_VOLUME_ROWS} rows: choose a longer interval or a shorter range` }]);
  }
}

/**
 * The report from each group's parts per interval (`parts[group][interval]`): the raw fold below
 * and the interval tables (volume-buckets.ts) both end here, so the figures are made one way.
 */
export function volumeReportOfParts(q: VolumeQuery, intervals: Bucket[], groups: readonly VolumeGroup[], parts: readonly (readonly VolumeParts[])[]): VolumeReport {
  const rows: VolumeRow[] = [];
  intervals.forEach((b, i) => {
    groups.forEach((g, gi) => {
      const figures = volumeFiguresOf(parts[gi]?.[i] ?? emptyVolumeParts(), g.withIvr);
      rows.push({ start: b.start, end: b.end, label: b.label, groupId: g.id, groupName: g.name, ...figures });
    });
  });
  // Every call of the range is in one interval, so the whole range is the sum of its intervals.
  const totals = groups.map((g, gi) => ({ groupId: g.id, groupName: g.name, ...volumeFiguresOf((parts[gi] ?? []).reduce((acc, p) => addParts(acc, p), emptyVolumeParts()), g.withIvr) }));
  return { from: q.from, to: q.to, timeZone: q.timeZone, interval: q.interval, groupBy: q.groupBy, intervals, groups: groups.map((g) => ({ id: g.id, name: g.name })), rows, totals };
}

/** The report folded from the range's raw rows. */
export function volumeReport(rows: VolumeRows, q: VolumeQuery, ctx: VolumeContext): VolumeReport {
  const intervals = bucketsOf(q.timeZone, q.interval, q.from, q.to);
  const inRange = (at: number): boolean => at >= q.from && at < q.to;
  const scoped: VolumeRows = { ...rows, calls: rows.calls.filter((c) => inRange(c.startedAt)), callbacks: rows.callbacks.filter((c) => inRange(c.at)) };
  // Every call read (those around the range too) may own a wrap-up spell: a spell after a call
  // just outside the range is not given to an earlier one inside it.
  const wrapUp = wrapUpByCall(rows.calls, rows.agentChanges, wrapUpCountsUntil);
  const groups = groupsOf(scoped, q, ctx);
  checkRowCount(intervals.length, groups.length);
  const parts = groups.map((g) => {
    const perInterval = intervals.map(() => emptyVolumeParts());
    for (const c of g.calls) {
      const i = bucketIndex(intervals, c.startedAt);
      const p = i === undefined ? undefined : perInterval[i];
      if (p) addVolumeCall(p, c, wrapUp.get(c.id) ?? 0, ctx.serviceLevelMs);
    }
    for (const at of g.callbacks) {
      const i = bucketIndex(intervals, at);
      const p = i === undefined ? undefined : perInterval[i];
      if (p) p.callbacks++;
    }
    return perInterval;
  });
  return volumeReportOfParts(q, intervals, groups, parts);
}

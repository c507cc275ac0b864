/**
 * The volume report's figures as additive parts (core/call-figures.ts CallParts plus what the
 * report adds), and the fold of stored rows into quarter-hour parts that the interval tables keep
 * (sql/108_report_buckets.sql). Pure.
 *
 * Why quarter hours of UTC: every report interval (15 min, hour, day, week, month) in a zone
 * whose offset is a whole number of quarter hours (every zone in use today, Kathmandu's +05:45
 * and Chatham's +12:45 included) is a union of them, so one table answers every interval size
 * and every such zone. A zone or a range whose edges fall inside a quarter hour (historical
 * offsets such as Monrovia's -00:44:30, a `from` of 10:07) cannot be cut from them: the report
 * folds the raw rows instead (report-service.ts).
 *
 * The one rule the tables impose: a wrap-up counts toward its call when it ends within
 * WRAP_UP_TAIL_MS of the end of the quarter hour the call started in (a call over about two hours
 * keeps its talk time but loses the wrap-up). The raw fold applies the same rule, so both agree.
 */
import { addCallParts, emptyCallParts, figuresOfParts, isAnswered, wrapUpByCall, type CallGroupFigures, type CallParts, type FigureCall } from '../core/call-figures.js';
import type { ReportCall, VolumeRows } from './ports.js';

export const QUARTER_MS = 15 * 60_000;
/** How long after the range's end an agent's wrap-up of the range's last calls is still read. */
export const WRAP_UP_TAIL_MS = 2 * 3_600_000;

export const quarterOf = (at: number): number => Math.floor(at / QUARTER_MS) * QUARTER_MS;

/** A spell ending later than this does not count toward the call (see the header). */
export const wrapUpCountsUntil = (c: FigureCall): number => quarterOf(c.startedAt) + QUARTER_MS + WRAP_UP_TAIL_MS;

export interface VolumeParts extends CallParts {
  /** Every call counted here, whatever it did (a group with calls but nothing offered still has a row). */
  calls: number;
  speedTotalMs: number;
  talkTotalMs: number;
  holdTotalMs: number;
  wrapTotalMs: number;
  transfers: number;
  callbacks: number;
}

export const emptyVolumeParts = (): VolumeParts => ({ ...emptyCallParts(), calls: 0, speedTotalMs: 0, talkTotalMs: 0, holdTotalMs: 0, wrapTotalMs: 0, transfers: 0, callbacks: 0 });

export const VOLUME_PART_NAMES = Object.keys(emptyVolumeParts()) as (keyof VolumeParts)[];

/** a += b; the longest wait is a maximum. */
export function addParts(a: VolumeParts, b: VolumeParts): VolumeParts {
  for (const k of VOLUME_PART_NAMES) a[k] = k === 'longestWaitMs' ? Math.max(a[k], b[k]) : a[k] + b[k];
  return a;
}

/** One call's share of the volume figures (mutates and returns `p`). */
export function addVolumeCall(p: VolumeParts, c: ReportCall, wrapUpMs: number, serviceLevelMs: (q: string) => number): VolumeParts {
  p.calls++;
  addCallParts(p, c, wrapUpMs, serviceLevelMs);
  if (!isAnswered(c) || c.answeredAt === null) return p;
  p.speedTotalMs += Math.max(0, c.answeredAt - (c.queuedAt ?? c.startedAt));
  p.transfers += c.transfers;
  if (c.endedAt === null) return p;
  const connected = Math.max(0, c.endedAt - c.answeredAt);
  const held = Math.min(connected, c.holdMs);
  p.holdTotalMs += held;
  p.talkTotalMs += connected - held;
  p.wrapTotalMs += wrapUpMs;
  return p;
}

export type VolumeFigures = Omit<CallGroupFigures, 'callbacksPending'> & {
  averageSpeedOfAnswerMs: number | null;
  averageTalkMs: number | null;
  averageHoldMs: number | null;
  averageWrapUpMs: number | null;
  transfers: number;
  callbacks: number;
};

const avg = (total: number, n: number): number | null => (n === 0 ? null : Math.round(total / n));

export function volumeFiguresOf(p: VolumeParts, withIvr: boolean): VolumeFigures {
  const { callbacksPending: _pending, ...base } = figuresOfParts(p, withIvr, 0);
  return {
    ...base,
    averageSpeedOfAnswerMs: avg(p.speedTotalMs, p.answered),
    averageTalkMs: avg(p.talkTotalMs, p.handled),
    averageHoldMs: avg(p.holdTotalMs, p.handled),
    averageWrapUpMs: avg(p.wrapTotalMs, p.handled),
    transfers: p.transfers,
    callbacks: p.callbacks,
  };
}

/** One row of the interval table: a quarter hour's parts for one queue (media voice or chat) or one agent (voice). */
export interface QuarterParts {
  qStart: number;
  dim: 'queue' | 'agent';
  /** Queue or agent id; '' for voice calls that reached no queue (IVR abandons: the center's row). */
  key: string;
  media: 'voice' | 'chat';
  parts: VolumeParts;
}

/**
 * The quarter-hour parts of the calls started (and callbacks requested) in [from, to), both on
 * quarter-hour marks. `rows` is what the reader returns for that range (its calls around it own
 * wrap-up spells too). Keyed as the table is: each call under its queue, and a voice call with an
 * agent also under the agent.
 */
export function quarterParts(rows: VolumeRows, from: number, to: number, serviceLevelMs: (q: string) => number): QuarterParts[] {
  const wrapUp = wrapUpByCall(rows.calls, rows.agentChanges, wrapUpCountsUntil);
  const out = new Map<string, QuarterParts>();
  const at = (qStart: number, dim: QuarterParts['dim'], key: string, media: QuarterParts['media']): VolumeParts => {
    const id = `${qStart}|${dim}|${key}|${media}`;
    let row = out.get(id);
    if (!row) out.set(id, (row = { qStart, dim, key, media, parts: emptyVolumeParts() }));
    return row.parts;
  };
  for (const c of rows.calls) {
    if (c.startedAt < from || c.startedAt >= to) continue;
    const q = quarterOf(c.startedAt);
    const w = wrapUp.get(c.id) ?? 0;
    addVolumeCall(at(q, 'queue', c.queueId ?? '', c.media), c, w, serviceLevelMs);
    if (c.media === 'voice' && c.agentId !== null) addVolumeCall(at(q, 'agent', c.agentId, 'voice'), c, w, serviceLevelMs);
  }
  for (const cb of rows.callbacks) {
    if (cb.at < from || cb.at >= to) continue;
    const q = quarterOf(cb.at);
    at(q, 'queue', cb.queueId, 'voice').callbacks++;
    if (cb.agentId !== null) at(q, 'agent', cb.agentId, 'voice').callbacks++;
  }
  return [...out.values()];
}

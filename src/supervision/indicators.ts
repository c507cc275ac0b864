/**
 * The floor indicators a role's status strip and the wallboard can show (issue 11), and the pure
 * alert evaluator: floor values + an audience's thresholds -> the indicators past their threshold.
 * Shared by the daemon (alerts on /api/ws) and the pages (red tiles), so both say the same.
 *
 * An indicator is one number of the floor counts (floor-indicators.ts), flattened. Most are "bad
 * when high" (waiting, longest wait, not ready): past the threshold means value > threshold.
 * `available` is bad when low: past the threshold means value < threshold. Thresholds are per
 * media (voice and chat); a missing or null threshold never alerts. `longestWait` is in seconds.
 */
import type { FloorCounts } from './floor-indicators.js';

export const INDICATORS = [
  'online',
  'available',
  'notReady',
  'wrapUp',
  'outboundIdle',
  'handling',
  'dialingOut',
  'consulted',
  'monitoring',
  'inboundInProgress',
  'outboundInProgress',
  'waiting',
  'longestWait',
  'inIvr',
] as const;
export type IndicatorKey = (typeof INDICATORS)[number];

export const INDICATOR_MEDIA = ['voice', 'chat'] as const;
export type IndicatorMedia = (typeof INDICATOR_MEDIA)[number];

/** Who an indicator set is for: each role, and the wall display. */
export const AUDIENCES = ['agent', 'team_lead', 'supervisor', 'admin', 'wallboard'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const MAX_INDICATORS = 4;

/** Indicators that alert when they fall below the threshold (the rest: when they rise above it). */
export const LOW_IS_BAD: ReadonlySet<IndicatorKey> = new Set(['available']);

export type IndicatorValues = Record<IndicatorKey, number>;
export type Thresholds = Partial<Record<IndicatorKey, Partial<Record<IndicatorMedia, number | null>>>>;

/** Agent states whose time the console's agent list marks red past a limit (src/web/supervisor/thresholds.ts). */
export const LIMITED_STATES = ['not_ready', 'wrap_up', 'on_contact', 'offered'] as const;
export type LimitedState = (typeof LIMITED_STATES)[number];
/** Seconds an agent may stay in a state before the list marks them; unset or null: the built-in limit. */
export type StateLimits = Partial<Record<LimitedState, number | null>>;

export interface AudienceSettings {
  /** Up to MAX_INDICATORS, in the order the strip shows them. */
  indicators: IndicatorKey[];
  thresholds: Thresholds;
  stateLimits?: StateLimits;
}

export interface PastThreshold {
  indicator: IndicatorKey;
  media: IndicatorMedia;
  value: number;
  threshold: number;
}

const sum = (o: Record<string, number>): number => Object.values(o).reduce((a, n) => a + n, 0);

/** The floor counts as one number per indicator. */
export function indicatorValues(f: FloorCounts): IndicatorValues {
  const a = f.agents;
  return {
    online: a.online,
    available: a.available,
    notReady: sum(a.notReady),
    wrapUp: a.wrapUp,
    outboundIdle: a.outboundIdle,
    handling: sum({ ...a.handling }),
    dialingOut: sum({ ...a.dialingOut }),
    consulted: sum({ ...a.consulted }),
    monitoring: f.supervisors.listening + f.supervisors.barging,
    inboundInProgress: f.calls.inboundInProgress,
    outboundInProgress: f.calls.outboundInProgress,
    waiting: f.calls.waiting,
    longestWait: Math.floor(f.calls.longestWaitMs / 1000),
    inIvr: f.calls.inIvr,
  };
}

/** Every indicator at zero: the chat figures until chat is counted on the floor. */
export function zeroValues(): IndicatorValues {
  return Object.fromEntries(INDICATORS.map((k) => [k, 0])) as IndicatorValues;
}

export function isPast(indicator: IndicatorKey, value: number, threshold: number | null | undefined): boolean {
  if (threshold === null || threshold === undefined) return false;
  return LOW_IS_BAD.has(indicator) ? value < threshold : value > threshold;
}

/**
 * Which thresholds the values are past, for every indicator with a threshold (not only the chosen
 * ones: the wallboard and the alerts watch all the admin set), in INDICATORS then media order.
 */
export function pastThresholds(values: Record<IndicatorMedia, IndicatorValues>, thresholds: Thresholds): PastThreshold[] {
  const out: PastThreshold[] = [];
  for (const indicator of INDICATORS) {
    const perMedia = thresholds[indicator];
    if (!perMedia) continue;
    for (const media of INDICATOR_MEDIA) {
      const threshold = perMedia[media];
      const value = values[media][indicator];
      if (threshold !== null && threshold !== undefined && isPast(indicator, value, threshold)) out.push({ indicator, media, value, threshold });
    }
  }
  return out;
}

/** A stable key of one alert, to compare one evaluation with the next. */
export const alertKey = (a: Pick<PastThreshold, 'indicator' | 'media'>): string => `${a.indicator}/${a.media}`;

/** What changed between two evaluations: alerts newly past their threshold, and those back within it. */
export function alertChanges(before: readonly PastThreshold[], after: readonly PastThreshold[]): { raised: PastThreshold[]; cleared: PastThreshold[] } {
  const was = new Set(before.map(alertKey));
  const is = new Set(after.map(alertKey));
  return { raised: after.filter((a) => !was.has(alertKey(a))), cleared: before.filter((a) => !is.has(alertKey(a))) };
}

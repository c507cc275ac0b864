/**
 * An audience's indicator settings as an admin sends them, checked once: at most four known
 * indicators, no repeats, thresholds per known indicator and media that are numbers >= 0 (or null
 * for "no alert"). Every problem is reported with where it is and a rule code, all at once, and
 * nothing is stored unless all is well.
 */
import { validationError, type FieldProblem } from '../core/errors.js';
import {
  AUDIENCES,
  INDICATOR_MEDIA,
  INDICATORS,
  LIMITED_STATES,
  MAX_INDICATORS,
  type Audience,
  type AudienceSettings,
  type IndicatorKey,
  type IndicatorMedia,
  type StateLimits,
  type Thresholds,
} from './indicators.js';

export type SettingsRule = 'unknown_state' | 'too_many_indicators' | 'unknown_indicator' | 'duplicate_indicator' | 'negative_threshold' | 'unknown_media' | 'not_a_number' | 'unknown_audience';

export interface SettingsProblem extends FieldProblem {
  rule: SettingsRule;
}

const isIndicator = (k: unknown): k is IndicatorKey => typeof k === 'string' && (INDICATORS as readonly string[]).includes(k);
const isMedia = (k: string): k is IndicatorMedia => (INDICATOR_MEDIA as readonly string[]).includes(k);

export function isAudience(a: unknown): a is Audience {
  return typeof a === 'string' && (AUDIENCES as readonly string[]).includes(a);
}

/** What every audience starts with: the waiting line and who can take it; no thresholds. */
export function defaultSettings(): AudienceSettings {
  return { indicators: ['waiting', 'longestWait', 'available', 'notReady'], thresholds: {} };
}

export function checkAudience(audience: string): Audience {
  if (isAudience(audience)) return audience;
  const problems: SettingsProblem[] = [{ where: '/audience', reason: `must be one of ${AUDIENCES.join(', ')}`, rule: 'unknown_audience' }];
  throw validationError(problems);
}

export function parseAudienceSettings(input: { indicators: unknown[]; thresholds: Record<string, Record<string, unknown>>; stateLimits?: Record<string, unknown> }): AudienceSettings {
  const problems: SettingsProblem[] = [];
  const indicators: IndicatorKey[] = [];
  if (input.indicators.length > MAX_INDICATORS) {
    problems.push({ where: '/indicators', reason: `at most ${MAX_INDICATORS} indicators (got ${input.indicators.length})`, rule: 'too_many_indicators' });
  }
  input.indicators.forEach((k, i) => {
    if (!isIndicator(k)) problems.push({ where: `/indicators/${i}`, reason: `unknown indicator ${JSON.stringify(k)}`, rule: 'unknown_indicator' });
    else if (indicators.includes(k)) problems.push({ where: `/indicators/${i}`, reason: `${k} is listed twice`, rule: 'duplicate_indicator' });
    else indicators.push(k);
  });
  const thresholds: Thresholds = {};
  for (const [key, perMedia] of Object.entries(input.thresholds)) {
    if (!isIndicator(key)) {
      problems.push({ where: `/thresholds/${key}`, reason: `unknown indicator ${JSON.stringify(key)}`, rule: 'unknown_indicator' });
      continue;
    }
    const out: Partial<Record<IndicatorMedia, number | null>> = {};
    for (const [media, value] of Object.entries(perMedia)) {
      const where = `/thresholds/${key}/${media}`;
      if (!isMedia(media)) problems.push({ where, reason: `unknown media ${JSON.stringify(media)} (voice or chat)`, rule: 'unknown_media' });
      else if (value === null) out[media] = null;
      else if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ where, reason: 'must be a number or null', rule: 'not_a_number' });
      else if (value < 0) problems.push({ where, reason: `must not be negative (got ${value})`, rule: 'negative_threshold' });
      else out[media] = value;
    }
    thresholds[key] = out;
  }
  const stateLimits: StateLimits = {};
  for (const [state, value] of Object.entries(input.stateLimits ?? {})) {
    const where = `/stateLimits/${state}`;
    if (!(LIMITED_STATES as readonly string[]).includes(state)) problems.push({ where, reason: `must be one of ${LIMITED_STATES.join(', ')}`, rule: 'unknown_state' });
    else if (value === null) stateLimits[state as keyof StateLimits] = null;
    else if (typeof value !== 'number' || !Number.isFinite(value)) problems.push({ where, reason: 'must be a number of seconds or null', rule: 'not_a_number' });
    else if (value < 0) problems.push({ where, reason: `must not be negative (got ${value})`, rule: 'negative_threshold' });
    else stateLimits[state as keyof StateLimits] = value;
  }
  if (problems.length > 0) throw validationError(problems);
  return { indicators, thresholds, stateLimits };
}

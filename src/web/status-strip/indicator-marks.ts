/**
 * What the pages need to show a floor indicator: its label, its value now (a longest wait keeps
 * growing between two `floor.changed` events, which are not sent for each second of a wait), and
 * whether it is past its threshold. The rule is the daemon's (src/supervision/indicators.ts
 * isPast, mirrored here because the bundle takes no code from the server; test/unit/web/
 * indicator-marks.test.ts checks both agree).
 */
import type { IndicatorKey } from '../../supervision/indicators.js';
import type { IndicatorThresholds } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';

export type { IndicatorKey };
export type Values = Record<string, number>;

/** Alert when below the threshold; every other indicator alerts above it. */
const LOW_IS_BAD = new Set<string>(['available']);

export function isPast(indicator: string, value: number, threshold: number | null | undefined): boolean {
  if (threshold === null || threshold === undefined) return false;
  return LOW_IS_BAD.has(indicator) ? value < threshold : value > threshold;
}

export function indicatorLabel(key: string): string {
  return t(`indicator.${key}` as MessageKey);
}

/** The value at `now`: a longest wait (seconds) grows with the time since the figures were taken. */
export function valueAt(key: string, values: Values, at: number, now: number): number {
  const v = values[key] ?? 0;
  if (key !== 'longestWait' || (values.waiting ?? 0) === 0) return v;
  return v + Math.max(0, Math.floor((now - at) / 1000));
}

export function displayValue(key: string, value: number): string {
  return key === 'longestWait' ? formatDuration(value * 1000) : String(value);
}

export interface Mark {
  key: string;
  label: string;
  text: string;
  chat: number;
  past: boolean;
  /** The threshold passed (voice first), for the reader. */
  threshold: number | null;
}

export function markOf(key: string, voice: Values, chat: Values, thresholds: IndicatorThresholds, at: number, now: number): Mark {
  const v = valueAt(key, voice, at, now);
  const c = valueAt(key, chat, at, now);
  const limits = thresholds[key] ?? {};
  const pastVoice = isPast(key, v, limits.voice);
  const pastChat = isPast(key, c, limits.chat);
  return {
    key,
    label: indicatorLabel(key),
    text: displayValue(key, v),
    chat: c,
    past: pastVoice || pastChat,
    threshold: pastVoice ? (limits.voice ?? null) : pastChat ? (limits.chat ?? null) : null,
  };
}

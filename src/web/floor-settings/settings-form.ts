/**
 * The floor-settings editor's rules, kept out of the components so they are tested alone: at most
 * `max` indicators in the order they were chosen; a threshold field is a number or empty (no alert);
 * a state limit is typed in minutes (what a supervisor thinks in) and stored in seconds.
 */
import type { AudienceSettings } from '../api/types.js';

export function toggleIndicator(chosen: readonly string[], key: string, on: boolean, max: number): string[] {
  if (!on) return chosen.filter((k) => k !== key);
  if (chosen.includes(key) || chosen.length >= max) return [...chosen];
  return [...chosen, key];
}

/** '' -> null (no alert); a number -> that number; anything else -> undefined (not valid). */
export function parseThreshold(text: string): number | null | undefined {
  const s = text.trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function setThreshold(thresholds: AudienceSettings['thresholds'], indicator: string, media: string, value: number | null): AudienceSettings['thresholds'] {
  return { ...thresholds, [indicator]: { ...(thresholds[indicator] ?? {}), [media]: value } };
}

/** Minutes typed -> seconds stored; '' -> null (the built-in limit). */
export function limitSeconds(minutes: string): number | null | undefined {
  const m = parseThreshold(minutes);
  return m === null || m === undefined ? m : Math.round(m * 60);
}

export function limitMinutes(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? '' : String(Math.round((seconds / 60) * 100) / 100);
}

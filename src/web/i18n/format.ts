/** Times and durations as the active language writes them. */
import { hasKey, locale, t } from './i18n.js';

/** A call outcome code in words (the code itself when this version has no words for it). */
export function outcomeText(code: string | undefined): string {
  const key = `outcome.${code ?? 'unknown'}`;
  return hasKey(key) ? t(key) : (code ?? '');
}

/** 65_000 -> "1:05", 3_725_000 -> "1:02:05" (negative counts as 0). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

export function formatTime(epochMs: number): string {
  return new Intl.DateTimeFormat(locale.value, { hour: '2-digit', minute: '2-digit' }).format(epochMs);
}

export function formatDateTime(epochMs: number): string {
  return new Intl.DateTimeFormat(locale.value, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(epochMs);
}

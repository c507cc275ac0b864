/** The twelve phone keys, as buttons (click or Tab + Enter); the digit is each key's name. */
import { t } from '../i18n/i18n.js';

export const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'] as const;
export type Key = (typeof KEYS)[number];

export function Keypad({ onKey, disabled, label }: { onKey: (key: Key) => void; disabled?: boolean; label: string }) {
  return (
    <div class="keypad" role="group" aria-label={label}>
      {KEYS.map((k) => (
        <button key={k} type="button" class="key" disabled={disabled} onClick={() => onKey(k)} aria-label={t('keypad.key', { key: k })}>
          {k}
        </button>
      ))}
    </div>
  );
}

/** Keeps what can be dialed from typed or pasted text: digits, * and #, a leading +. */
export function dialable(text: string): string {
  const kept = text.replace(/[^0-9*#+]/g, '');
  return kept.startsWith('+') ? `+${kept.slice(1).replace(/\+/g, '')}` : kept.replace(/\+/g, '');
}

/**
 * The translator. Every text a person reads goes through `t(key)`, with `{name}` placeholders;
 * the catalogues are en.ts (the key set) and zh-CN.ts (must have exactly the same keys: the
 * compiler checks it, and test/unit/web/i18n-catalogues.test.ts does too).
 *
 * The language is the user's choice, remembered in localStorage on this browser; before any
 * choice, the browser's own language decides (zh* -> Simplified Chinese).
 */
import { signal } from '@preact/signals';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

export type { MessageKey } from './en.js';
export type Locale = 'en' | 'zh-CN';

/** Names of the languages, each in its own language (what a picker shows, whatever is active). */
export const LOCALES: readonly { id: Locale; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'zh-CN', name: '简体中文' },
];

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };
const STORAGE_KEY = 'switchboard.locale';

function isLocale(v: unknown): v is Locale {
  return v === 'en' || v === 'zh-CN';
}

/** The saved choice, else the browser's language. */
export function initialLocale(stored: string | null, browserLanguages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  return browserLanguages.some((l) => l.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    // Storage can be disabled (private mode, policy): the browser language decides instead.
    return null;
  }
}

export const locale = signal<Locale>(initialLocale(readStored(), globalThis.navigator?.languages ?? []));

export function setLocale(next: Locale): void {
  locale.value = next;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, next);
  } catch (err) {
    console.warn('the language choice could not be remembered on this browser', err);
  }
  if (globalThis.document) globalThis.document.documentElement.lang = next;
}

export type Params = Record<string, string | number>;

/** `t('toolbar.waited', { time: '0:42' })`. Reading `locale.value` makes components re-render on a switch. */
export function t(key: MessageKey, params?: Params): string {
  const text = CATALOGUES[locale.value][key] ?? en[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Whether a string is a catalogue key (server error codes are looked up as `error.<CODE>`). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

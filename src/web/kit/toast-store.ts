/**
 * Toasts: short messages in a corner, read out by screen readers (the region is aria-live). An
 * error from the daemon always lands here — a click that fails must never look like nothing
 * happened.
 */
import { signal } from '@preact/signals';
import { isApiError } from '../api/http.js';
import { hasKey, t, type MessageKey, type Params } from '../i18n/i18n.js';

export type ToastKind = 'info' | 'success' | 'error';

export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  /** The daemon's error code, shown small for whoever calls the help desk. */
  code?: string;
}

export const toasts = signal<Toast[]>([]);
let nextId = 1;

const LIFETIME_MS: Record<ToastKind, number> = { info: 5000, success: 4000, error: 10_000 };

export function showToast(kind: ToastKind, text: string, code?: string): number {
  const id = nextId++;
  // The same error twice in a row (a double click) shows once.
  const last = toasts.value[toasts.value.length - 1];
  if (last && last.text === text && last.kind === kind) return last.id;
  toasts.value = [...toasts.value.slice(-4), { id, kind, text, ...(code ? { code } : {}) }];
  setTimeout(() => dismissToast(id), LIFETIME_MS[kind]);
  return id;
}

export function notify(kind: ToastKind, key: MessageKey, params?: Params): number {
  return showToast(kind, t(key, params), undefined);
}

export function dismissToast(id: number): void {
  toasts.value = toasts.value.filter((x) => x.id !== id);
}

/**
 * What went wrong, in the user's language when the code is known (`error.<CODE>` in the
 * catalogues), else the daemon's own message. `what` names the action that failed.
 */
export function errorText(err: unknown): { text: string; code?: string } {
  if (isApiError(err)) {
    const key = `error.${err.code}`;
    return { text: hasKey(key) ? t(key) : err.message, code: err.code };
  }
  // The browser softphone's own failures (src/web/softphone/errors.ts), matched by shape so the kit
  // does not load SIP.js: MIC_DENIED, PBX_UNREACHABLE ...
  if (err instanceof Error && err.name === 'SoftphoneError' && 'code' in err && typeof err.code === 'string') {
    const key = `error.${err.code}`;
    return { text: hasKey(key) ? t(key) : err.message, code: err.code };
  }
  return { text: t('error.unexpected') };
}

/** Shows a failed action as an error toast and logs it with its context for the console. */
export function reportError(what: MessageKey, err: unknown): void {
  const { text, code } = errorText(err);
  console.warn(`${what} failed`, err);
  // A 401 ends the session: the sign-in page says so once, instead of a toast per failed call.
  if (isApiError(err) && err.status === 401) return;
  showToast('error', t('error.actionFailed', { action: t(what), reason: text }), code);
}

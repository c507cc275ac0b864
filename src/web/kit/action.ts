/**
 * Runs what a click asks of the daemon: marks it busy (the button shows it and cannot be clicked
 * twice) and turns any failure into an error toast naming the action. Nothing fails silently.
 */
import { useState } from 'preact/hooks';
import type { MessageKey } from '../i18n/i18n.js';
import { reportError } from './toast-store.js';

export async function runAction<T>(what: MessageKey, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    reportError(what, err);
    return undefined;
  }
}

/** `const [busy, run] = useAction(); run('toolbar.hold', () => calls.hold(id))` */
export function useAction(): [string | undefined, <T>(what: MessageKey, fn: () => Promise<T>) => Promise<T | undefined>] {
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const run = async <T,>(what: MessageKey, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(what);
    try {
      return await runAction(what, fn);
    } finally {
      setBusy(undefined);
    }
  };
  return [busy, run];
}

/**
 * The published-article search as an agent types (the chat's send box and the toolbar's call
 * panel): one request per pause in typing, not per key; a newer search cancels the one in flight,
 * so an older answer can never replace a newer one.
 */
import { useEffect, useState } from 'preact/hooks';
import { kb } from '../api/endpoints.js';
import type { KbSearchHit } from '../api/types.js';
import type { MessageKey } from '../i18n/i18n.js';
import { reportError } from '../kit/toast-store.js';

/** Typing pauses this long before the search runs. */
export const SEARCH_PAUSE_MS = 250;

/** The hits for `q` (undefined while there is nothing to search); a failure is reported under `failedKey`. */
export function useKbSearch(q: string, failedKey: MessageKey): KbSearchHit[] | undefined {
  const [hits, setHits] = useState<KbSearchHit[] | undefined>(undefined);
  useEffect(() => {
    const words = q.trim();
    if (words === '') {
      setHits(undefined);
      return;
    }
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      kb.search({ q: words, scope: 'published' }, abort.signal).then(
        (found) => setHits(found),
        (err: unknown) => {
          // A newer search replaced this one: not a failure.
          if (!abort.signal.aborted) reportError(failedKey, err);
        },
      );
    }, SEARCH_PAUSE_MS);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [q]);
  return hits;
}

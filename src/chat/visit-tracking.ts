/**
 * What a visit says about where the visitor came from: the search engine and the words they
 * searched for, read from the referrer's query string. Pure functions, no I/O.
 */

export interface SearchOrigin {
  engine: string;
  keywords: string;
}

/** Common engines and the query parameter that carries the search words. */
const ENGINES: { host: RegExp; engine: string; params: string[] }[] = [
  { host: /(^|\.)google\.[a-z]{2,3}(\.[a-z]{2})?$/, engine: 'google', params: ['q'] },
  { host: /(^|\.)bing\.com$/, engine: 'bing', params: ['q'] },
  { host: /(^|\.)baidu\.com$/, engine: 'baidu', params: ['wd', 'word'] },
  { host: /(^|\.)sogou\.com$/, engine: 'sogou', params: ['query'] },
  { host: /(^|\.)so\.com$/, engine: 'so.com', params: ['q'] },
];

/** Characters of the keywords kept. */
export const MAX_KEYWORDS_LENGTH = 200;

/**
 * The engine and keywords of a search-result referrer; undefined for any other referrer (or none).
 * Percent-encoded UTF-8 (a Baidu query in Chinese) is decoded; `+` is a space.
 */
export function searchOrigin(referrer: string): SearchOrigin | undefined {
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const host = url.hostname.toLowerCase();
  const found = ENGINES.find((e) => e.host.test(host));
  if (!found) return undefined;
  for (const p of found.params) {
    const words = url.searchParams.get(p)?.replace(/\s+/g, ' ').trim();
    if (words) return { engine: found.engine, keywords: words.slice(0, MAX_KEYWORDS_LENGTH) };
  }
  // The engine is known even when it hides the words (Google over HTTPS usually does).
  return { engine: found.engine, keywords: '' };
}

/** Milliseconds on a page: from its view to the next view or the end; still open counts up to `now`. */
export function timeOnPage(page: { enteredAt: number; leftAt: number | null }, now: number): number {
  return Math.max(0, (page.leftAt ?? now) - page.enteredAt);
}

/**
 * What a visit says about where the visitor came from: the search engine and the words they
 * searched for, read from the referrer's query string. Pure functions, no I/O.
 */
import type { VisitRegion } from './ports.js';

/** "Shanghai, Shanghai, CN": the parts the local database knew, most precise first; '' for none. */
export function regionLabel(r: VisitRegion | null | undefined): string {
  return r ? [r.city, r.region, r.country].filter((p) => p !== '').join(', ') : '';
}

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
 * Parameters that name the charset the search words were percent-encoded in: `ie` ("input
 * encoding": Google, Baidu, Sogou, 360), `inputencoding` and `ei` (older engines and Yahoo-style
 * links). `oe` is deliberately not one: it names the result page's encoding, not the query's.
 */
const CHARSET_PARAMS = ['ie', 'inputencoding', 'ei'];

/**
 * Tried in order when the link names no charset (or one its bytes do not fit): UTF-8, then
 * GB18030, a superset of GBK and GB2312, which older Baidu, Sogou and 360 links use without saying.
 */
const FALLBACK_CHARSETS = ['utf-8', 'gb18030'];

/**
 * The engine and keywords of a search-result referrer; undefined for any other referrer (or none).
 * The words are decoded from their percent-encoded bytes in the charset the link names (`ie=gbk`),
 * else as UTF-8, else as GBK (GB18030); `+` is a space. Words that no charset decodes (a malformed
 * escape, a truncated character) leave the keywords empty: a referrer never fails the visit.
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
  // The raw query: URLSearchParams would decode every escape as UTF-8, turning GBK into U+FFFD.
  const params = rawParams(url.search);
  const named = CHARSET_PARAMS.map((p) => params.get(p)).find((v) => v !== undefined);
  const charset = named === undefined ? undefined : decodeQueryText(named, FALLBACK_CHARSETS);
  for (const p of found.params) {
    const raw = params.get(p);
    if (raw === undefined) continue;
    const words = decodeQueryText(raw, charset ? [charset.trim(), ...FALLBACK_CHARSETS] : FALLBACK_CHARSETS)?.replace(/\s+/g, ' ').trim();
    // Cut by characters, not UTF-16 units: a GB18030 four-byte character is a surrogate pair.
    if (words) return { engine: found.engine, keywords: [...words].slice(0, MAX_KEYWORDS_LENGTH).join('') };
  }
  // The engine is known even when it hides the words (Google over HTTPS usually does).
  return { engine: found.engine, keywords: '' };
}

/** `?a=1&b=x+y` -> a: "1", b: "x+y", still encoded; the first of a repeated name wins, as URLSearchParams.get. */
function rawParams(search: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of search.replace(/^\?/, '').split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (!out.has(name)) out.set(name, eq < 0 ? '' : pair.slice(eq + 1));
  }
  return out;
}

/**
 * Percent-encoded text in the first of the charsets (WHATWG labels: `gbk`, `gb2312`, `utf8`...)
 * that this runtime knows and that decodes every byte; undefined when none does or an escape is
 * malformed. A label the runtime lacks (an unknown one, or `gbk` on a Node built without full ICU)
 * is skipped.
 */
function decodeQueryText(raw: string, charsets: readonly string[]): string | undefined {
  const bytes = percentBytes(raw);
  if (!bytes) return undefined;
  for (const label of charsets) {
    let decoder: TextDecoder;
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      continue; // RangeError: a label this runtime does not decode; the next one may fit.
    }
    try {
      return decoder.decode(bytes);
    } catch {
      // TypeError: the bytes are not text in this charset; the next one may fit.
    }
  }
  return undefined;
}

/** The bytes of percent-encoded text (`+` a space); undefined for a malformed escape (`%E4%B`, `%zz`). */
function percentBytes(raw: string): Uint8Array | undefined {
  const out: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return undefined;
      out.push(parseInt(hex, 16));
      i += 2;
    } else if (c === 0x2b /* + */) out.push(0x20);
    // URL serializes the query in ASCII (anything else percent-encoded as UTF-8), so a char is a byte.
    else if (c < 0x80) out.push(c);
    else return undefined;
  }
  return Uint8Array.from(out);
}

/** Milliseconds on a page: from its view to the next view or the end; still open counts up to `now`. */
export function timeOnPage(page: { enteredAt: number; leftAt: number | null }, now: number): number {
  return Math.max(0, (page.leftAt ?? now) - page.enteredAt);
}

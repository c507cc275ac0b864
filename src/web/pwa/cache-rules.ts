/**
 * What the service worker may do with a request: the one pure decision, shared by the worker
 * (src/web/pwa/sw.ts) and its unit tests. The rule is a whitelist: only the app shell the build
 * listed (scripts, styles, fonts, icons under /app/) and the page itself (navigations inside
 * /app/) are ever answered from the cache. Everything else goes to the network untouched, above
 * all customer data: the API and its WebSocket, recordings and uploads (all under /api/), the
 * widget a customer's site loads (/widget.js, /api/widget/*), and other origins.
 *
 *   'shell'    a page of the app: network first (always the newest page when online), the cached
 *              shell only when the network fails, so a stale shell is never served while online
 *   'precache' a file of this build's shell: from the cache, the network if it is missing
 *   'pass'     not the worker's business: no respondWith, the browser fetches as without a worker
 */

export type CacheDecision = 'shell' | 'precache' | 'pass';

export interface RequestFacts {
  method: string;
  url: string;
  /** Request.mode: 'navigate' for a page load. */
  mode: string;
  /** Whether the request carries a Range header (media streaming): never cached. */
  range?: boolean;
}

/** The worker's scope: the app lives under /app/ and the worker is served from there. */
export const APP_SCOPE = '/app/';

/** Paths no worker of ours may ever store, whatever a build lists: data, the widget, recordings. */
const NEVER: readonly RegExp[] = [/^\/api(\/|$)/, /^\/widget\.js$/, /^\/healthz$/, /^\/metrics$/, /^\/app\/sw\.js$/, /^\/app\/manifest\.webmanifest$/];

/** Whether a URL may be put into Cache Storage at all (checked at install too, against a bad list). */
export function mayStore(url: string, origin: string): boolean {
  let u: URL;
  try {
    u = new URL(url, origin);
  } catch {
    return false;
  }
  if (u.origin !== origin) return false;
  if (u.search !== '' || u.hash !== '') return false;
  if (!u.pathname.startsWith(APP_SCOPE)) return false;
  return !NEVER.some((re) => re.test(u.pathname));
}

/**
 * @param req the request
 * @param origin the worker's origin (self.location.origin)
 * @param precached the URLs (paths) this build's worker holds
 */
export function cacheDecision(req: RequestFacts, origin: string, precached: ReadonlySet<string>): CacheDecision {
  if (req.method !== 'GET' || req.range) return 'pass';
  let u: URL;
  try {
    u = new URL(req.url);
  } catch {
    return 'pass';
  }
  if (u.origin !== origin) return 'pass';
  if (NEVER.some((re) => re.test(u.pathname))) return 'pass';
  if (!u.pathname.startsWith(APP_SCOPE) && u.pathname !== '/app') return 'pass';
  if (req.mode === 'navigate') return 'shell';
  return u.search === '' && precached.has(u.pathname) ? 'precache' : 'pass';
}

/** The cache a build's worker owns; older ones (another version) are deleted when it activates. */
export const CACHE_PREFIX = 'switchboard-shell-';
export function cacheName(version: string): string {
  return `${CACHE_PREFIX}${version}`;
}
/** Caches of ours that are not this version's (other sites' caches on the origin are left alone). */
export function staleCaches(names: readonly string[], version: string): string[] {
  return names.filter((n) => n.startsWith(CACHE_PREFIX) && n !== cacheName(version));
}

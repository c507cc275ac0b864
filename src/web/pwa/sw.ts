/**
 * The service worker of the installed app (built by vite.sw.config.ts into dist/web/app/sw.js,
 * served at /app/sw.js, so its scope is /app/ and nothing else of the origin: not the API, not
 * the widget other sites load). It keeps this build's shell for offline starts and shows the
 * notifications the page asks for; it never stores anything it did not get in its build's list
 * (cache-rules.ts decides, unit-tested).
 *
 * Versions: the build bakes the precache list and its digest into this file, so every new build
 * is a byte-different worker. The browser installs it on the next page load; it takes over at
 * once (skipWaiting + clients.claim) and deletes the old shell's cache. That is safe because pages
 * come network-first (a page never runs old HTML while online) and the open page keeps working
 * with the files it already loaded; the page shows a "new version, reload" hint (update-hint).
 *
 *   installing --(precache this build's shell)--> installed --skipWaiting--> activating
 *   activating --(delete other versions' caches, claim pages)--> active
 */
import { cacheDecision, cacheName, mayStore, staleCaches } from './cache-rules.js';

declare const __SHELL_VERSION__: string;
declare const __PRECACHE__: string[];

/** The parts of the worker's global scope used here (the web tsconfig has DOM types only). */
interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Promise<Response>): void;
}
interface NotificationClickEvent extends ExtendableEvent {
  notification: Notification;
}
interface WindowClient {
  url: string;
  focus(): Promise<WindowClient>;
  postMessage(message: unknown): void;
}
interface WorkerScope {
  location: Location;
  skipWaiting(): Promise<void>;
  clients: {
    claim(): Promise<void>;
    matchAll(o: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
  };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'notificationclick', fn: (e: NotificationClickEvent) => void): void;
}

const sw = self as unknown as WorkerScope;
const VERSION = __SHELL_VERSION__;
const ORIGIN = sw.location.origin;
/** Defence in depth: a list entry the rules forbid is dropped, never stored. */
const PRECACHE = __PRECACHE__.filter((url) => mayStore(url, ORIGIN));
const PRECACHED = new Set(PRECACHE);
const SHELL = '/app/';

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(cacheName(VERSION));
      // cache: 'reload': the HTTP cache may hold index.html of the previous build.
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'reload', credentials: 'same-origin' })));
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of staleCaches(await caches.keys(), VERSION)) await caches.delete(name);
      await sw.clients.claim();
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const req = event.request;
  const decision = cacheDecision({ method: req.method, url: req.url, mode: req.mode, range: req.headers.has('range') }, ORIGIN, PRECACHED);
  if (decision === 'pass') return;
  if (decision === 'shell') {
    event.respondWith(
      fetch(req).catch(async (err: unknown) => {
        // Offline (or the daemon is down): the cached shell starts and says it is offline.
        const shell = await caches.match(SHELL, { cacheName: cacheName(VERSION) });
        if (shell) return shell;
        throw err;
      }),
    );
    return;
  }
  event.respondWith(
    (async () => {
      const hit = await caches.match(req, { cacheName: cacheName(VERSION) });
      return hit ?? fetch(req);
    })(),
  );
});

/** A click on a notification: the app comes to the front on that chat or offer (the page's URL in data.url). */
sw.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data as { url?: unknown } | null;
  const target = typeof data?.url === 'string' && mayOpen(data.url) ? data.url : `${SHELL}toolbar`;
  event.waitUntil(
    (async () => {
      const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const open = windows.find((w) => new URL(w.url).pathname.startsWith(SHELL));
      if (open) {
        await open.focus();
        open.postMessage({ type: 'switchboard.open', url: target });
        return;
      }
      await sw.clients.openWindow(target);
    })(),
  );
});

/** Only our own pages: a notification's data never sends the agent elsewhere. */
function mayOpen(url: string): boolean {
  try {
    const u = new URL(url, ORIGIN);
    return u.origin === ORIGIN && u.pathname.startsWith(SHELL);
  } catch {
    return false;
  }
}

/** What the service worker may answer from its cache: the app shell only, never data, the widget or other origins. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cacheDecision, cacheName, mayStore, staleCaches } from '../../../src/web/pwa/cache-rules.js';

const ORIGIN = 'https://cc.example.com';
const PRECACHED = new Set(['/app/', '/app/assets/index-1.js', '/app/assets/index-1.css', '/app/icons/icon-192.png']);
const get = (path: string, mode = 'cors', extra: { method?: string; range?: boolean; origin?: string } = {}) =>
  cacheDecision({ method: extra.method ?? 'GET', url: `${extra.origin ?? ORIGIN}${path}`, mode, range: extra.range ?? false }, ORIGIN, PRECACHED);

describe('cacheDecision', () => {
  it('given a page of the app when navigated to then it is the shell (network first, cache when offline)', () => {
    expect(get('/app/toolbar', 'navigate')).toBe('shell');
    expect(get('/app/login?next=%2Fapp%2Ftoolbar', 'navigate')).toBe('shell');
    expect(get('/app', 'navigate')).toBe('shell');
  });

  it("given a file of this build's shell when fetched then it comes from the precache", () => {
    expect(get('/app/assets/index-1.js', 'cors')).toBe('precache');
    expect(get('/app/icons/icon-192.png', 'no-cors')).toBe('precache');
  });

  it('given any API call, the event socket, recordings, uploads or the widget when fetched then the worker passes it untouched', () => {
    for (const path of ['/api/auth/me', '/api/ws', '/api/chats', '/api/chats/c1/messages', '/api/recordings/r1/audio', '/api/attachments/a1', '/api/widget/ws', '/widget.js', '/healthz', '/metrics']) {
      expect(get(path, 'cors'), path).toBe('pass');
      expect(get(path, 'navigate'), path).toBe('pass');
    }
  });

  it('given another origin, a write, a range request or a query string when fetched then the worker passes it', () => {
    expect(get('/app/assets/index-1.js', 'cors', { origin: 'https://cdn.example.net' })).toBe('pass');
    expect(get('/app/assets/index-1.js', 'cors', { method: 'POST' })).toBe('pass');
    expect(get('/app/assets/index-1.js', 'cors', { range: true })).toBe('pass');
    expect(get('/app/assets/index-1.js?v=2', 'cors')).toBe('pass');
  });

  it('given a file of the app that this build did not list (an older bundle, a source map) when fetched then it goes to the network', () => {
    expect(get('/app/assets/index-0.js', 'cors')).toBe('pass');
    expect(get('/app/assets/index-1.js.map', 'cors')).toBe('pass');
    expect(get('/app/sw.js', 'cors')).toBe('pass');
  });

  it('given any path under /api even when a bad build listed it when fetched or stored then it is never cached', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-zA-Z0-9._~%-]{0,12}$/), { maxLength: 5 }), fc.constantFrom('navigate', 'cors', 'no-cors', 'same-origin'), (segments, mode) => {
        // Dot segments would resolve out of /api: a different URL, not an API one.
        const apiPath = `/api/${segments.filter((s) => s !== '.' && s !== '..').join('/')}`;
        const listed = new Set([...PRECACHED, apiPath]);
        expect(cacheDecision({ method: 'GET', url: `${ORIGIN}${apiPath}`, mode }, ORIGIN, listed)).toBe('pass');
        expect(mayStore(apiPath, ORIGIN)).toBe(false);
      }),
    );
  });
});

describe('mayStore', () => {
  it('given the shell files when checked then they may be stored; the API, the widget, other origins and query strings may not', () => {
    expect(mayStore('/app/', ORIGIN)).toBe(true);
    expect(mayStore('/app/assets/index-1.js', ORIGIN)).toBe(true);
    expect(mayStore('/api/auth/me', ORIGIN)).toBe(false);
    expect(mayStore('/widget.js', ORIGIN)).toBe(false);
    expect(mayStore('/app/manifest.webmanifest', ORIGIN)).toBe(false);
    expect(mayStore('https://evil.example/app/x.js', ORIGIN)).toBe(false);
    expect(mayStore('/app/assets/index-1.js?x=1', ORIGIN)).toBe(false);
  });
});

describe('staleCaches', () => {
  it('given caches of older versions and of something else on the origin when a version activates then only our older ones go', () => {
    expect(staleCaches([cacheName('aaa'), cacheName('bbb'), 'other-app'], 'bbb')).toEqual([cacheName('aaa')]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebRoutes } from '../../../../src/api/http/web/web-routes.js';
import type { SecurityHeaderOptions } from '../../../../src/api/security-headers.js';
import { buildServer } from '../../../../src/api/server.js';
import { AppError } from '../../../../src/core/errors.js';

/** A built app of two files, as Vite lays it out. */
function fakeBuild(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-web-'));
  mkdirSync(path.join(dir, 'assets'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><script type="module" src="/app/assets/index-abc123.js"></script>');
  writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'sw.js'), '(function(){})();');
  mkdirSync(path.join(dir, 'icons'));
  writeFileSync(path.join(dir, 'icons', 'icon-192.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  mkdirSync(path.join(dir, 'widget'));
  writeFileSync(path.join(dir, 'widget', 'widget.js'), '(function(){})();');
  return dir;
}

function server(dir: string, security?: SecurityHeaderOptions): FastifyInstance {
  return buildServer({
    authenticate: async () => {
      throw new AppError('UNAUTHENTICATED');
    },
    routes: [(app) => registerWebRoutes(app, { dir, widgetDir: path.join(dir, 'widget') })],
    ...(security ? { security } : {}),
  });
}

describe('the web app under /app/', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = fakeBuild();
    app = server(dir, { extraConnectSrc: ['wss://pbx.example.com:8089'] });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given /app without a slash when asked then the browser is sent to /app/', async () => {
    const res = await app.inject({ method: 'GET', url: '/app' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/app/');
  });

  it('given a page of the app (/app/toolbar) when asked without a session then index.html answers, revalidated each time', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/toolbar?x=1' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('/app/assets/index-abc123.js');
  });

  it('given a hashed bundle file when asked then it is served and cached for a year', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('given a bundle file that does not exist or a path out of the folder when asked then 404, never another file', async () => {
    expect((await app.inject({ method: 'GET', url: '/app/assets/gone.js' })).statusCode).toBe(404);
    const out = await app.inject({ method: 'GET', url: '/app/assets/../../package.json' });
    expect(out.body).not.toContain('"name"');
    const encoded = await app.inject({ method: 'GET', url: '/app/assets/%2e%2e/%2e%2e/etc/passwd' });
    expect([403, 404]).toContain(encoded.statusCode);
  });

  it('given any answer when its headers are read then the CSP allows scripts and styles only from the daemon, data only to it, its WebSocket and the configured PBX socket', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/', headers: { host: 'cc.example.com:8080' } });
    const csp = String(res.headers['content-security-policy']);
    const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'", 'ws://cc.example.com:8080', 'wss://pbx.example.com:8089']);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('given a Host header that is not a host name when the CSP is built then nothing of it reaches the policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/', headers: { host: "evil.example; script-src 'unsafe-inline'" } });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).not.toContain('evil');
    expect(csp).toMatch(/connect-src 'self' 'self'/);
  });
});

describe('the installable app: worker, manifest, icons', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = fakeBuild();
    app = server(dir);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given the service worker when asked without a session then it is JavaScript from /app/, revalidated on every load, and the CSP allows workers from the daemon', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/sw.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['service-worker-allowed']).toBe('/app/');
    expect(String(res.headers['content-security-policy'])).toContain("worker-src 'self'");
    expect(String(res.headers['content-security-policy'])).toContain("manifest-src 'self'");
  });

  it('given the manifest when asked in English, in Chinese and with an unknown language then each is JSON naming the app; unknown is English', async () => {
    const en = await app.inject({ method: 'GET', url: '/app/manifest.webmanifest' });
    expect(en.statusCode).toBe(200);
    expect(en.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(en.json()).toMatchObject({ name: 'Switchboard agent', display: 'standalone', start_url: '/app/toolbar', scope: '/app/' });
    expect((await app.inject({ method: 'GET', url: '/app/manifest.webmanifest?lang=zh-CN' })).json()).toMatchObject({ name: 'Switchboard 坐席工作台', lang: 'zh-CN' });
    expect((await app.inject({ method: 'GET', url: '/app/manifest.webmanifest?lang=xx' })).json()).toMatchObject({ lang: 'en' });
  });

  it('given an unknown query parameter on the manifest when asked then 400 VALIDATION_FAILED', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/manifest.webmanifest?evil=1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });

  it('given an icon when asked then it is served as an image cached for a day; a name out of the folder gets the page, never the file', async () => {
    const res = await app.inject({ method: 'GET', url: '/app/icons/icon-192.png' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    const out = await app.inject({ method: 'GET', url: '/app/icons/..%2Fsw.js' });
    expect(out.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('the chat widget at /widget.js', () => {
  it('given a foreign web site embedding the widget when its script is asked without any session then it is served, loadable cross-origin, cached briefly', async () => {
    const dir = fakeBuild();
    const app = server(dir);
    try {
      const res = await app.inject({ method: 'GET', url: '/widget.js', headers: { origin: 'https://shop.example' } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.body).toBe('(function(){})();');
      // Helmet's default (same-origin) would make every other site's browser refuse the script.
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers['cache-control']).toBe('public, max-age=300');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given no built widget when /widget.js is asked then 503 WEB_APP_NOT_BUILT', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'sb-web-empty-'));
    const app = server(empty);
    try {
      const res = await app.inject({ method: 'GET', url: '/widget.js' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'WEB_APP_NOT_BUILT' });
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('the web app before it was built', () => {
  it('given no dist/web when a page is asked then 503 WEB_APP_NOT_BUILT says how to build it, and the server still starts', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'sb-web-empty-'));
    const app = server(empty);
    try {
      await app.ready();
      const res = await app.inject({ method: 'GET', url: '/app/login' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ code: 'WEB_APP_NOT_BUILT', message: 'The web app is not built: run npm run build' });
    } finally {
      await app.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('given HTTPS when the headers are read then browsers are told to stay on HTTPS', async () => {
    const dir = fakeBuild();
    const app = server(dir, { https: true });
    try {
      const res = await app.inject({ method: 'GET', url: '/app/' });
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

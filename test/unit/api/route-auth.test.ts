import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, ROLE_PERMISSIONS, type Permission, type Role } from '../../../src/accounts/permissions.js';
import { DEFAULT_GRANTS, grantedTo } from '../../../src/accounts/role-grants.js';
import type { CatalogueEntry } from '../../../src/api/route-catalogue.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

/**
 * Every route of the daemon (allRouteRegistrars, exactly as main.ts serves them) must refuse an
 * unauthenticated caller with 401 and, when it names a permission, a caller without it with 403.
 * Routes open to everybody are listed here by hand: making a route public is a decision that
 * must show up in this file's diff.
 */
const DELIBERATELY_PUBLIC = new Set([
  'GET /healthz', //            load balancers and the README's start check
  'GET /metrics', //            Prometheus has no session; guarded by the scrape token when configured
  'GET /api/openapi.json', //   the API description holds no data
  'POST /api/auth/login', //    how a session starts
  'GET /ivr-admin', //          the old IVR page's address: only a redirect to /app/ivr (no data)
  'GET /ivr-admin/',
  'GET /', //                  browsers are sent to the login page; API clients get where the API is described
  'GET /app', //               the web app's files (dist/web/app); every call its pages make is guarded
  'GET /app/*',
  'GET /app/sw.js', //          the installed app's service worker: the shell's file list, no data
  'GET /app/manifest.webmanifest', // the installed app's name and icons
  'GET /widget.js', //          the chat widget's script, embedded by customers' sites; no data, no secret
  'GET /api/widget/ws', //     the visitor chat widget on customers' sites: visitors have no account; the narrow visitor token covers only their own chats
  'POST /api/widget/chats/:id/uploads', // the widget's uploads: the X-Visitor-Token header covers only that visitor's own chat
  'GET /api/widget/attachments/:id', //   and the attachments of that visitor's own chats (and public ticket replies)
  'OPTIONS /api/widget/chats/:id/uploads', // CORS preflights of those two (the widget runs on customers' sites)
  'OPTIONS /api/widget/attachments/:id',
  'GET /api/widget/articles/:id', //      the published text of an article sent to that visitor as a card (X-Visitor-Token), nothing else
  'OPTIONS /api/widget/articles/:id', //  its CORS preflight
  'POST /api/messaging/:connectorId/inbound', // a messaging platform's adapter: the HMAC signature of the raw body with the connector's secret is its credential
]);

function concreteUrl(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, 'no-such-$1').replace(/\*/g, 'x');
}

const key = (e: CatalogueEntry) => `${e.method} ${e.url}`;

describe('every route enforces its declared access', () => {
  let t: TestApp;
  let entries: CatalogueEntry[];
  const lacking = new Map<Permission, AuthHeaders>();

  beforeAll(async () => {
    t = await createTestApp();
    entries = [...t.app.routeCatalogue.entries];
    // For each permission, one user holding every role that does not grant it (possibly none),
    // neither in its fixed bundle nor by the default per-role grants (role-grants.ts).
    const needed = new Set(entries.flatMap((e) => (e.permission ? [e.permission] : [])));
    for (const p of needed) {
      const roles: Role[] = ROLES.filter((r) => !ROLE_PERMISSIONS[r].has(p) && !grantedTo([r], DEFAULT_GRANTS).includes(p));
      lacking.set(p, await t.loginAs(roles));
    }
  });
  afterAll(async () => {
    await t.close();
  });

  it('given the registered routes then the catalogue holds them all, each with a declared access', () => {
    const keys = entries.map(key);
    expect(keys).toEqual(expect.arrayContaining(['POST /api/users', 'GET /api/audit', 'GET /api/ws', 'GET /api/auth/me']));
    for (const e of entries) expect(['public', 'authenticated', 'permission']).toContain(e.access);
  });

  it('given the public routes then they are exactly the deliberately public list', () => {
    const publicRoutes = entries.filter((e) => e.access === 'public').map(key).sort();
    expect(publicRoutes).toEqual([...DELIBERATELY_PUBLIC].sort());
  });

  it('given no credentials then every non-public route answers 401', async () => {
    const failures: string[] = [];
    for (const e of entries.filter((x) => x.access !== 'public')) {
      const res = await t.inject({ method: e.method as 'GET', url: concreteUrl(e.url) });
      if (res.statusCode !== 401 || res.json().code !== 'UNAUTHENTICATED') failures.push(`${key(e)} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('given a forged or revoked token then every non-public route answers 401', async () => {
    const s = await t.login('admin');
    await t.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    const failures: string[] = [];
    for (const e of entries.filter((x) => x.access !== 'public')) {
      for (const headers of [{ authorization: 'Bearer forged-token' }, s.headers]) {
        const res = await t.inject({ method: e.method as 'GET', url: concreteUrl(e.url), headers });
        if (res.statusCode !== 401) failures.push(`${key(e)} -> ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('given a caller holding every role except those granting the permission then every permission route answers 403', async () => {
    const failures: string[] = [];
    for (const e of entries.filter((x) => x.access === 'permission')) {
      const headers = lacking.get(e.permission as Permission) as AuthHeaders;
      const res = await t.inject({ method: e.method as 'GET', url: concreteUrl(e.url), headers });
      if (res.statusCode !== 403 || res.json().code !== 'FORBIDDEN') failures.push(`${key(e)} (${e.permission}) -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('given a caller holding the permission then no permission route answers 401 or 403 FORBIDDEN', async () => {
    const admin = await t.loginAs('admin');
    const failures: string[] = [];
    for (const e of entries.filter((x) => x.access === 'permission')) {
      const res = await t.inject({ method: e.method as 'GET', url: concreteUrl(e.url), headers: admin });
      // Toolbar routes may still refuse a user that is not linked to an agent (NOT_AN_AGENT):
      // that is about the user's set-up, not the permission check.
      const refused = res.statusCode === 401 || (res.statusCode === 403 && res.json().code !== 'NOT_AN_AGENT');
      if (refused) failures.push(`${key(e)} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});

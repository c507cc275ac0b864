import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHeaders, TestApp } from '../../helpers/test-app.js';
import { createTestApp } from '../../helpers/test-app.js';
import type { CatalogueEntry } from '../../../src/api/route-catalogue.js';

/**
 * Issue 18 items 7 and 8, over every registered route (allRouteRegistrars): control characters,
 * wrong JSON types, foreign content types and over-long path parameters are refused with a coded
 * 400/415 naming the field, never a 500 and never silently converted.
 */
interface Prop {
  name: string;
  free: boolean;
}

function stringProps(entry: CatalogueEntry): Prop[] {
  const body = entry.schema?.body as { properties?: Record<string, { type?: unknown; enum?: unknown; pattern?: unknown; format?: unknown; 'x-free-text'?: boolean }> } | undefined;
  return Object.entries(body?.properties ?? {})
    .filter(([, s]) => s.type === 'string' && s.enum === undefined && s.pattern === undefined && s.format === undefined)
    .map(([name, s]) => ({ name, free: s['x-free-text'] === true }));
}

const concrete = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, 'x1').replace(/\*/g, 'x');
const key = (e: CatalogueEntry) => `${e.method} ${e.url}`;

describe('bad input on every route', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  let withBody: CatalogueEntry[];
  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.loginAs(['admin', 'agent']);
    withBody = t.app.routeCatalogue.entries.filter((e) => stringProps(e).length > 0);
  });
  afterAll(async () => {
    await t.close();
  });

  const send = (e: CatalogueEntry, payload: unknown) => t.inject({ method: e.method as 'POST', url: concrete(e.url), headers: admin, payload: payload as object });
  const problemsOf = (json: { details?: { problems?: { where: string }[] } }) => (json.details?.problems ?? []).map((p) => p.where);

  it('given the catalogue then routes with string body fields are found (the walk below is not empty)', () => {
    expect(withBody.map(key)).toEqual(expect.arrayContaining(['POST /api/users', 'PATCH /api/users/:id', 'POST /api/auth/login']));
  });

  it('given a NUL in any string body field, free text included, then 400 VALIDATION_FAILED naming it', async () => {
    const failures: string[] = [];
    for (const e of withBody) {
      for (const p of stringProps(e)) {
        const res = await send(e, { [p.name]: 'ab\u0000cd' });
        if (res.statusCode !== 400 || res.json().code !== 'VALIDATION_FAILED' || !problemsOf(res.json()).includes(`/body/${p.name}`)) {
          failures.push(`${key(e)} ${p.name} -> ${res.statusCode} ${res.body.slice(0, 120)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('given a control character or a right-to-left override in a name field then 400 naming it; in free text a newline and tab pass', async () => {
    const failures: string[] = [];
    for (const e of withBody) {
      for (const p of stringProps(e)) {
        for (const bad of ['a\u0007b', 'a\u202eb', 'a\u001bb']) {
          const res = await send(e, { [p.name]: bad });
          const named = problemsOf(res.json()).includes(`/body/${p.name}`);
          // Free text refuses the bell and escape, not the bidi override (a quote may hold one).
          const shouldRefuse = !p.free || bad !== 'a\u202eb';
          if (shouldRefuse && (res.statusCode !== 400 || !named)) failures.push(`${key(e)} ${p.name} ${JSON.stringify(bad)} -> ${res.statusCode}`);
        }
        if (p.free) {
          const res = await send(e, { [p.name]: 'line one\n\tline two\r\n' });
          if (problemsOf(res.json()).includes(`/body/${p.name}`)) failures.push(`${key(e)} ${p.name} refuses newline/tab in free text`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('given a number where a string field is declared then 400 "must be string", never converted', async () => {
    const failures: string[] = [];
    for (const e of withBody) {
      for (const p of stringProps(e)) {
        const res = await send(e, { [p.name]: 123 });
        if (res.statusCode !== 400 || !problemsOf(res.json()).includes(`/body/${p.name}`)) failures.push(`${key(e)} ${p.name} -> ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    const created = await t.inject({ method: 'POST', url: '/api/users', headers: admin, payload: { username: 'typed', roles: ['agent'], displayName: 123 } });
    expect(created.statusCode).toBe(400);
    expect(await t.deps.users.findByUsername('typed')).toBeUndefined();
  });

  it('given a text/plain body on any route taking a body then 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    const failures: string[] = [];
    for (const e of withBody) {
      const res = await t.inject({ method: e.method as 'POST', url: concrete(e.url), headers: { ...admin, 'content-type': 'text/plain' }, payload: 'name=x' });
      if (res.statusCode !== 415 || res.json().code !== 'UNSUPPORTED_MEDIA_TYPE') failures.push(`${key(e)} -> ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });

  it('given a NUL or an over-long value in a path parameter of any route then 400 VALIDATION_FAILED in the usual shape, never 500', async () => {
    const failures: string[] = [];
    for (const e of t.app.routeCatalogue.entries.filter((x) => x.url.includes(':') && !x.websocket)) {
      for (const value of ['a%00b', 'x'.repeat(300)]) {
        const res = await t.inject({ method: e.method as 'GET', url: e.url.replace(/:([A-Za-z0-9_]+)/g, value), headers: admin });
        const json = res.json();
        if (res.statusCode !== 400 || json.code !== 'VALIDATION_FAILED' || typeof json.message !== 'string' || !problemsOf(json)[0]?.startsWith('/params')) {
          failures.push(`${key(e)} ${value.slice(0, 8)} -> ${res.statusCode} ${res.body.slice(0, 100)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('given numbers and booleans in a query string then they are still coerced to the declared types', async () => {
    const res = await t.inject({ method: 'GET', url: '/api/audit?limit=2', headers: admin });
    expect(res.statusCode).toBe(200);
    expect(res.json().entries.length).toBeLessThanOrEqual(2);
    const bad = await t.inject({ method: 'GET', url: '/api/audit?limit=two', headers: admin });
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/query/limit' }] } });
  });
});

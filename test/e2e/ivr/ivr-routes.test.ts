import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIvrApp, type IvrApp } from './ivr-app.js';

let t: IvrApp;
beforeAll(async () => {
  t = await createIvrApp();
});
afterAll(async () => {
  await t.close();
});

const BROKEN_EDIT = (src: string) => src.replace('"1": sales', '"1": salse');

describe('IVR routes', () => {
  it('given the example flows when an agent lists them then each is valid and running version 1', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/ivr/flows', headers: await t.loginAs(['agent']) });
    expect(res.statusCode).toBe(200);
    const flows = res.json().flows as { name: string; version: number; problems: unknown[] }[];
    expect(flows.map((f) => [f.name, f.version, f.problems.length])).toEqual([
      ['after-hours', 1, 0],
      ['main', 1, 0],
      ['order-status', 1, 0],
      ['survey', 1, 0],
      ['vip-routing', 1, 0],
    ]);
  });

  it('given a flow when opened then its file, diagram graph and state come back', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/ivr/flows/main', headers: await t.loginAs(['agent']) });
    const body = res.json();
    expect(body.source).toBe(readFileSync(join(t.flowsDir, 'main.yaml'), 'utf8'));
    expect(body.graph.start).toBe('hours');
    expect(body.graph.edges).toContainEqual({ from: 'menu', to: 'sales', label: '1' });
    expect(body.graph.nodes).toContainEqual({ id: 'sales', kind: 'queue', line: expect.any(Number), label: 'queue sales', detail: 'sales' });
    expect(body.problems).toEqual([]);
    const missing = await t.server.inject({ method: 'GET', url: '/api/ivr/flows/nope', headers: await t.loginAs(['agent']) });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('IVR_FLOW_NOT_FOUND');
  });

  it('given a supervisor without ivr.edit when saving then it is forbidden', async () => {
    const src = readFileSync(join(t.flowsDir, 'main.yaml'), 'utf8');
    const res = await t.server.inject({ method: 'PUT', url: '/api/ivr/flows/main', headers: await t.loginAs(['supervisor']), payload: { source: src } });
    expect(res.statusCode).toBe(403);
  });

  it('given an admin saving a broken file when saved then it is refused with positions and nothing on disk or in the store changes', async () => {
    const file = join(t.flowsDir, 'main.yaml');
    const before = readFileSync(file, 'utf8');
    const res = await t.server.inject({ method: 'PUT', url: '/api/ivr/flows/main', headers: await t.loginAs(['admin']), payload: { source: BROKEN_EDIT(before) } });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({
      code: 'IVR_FLOW_INVALID',
      details: {
        problems: [
          expect.objectContaining({ col: 12, code: 'IVR_UNKNOWN_TARGET', params: { node: 'menu', target: 'salse', label: '1' }, reason: 'node "menu" goes to "salse" (1), which is not a node of this flow' }),
          expect.objectContaining({ col: 3, code: 'IVR_UNREACHABLE_NODE', params: { node: 'sales', start: 'hours' }, reason: 'node "sales" can never be reached from start "hours"' }),
        ],
      },
    });
    expect(readFileSync(file, 'utf8')).toBe(before);
    const versions = await t.server.inject({ method: 'GET', url: '/api/ivr/flows/main/versions', headers: await t.loginAs(['admin']) });
    expect(versions.json().versions).toHaveLength(1);
  });

  it('given an admin saving a valid change when saved then the file is replaced and a new version records who saved it', async () => {
    const file = join(t.flowsDir, 'main.yaml');
    const next = readFileSync(file, 'utf8').replace('Welcome to Example Company.', 'Welcome to Example Company, how can we help?');
    const headers = await t.loginAs(['admin'], 'ivr-editor');
    const check = await t.server.inject({ method: 'POST', url: '/api/ivr/flows/main/check', headers, payload: { source: next } });
    expect(check.json().problems).toEqual([]);
    const res = await t.server.inject({ method: 'PUT', url: '/api/ivr/flows/main', headers, payload: { source: next } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'main', version: 2, problems: [] });
    expect(readFileSync(file, 'utf8')).toBe(next);
    const versions = (await t.server.inject({ method: 'GET', url: '/api/ivr/flows/main/versions', headers })).json().versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0].changedBy).toEqual(expect.any(String));
    expect([versions[0].changedByName, versions[1].changedByName]).toEqual(['ivr-editor', null]);
    const v2 = await t.server.inject({ method: 'GET', url: '/api/ivr/flows/main/versions/2', headers });
    expect(v2.json().source).toBe(next);
  });

  it('given a call that went through the IVR when its trace and the abandon report are asked for then they come back', async () => {
    const at = Date.UTC(2026, 0, 5, 10);
    await t.traces.saveTrace({
      callId: 'call-42',
      flow: 'main',
      version: 1,
      startedAt: at,
      endedAt: at + 8000,
      exit: 'abandoned',
      exitNode: 'menu',
      variables: { customer_level: 'gold' },
      steps: [{ seq: 1, flow: 'main', node: 'menu', kind: 'menu', enteredAt: at, leftAt: at + 8000, digits: '5', result: 'abandoned' }],
    });
    const agent = await t.loginAs(['agent']);
    const trace = await t.server.inject({ method: 'GET', url: '/api/ivr/traces/call-42', headers: agent });
    expect(trace.json()).toMatchObject({ exitNode: 'menu', steps: [{ node: 'menu', digits: '5' }] });
    expect((await t.server.inject({ method: 'GET', url: '/api/ivr/reports/abandon-points?from=0&to=9999999999999', headers: agent })).statusCode).toBe(403);
    const report = await t.server.inject({ method: 'GET', url: `/api/ivr/reports/abandon-points?from=${at}&to=${at + 1}`, headers: await t.loginAs(['supervisor']) });
    expect(report.json()).toEqual({ points: [{ flow: 'main', node: 'menu', count: 1 }] });
  });

  it('given the old address of the IVR page when asked for (with or without a flow) then it leads to the app\'s page, which needs a login for any data', async () => {
    for (const url of ['/ivr-admin', '/ivr-admin/']) {
      const bare = await t.server.inject({ method: 'GET', url });
      expect([bare.statusCode, bare.headers.location]).toEqual([302, '/app/ivr']);
      const named = await t.server.inject({ method: 'GET', url: `${url}?flow=order-status` });
      expect([named.statusCode, named.headers.location]).toEqual([302, '/app/ivr?flow=order-status']);
    }
    expect((await t.server.inject({ method: 'GET', url: '/ivr-admin/app.js' })).statusCode).toBe(404);
    expect((await t.server.inject({ method: 'GET', url: '/api/ivr/flows' })).statusCode).toBe(401);
  });

  it('given a flow file that is a link to a file outside the folder when an admin opens or saves it then both are refused and nothing is read or written through the link', async () => {
    const outside = join(mkdtempSync(join(tmpdir(), 'ivr-outside-')), 'passwd.yaml');
    writeFileSync(outside, 'root:x:0:0:root:/root:/bin/bash\n');
    symlinkSync(outside, join(t.flowsDir, 'leak.yaml'));
    const headers = await t.loginAs(['admin']);
    const open = await t.server.inject({ method: 'GET', url: '/api/ivr/flows/leak', headers });
    expect(open.statusCode).toBe(422);
    expect(open.json()).toMatchObject({ code: 'IVR_FLOW_FILE_REFUSED' });
    expect(open.body).not.toContain('root:x:0:0');
    const source = readFileSync(join(t.flowsDir, 'survey.yaml'), 'utf8');
    const save = await t.server.inject({ method: 'PUT', url: '/api/ivr/flows/leak', headers, payload: { source } });
    expect(save.statusCode).toBe(422);
    expect(save.json()).toMatchObject({ code: 'IVR_FLOW_FILE_REFUSED' });
    expect(readFileSync(outside, 'utf8')).toBe('root:x:0:0:root:/root:/bin/bash\n');
  });
});

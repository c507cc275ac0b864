/**
 * Issue 11: read-only wallboard tokens. An admin creates one (shown once, stored hashed, audited),
 * lists and revokes it. The token reads GET /api/wallboard and opens /api/ws, where only floor
 * events reach it; every other route and every action is refused, and a revoked token opens nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { makeToolbarWorld, type ToolbarWorld } from '../toolbar/toolbar-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

describe('wallboard tokens', () => {
  let w: ToolbarWorld;
  let created: Json;
  let bearer: AuthHeaders;

  beforeAll(async () => {
    w = await makeToolbarWorld();
  }, 60_000);

  afterAll(async () => {
    await w?.close();
  });

  it('given an admin when they create a token then it is shown once, listed without the token, stored as a hash and audited', async () => {
    const res = await w.inject('POST', '/api/wallboard/tokens', w.admin, { name: 'Floor 2 wall' });
    expect(res.statusCode, res.body).toBe(201);
    created = res.json();
    expect(created).toMatchObject({ name: 'Floor 2 wall', revokedAt: null });
    expect(created.token).toMatch(/^wb_.{40,}$/);
    bearer = { authorization: `Bearer ${created.token}` };
    const list: Json[] = await w.ok('GET', '/api/wallboard/tokens', w.admin);
    expect(list).toEqual([{ id: created.id, name: 'Floor 2 wall', createdAt: created.createdAt, createdBy: expect.any(String), revokedAt: null }]);
    const rows = await w.t.db.selectFrom('wallboard_tokens').selectAll().execute();
    expect(rows.map((r) => r.token_hash)).not.toContain(created.token);
    expect(JSON.stringify(rows)).not.toContain(created.token.slice(3));
    const audit = await w.ok('GET', '/api/audit?action=wallboard_token.create', w.admin);
    expect(audit.entries[0]).toMatchObject({ target: `wallboard_token:${created.id}`, details: { name: 'Floor 2 wall' } });
    expect(JSON.stringify(audit)).not.toContain(created.token);
  });

  it('given the token when it reads the wallboard then 200', async () => {
    const board = await w.ok('GET', '/api/wallboard', bearer);
    expect(board.queues[0]).toMatchObject({ queueId: w.queueId, name: 'support' });
  });

  it('given the token when it asks for any other read or any action then each is refused with 403 FORBIDDEN', async () => {
    const refused: [string, string, unknown?][] = [
      ['GET', '/api/realtime/agents'],
      ['GET', '/api/realtime'],
      ['GET', '/api/auth/me'],
      ['GET', '/api/queues'],
      ['GET', '/api/supervision/my-indicators'],
      ['GET', '/api/supervision/indicator-settings'],
      ['GET', '/api/wallboard/tokens'],
      ['POST', '/api/wallboard/tokens', { name: 'another' }],
      ['PUT', '/api/supervision/indicator-settings/wallboard', { indicators: [], thresholds: {} }],
      ['POST', '/api/agent/login', { state: 'available' }],
      ['POST', '/api/auth/logout'],
    ];
    for (const [method, url, body] of refused) {
      const res = await w.inject(method as 'GET', url, bearer, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
  });

  it('given the token on the event stream when agent and floor events happen then only the floor events arrive', async () => {
    const { ws } = await w.t.listen();
    const socket = new WebSocket(`${ws}/api/ws?token=${encodeURIComponent(created.token)}`);
    const frames: Json[] = [];
    const hello = new Promise<void>((resolve, reject) => {
      socket.on('message', (data) => {
        const m = JSON.parse(String(data));
        frames.push(m);
        if (m.type === 'hello') resolve();
      });
      socket.once('close', (code) => reject(new Error(`closed ${code}`)));
    });
    await hello;
    const bus = w.t.deps.bus;
    bus.publish({ type: 'agent.state_changed', at: 1, scope: { everyone: true }, agentId: w.alice.id, from: 'logged_out', to: 'available' });
    bus.publish({ type: 'floor.alert', at: 1, scope: { everyone: true }, audience: 'agent', teamId: null, indicator: 'waiting', media: 'voice', state: 'raised', value: 9, threshold: 1 });
    bus.publish({ type: 'floor.alert', at: 2, scope: { adminOnly: true }, audience: 'wallboard', teamId: null, indicator: 'waiting', media: 'voice', state: 'raised', value: 9, threshold: 1 });
    bus.publish({ type: 'floor.changed', at: 3, scope: { everyone: true }, values: { waiting: 9 }, chat: {}, queues: [] });
    await new Promise<void>((resolve) => {
      const check = () => (frames.some((f) => f.type === 'event' && f.event.type === 'floor.changed') ? resolve() : setImmediate(check));
      check();
    });
    const types = frames.filter((f) => f.type === 'event').map((f) => `${f.event.type}${f.event.audience ? `:${f.event.audience}` : ''}`);
    expect(types).toEqual(['floor.alert:wallboard', 'floor.changed']);
    socket.close();
  });

  it('given the token revoked when it reads the wallboard again then 401, and the revocation is audited', async () => {
    await w.ok('DELETE', `/api/wallboard/tokens/${created.id}`, w.admin);
    const res = await w.inject('GET', '/api/wallboard', bearer);
    expect(res.statusCode).toBe(401);
    expect((await w.inject('DELETE', `/api/wallboard/tokens/${created.id}`, w.admin)).statusCode).toBe(404);
    const audit = await w.ok('GET', '/api/audit?action=wallboard_token.revoke', w.admin);
    expect(audit.entries).toHaveLength(1);
    const list: Json[] = await w.ok('GET', '/api/wallboard/tokens', w.admin);
    expect(list[0].revokedAt).toEqual(expect.any(Number));
  });

  it('given an agent when they try to create a token then 403', async () => {
    expect((await w.inject('POST', '/api/wallboard/tokens', w.alice.headers, { name: 'x' })).statusCode).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Principal } from '../../../../src/accounts/principal.js';
import { buildServer } from '../../../../src/api/server.js';
import { registerEventSocket } from '../../../../src/api/ws/event-socket.js';
import { FakeClock, flushMicrotasks } from '../../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../../src/core/events.js';
import { silentLogger } from '../../../../src/core/log.js';
import { createTestApp, type TestApp } from '../../../helpers/test-app.js';

/** A client recording every frame; `next` awaits the first frame matching a predicate. */
class Client {
  readonly frames: Record<string, unknown>[] = [];
  private waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  readonly closed: Promise<{ code: number }>;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Record<string, unknown>;
      this.frames.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve({ code })));
  }
  next(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const have = this.frames.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
  agentEvents(): string[] {
    return this.frames.filter((m) => m.type === 'event').map((m) => (m.event as { agentId?: string }).agentId ?? '-');
  }
}

const stateChanged = (agentId: string): DomainEvent => ({ type: 'agent.state_changed', at: 1, scope: { agentId }, agentId, from: 'available', to: 'not_ready' });
const marker: DomainEvent = { type: 'pbx.disconnected', at: 1, scope: { everyone: true }, server: 'END', reason: 'x' };
const isMarker = (m: Record<string, unknown>) => m.type === 'event' && (m.event as { type: string }).type === 'pbx.disconnected';

describe('event sockets follow their session on this daemon at once', () => {
  let t: TestApp;
  let base: string;
  const led = new Map<string, string[]>();
  beforeAll(async () => {
    t = await createTestApp({
      links: {
        linksFor: async (userId) => {
          const u = await t.deps.users.get(userId);
          return { ...(u.username.startsWith('agent-') ? { agentId: `agent:${u.username}` } : {}), ledTeamIds: led.get(userId) ?? [] };
        },
      },
    });
    base = `${(await t.listen()).ws}/api/ws`;
  });
  afterAll(async () => {
    await t.close();
  });
  const connect = async (token: string) => {
    const c = new Client(new WebSocket(`${base}?token=${token}`));
    await c.next((m) => m.type === 'hello');
    return c;
  };

  it('given a logout then the socket of that session is closed with 4401 without waiting for the heartbeat; another session of the user stays', async () => {
    const s = await t.login('agent');
    const second = await t.deps.auth.login(s.username, t.password);
    const c = await connect(s.token);
    const other = await connect(second.token);
    await t.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    expect((await c.closed).code).toBe(4401);
    expect(other.ws.readyState).toBe(WebSocket.OPEN);
    other.ws.close();
  });

  it('given an admin disables the user then their sockets are closed with 4401 at once', async () => {
    const admin = await t.login('admin');
    const s = await t.login('agent');
    const c = await connect(s.token);
    const res = await t.inject({ method: 'PATCH', url: `/api/users/${s.userId}`, headers: admin.headers, payload: { disabled: true } });
    expect(res.statusCode).toBe(200);
    expect((await c.closed).code).toBe(4401);
  });

  it('given an agent promoted to supervisor then their open socket sees every agent from then on', async () => {
    const admin = await t.login('admin');
    const s = await t.login('agent');
    const c = await connect(s.token);
    t.deps.bus.publish(stateChanged('agent:someone-else'));
    t.deps.bus.publish(marker);
    await c.next(isMarker);
    const res = await t.inject({ method: 'PATCH', url: `/api/users/${s.userId}`, headers: admin.headers, payload: { roles: ['supervisor'] } });
    expect(res.statusCode).toBe(200);
    // The socket re-checks its session on the change: that read is the one this call joins or
    // the one it finds cached.
    await t.deps.auth.authenticate(s.token);
    await flushMicrotasks();
    t.deps.bus.publish(stateChanged('agent:someone-else'));
    t.deps.bus.publish({ ...marker, server: 'END2' });
    await c.next((m) => isMarker(m) && (m.event as { server: string }).server === 'END2');
    expect(c.agentEvents()).toEqual(['-', 'agent:someone-else', '-']);
    c.ws.close();
  });

  it('given events of every frame size through a real socket then the client reads each one whole and in order', async () => {
    const s = await t.login('admin');
    const c = await connect(s.token);
    const sizes = [10, 125, 126, 300, 65_535, 70_000];
    for (const n of sizes) t.deps.bus.publish({ type: 'config.changed', at: 1, scope: { everyone: true }, entity: 'queue', id: 'é'.repeat(n), action: 'updated' });
    t.deps.bus.publish(marker);
    await c.next(isMarker);
    const ids = c.frames.filter((m) => m.type === 'event' && (m.event as { type: string }).type === 'config.changed').map((m) => (m.event as { id: string }).id.length);
    expect(ids).toEqual(sizes);
    c.ws.close();
  });

  it('given a team given a new lead (config.changed) then the lead is read again on the next request', async () => {
    const s = await t.login('team_lead');
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).json().ledTeamIds).toEqual([]);
    led.set(s.userId, ['team-9']);
    t.deps.bus.publish({ type: 'config.changed', at: 1, scope: { everyone: true }, entity: 'team', id: 'team-9', action: 'updated' });
    expect((await t.inject({ method: 'GET', url: '/api/auth/me', headers: s.headers })).json().ledTeamIds).toEqual(['team-9']);
  });
});

describe('event socket heartbeats are spread in time', () => {
  it('given sockets that join together then their first session re-checks fall at different times within one period, then every period', async () => {
    const clock = new FakeClock();
    const bus = new InProcessEventBus();
    const checks: number[] = [];
    let connected = false;
    const principal: Principal = { userId: 'u', username: 'u', sessionId: 's', roles: ['agent'], permissions: new Set(), ledTeamIds: [] };
    const authenticate = async () => {
      if (connected) checks.push(clock.now());
      return principal;
    };
    const app = buildServer({ authenticate, routes: [(a) => registerEventSocket(a, { bus, clock, authenticate, logger: silentLogger, heartbeatMs: 30_000 })] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      const clients = Array.from({ length: 10 }, () => new Client(new WebSocket(`ws://127.0.0.1:${port}/api/ws?token=x`)));
      await Promise.all(clients.map((c) => c.next((m) => m.type === 'hello')));
      connected = true;
      const start = clock.now();
      clock.advance(30_000);
      const first = checks.map((at) => at - start).sort((a, b) => a - b);
      expect(first).toHaveLength(10);
      expect(new Set(first).size).toBe(10);
      expect(first[0]).toBeGreaterThanOrEqual(15_000);
      expect(first.at(-1)).toBeLessThanOrEqual(30_000);
      // Even: no two of ten closer than a tenth of the half period they share, roughly.
      for (let i = 1; i < first.length; i++) expect((first[i] as number) - (first[i - 1] as number)).toBeGreaterThan(500);
      // Each client answered the heartbeat's ping before its own ping is answered.
      for (const c of clients) {
        c.ws.send(JSON.stringify({ type: 'ping' }));
        await c.next((m) => m.type === 'pong');
      }
      clock.advance(30_000);
      expect(checks.slice(10).map((at) => at - start).sort((a, b) => a - b)).toEqual(first.map((x) => x + 30_000));
      for (const c of clients) c.ws.close();
    } finally {
      await app.close();
    }
  });
});

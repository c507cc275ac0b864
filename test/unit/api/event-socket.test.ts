import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import type { DomainEvent } from '../../../src/core/events.js';

/** A client that records every frame and lets a test await the next one matching a predicate. */
class Client {
  readonly frames: Record<string, unknown>[] = [];
  private waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Record<string, unknown>;
      this.frames.push(m);
      this.waiters = this.waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
    });
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }
  next(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const have = this.frames.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
  send(obj: unknown): void {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }
}

type WithoutAt<E> = E extends DomainEvent ? Omit<E, 'at'> : never;
const ev = (e: WithoutAt<DomainEvent>): DomainEvent => ({ at: 1, ...e }) as DomainEvent;

describe('event WebSocket /api/ws', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({
      links: {
        linksFor: async (userId) => {
          const u = await t.deps.users.get(userId);
          if (u.username.startsWith('agent-')) return { agentId: `agent:${u.username}`, ledTeamIds: [] };
          if (u.username.startsWith('team_lead-')) return { ledTeamIds: ['team-1'] };
          return { ledTeamIds: [] };
        },
      },
    });
    base = `${(await t.listen()).ws}/api/ws`;
  });
  afterAll(async () => {
    await t.close();
  });

  function connect(opts: { token?: string; query?: string; cookie?: string; autoPong?: boolean } = {}): Client {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.cookie) headers.cookie = `sb_session=${opts.cookie}`;
    return new Client(new WebSocket(`${base}${opts.query ?? ''}`, { headers, autoPong: opts.autoPong ?? true }));
  }

  it('given no credentials then the socket is closed with 4401', async () => {
    const c = connect();
    expect((await c.closed).code).toBe(4401);
  });

  it('given a bad token in the query then 4401', async () => {
    const c = connect({ query: '?token=nonsense' });
    expect((await c.closed).code).toBe(4401);
  });

  it('given a user with no role then 4403', async () => {
    const s = await t.login([]);
    const c = connect({ token: s.token });
    expect((await c.closed).code).toBe(4403);
  });

  it('given a token in the query, a bearer header or the cookie then hello names the user', async () => {
    const s = await t.login('supervisor');
    for (const c of [connect({ query: `?token=${s.token}` }), connect({ token: s.token }), connect({ cookie: s.token })]) {
      const hello = await c.next((m) => m.type === 'hello');
      expect(hello).toMatchObject({ userId: s.userId, roles: ['supervisor'], topics: ['*'] });
      c.ws.close();
      await c.closed;
    }
  });

  it('given events of several scopes then each role receives only what its scope allows', async () => {
    const agentS = await t.login('agent');
    const leadS = await t.login('team_lead');
    const supS = await t.login('supervisor');
    const adminS = await t.login('admin');
    const clients = { agent: connect({ token: agentS.token }), lead: connect({ token: leadS.token }), sup: connect({ token: supS.token }), admin: connect({ token: adminS.token }) };
    for (const c of Object.values(clients)) await c.next((m) => m.type === 'hello');
    const ownAgent = `agent:${agentS.username}`;
    const events: DomainEvent[] = [
      ev({ type: 'agent.logged_in', agentId: ownAgent, scope: { agentId: ownAgent } }),
      ev({ type: 'agent.logged_in', agentId: 'agent:other', scope: { agentId: 'agent:other', teamIds: ['team-1'] } }),
      ev({ type: 'agent.logged_in', agentId: 'agent:far', scope: { agentId: 'agent:far', teamIds: ['team-2'] } }),
      ev({ type: 'config.changed', entity: 'queue', id: 'q1', action: 'updated', scope: { everyone: true } }),
      ev({ type: 'audit.recorded', action: 'x.y', scope: { adminOnly: true } }),
      ev({ type: 'pbx.connected', server: 'none', scope: {} }),
    ];
    for (const e of events) t.deps.bus.publish(e);
    // A marker every role can see: once it arrives, everything published before it has too.
    t.deps.bus.publish(ev({ type: 'pbx.disconnected', server: 'END', reason: 'x', scope: { everyone: true } }));
    const visible = async (c: Client) => {
      await c.next((m) => m.type === 'event' && (m.event as { type: string }).type === 'pbx.disconnected');
      return c.frames.filter((m) => m.type === 'event').map((m) => {
        const e = m.event as { type: string; agentId?: string; action?: string };
        return e.agentId ?? e.action ?? e.type;
      });
    };
    expect(await visible(clients.agent)).toEqual([ownAgent, 'updated', 'pbx.disconnected']);
    expect(await visible(clients.lead)).toEqual(['agent:other', 'updated', 'pbx.disconnected']);
    expect(await visible(clients.sup)).toEqual([ownAgent, 'agent:other', 'agent:far', 'updated', 'pbx.connected', 'pbx.disconnected']);
    const adminSeen = await visible(clients.admin);
    expect(adminSeen).toEqual(expect.arrayContaining([ownAgent, 'agent:other', 'agent:far', 'updated', 'x.y', 'pbx.connected']));
    for (const c of Object.values(clients)) c.ws.close();
  });

  it('given a subscribe to a domain then only that domain arrives; malformed messages get an error and the socket stays open', async () => {
    const s = await t.login('admin');
    const c = connect({ token: s.token });
    await c.next((m) => m.type === 'hello');
    c.send('{not json');
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'BAD_JSON' });
    c.send({ type: 'subscribe', topics: ['Bad Topic!'] });
    expect(await c.next((m) => m.type === 'error' && m.code === 'VALIDATION_FAILED')).toMatchObject({ message: expect.stringContaining('/topics/0') });
    c.send({ type: 'dance' });
    await c.next((m) => m.type === 'error' && String(m.message).includes('/type'));
    c.send({ type: 'subscribe', topics: ['call'] });
    await c.next((m) => m.type === 'subscribed');
    t.deps.bus.publish(ev({ type: 'pbx.connected', server: 'a', scope: { everyone: true } }));
    t.deps.bus.publish(ev({ type: 'call.ended', callId: 'c1', outcome: 'done', hungUpBy: 'caller', direction: 'inbound', customer: '+15550100', from: '+15550100', to: '100', startedAt: 0, scope: { everyone: true } }));
    const got = await c.next((m) => m.type === 'event');
    expect((got.event as { type: string }).type).toBe('call.ended');
    c.send({ type: 'ping' });
    await c.next((m) => m.type === 'pong');
    expect(c.ws.readyState).toBe(WebSocket.OPEN);
    c.ws.close();
  });

  it('given a client that stops answering pings then the heartbeat terminates it', async () => {
    const s = await t.login('agent');
    const c = connect({ token: s.token, autoPong: false });
    await c.next((m) => m.type === 'hello');
    const clock = t.clock;
    await clock.advanceAsync(30_000);
    await clock.advanceAsync(30_000);
    const closed = await c.closed;
    expect(closed.code).toBe(1006);
  });

  it('given the session ends (logout) then the socket is closed with 4401 at the next heartbeat', async () => {
    const s = await t.login('agent');
    const c = connect({ token: s.token });
    await c.next((m) => m.type === 'hello');
    await t.inject({ method: 'POST', url: '/api/auth/logout', headers: s.headers });
    await t.clock.advanceAsync(30_000);
    expect((await c.closed).code).toBe(4401);
  });
});

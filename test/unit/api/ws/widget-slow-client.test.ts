/**
 * Back-pressure on the public widget socket with a real socket: a visitor that stops reading is
 * closed with 1013 once its unsent data passes the bound, instead of the daemon holding it.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { buildServer } from '../../../../src/api/server.js';
import { registerWidgetSocket, type WidgetSocketDeps } from '../../../../src/api/ws/widget-socket.js';
import { FakeClock } from '../../../../src/core/clock.js';
import { silentLogger } from '../../../../src/core/log.js';
import type { AuditEntry } from '../../../../src/accounts/audit.js';
import { RefusalAudit } from '../../../../src/api/refusal-audit.js';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a widget visitor that stops reading', () => {
  it('given a paused visitor asking for large answers when its send buffer passes the bound then it is closed with 1013', async () => {
    let answered = 0;
    // Only what the frames of this test reach; a 32 KB template list makes each answer large.
    const big = [{ id: 't', name: { en: 'x'.repeat(32 * 1024), zh: 'x' }, businessLine: 'b', fields: [] }];
    const deps = {
      chat: { hello: async () => ({ visitorId: 'v1', token: 'vt', chat: undefined }) },
      visits: { connect: async () => 'visit-1', disconnect: async () => undefined },
      invitations: { watch: () => () => undefined },
      leaveMessage: {
        offered: async () => {
          answered++;
          return big;
        },
      },
      clock: new FakeClock(),
      logger: silentLogger,
      framesPerMinute: 100_000,
      connectionsPerMinute: 100,
      maxBufferedBytes: 256 * 1024,
    } as unknown as WidgetSocketDeps;
    const app = buildServer({ authenticate: async () => Promise.reject(new Error('no accounts here')), routes: [(a) => registerWidgetSocket(a, deps)] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address();
      const ws = new WebSocket(`ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/widget/ws`);
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      const welcome = new Promise<void>((resolve) => ws.on('message', (d) => String(d).includes('"welcome"') && resolve()));
      await new Promise<void>((resolve) => ws.once('open', () => resolve()));
      ws.send(JSON.stringify({ type: 'hello' }));
      await welcome;
      ws.pause();
      // Ask until the server gives up on us (bounded: 4,000 answers of 32 KB).
      let asked = 0;
      let code: number | undefined;
      void closed.then((c) => (code = c));
      while (ws.readyState === ws.OPEN && asked < 4000) {
        for (let i = 0; i < 10; i++, asked++) ws.send('{"type":"leave_message_options"}');
        while (answered < asked && ws.readyState === ws.OPEN) await turn();
        if (code !== undefined) break;
        // Closed by the server shows only once the client reads again: look at the server side.
        if ((app.websocketServer.clients as Set<WebSocket>).size === 0 || [...app.websocketServer.clients].every((c) => c.readyState !== c.OPEN)) break;
      }
      expect(asked).toBeLessThan(4000);
      ws.resume();
      expect(await closed).toBe(1013);
    } finally {
      await app.close();
    }
  });
});

describe('a widget flood', () => {
  it('given an address over its socket and frame budgets when it keeps going then each refusal is coded and the audit log gets one entry per kind, without the frames', async () => {
    const entries: AuditEntry[] = [];
    const clock = new FakeClock();
    const deps = {
      chat: {},
      visits: {},
      invitations: {},
      leaveMessage: { offered: async () => [] },
      clock,
      logger: silentLogger,
      framesPerMinute: 2,
      connectionsPerMinute: 1,
      refusals: new RefusalAudit({ record: async (e) => void entries.push(e) }, clock, silentLogger),
    } as unknown as WidgetSocketDeps;
    const app = buildServer({ authenticate: async () => Promise.reject(new Error('no accounts here')), routes: [(a) => registerWidgetSocket(a, deps)] });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address();
      const url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/widget/ws`;
      const ws = new WebSocket(url);
      const codes: string[] = [];
      ws.on('message', (d) => codes.push((JSON.parse(String(d)) as { code: string }).code));
      await new Promise<void>((resolve) => ws.once('open', () => resolve()));
      // The address may send 2 x 5 frames a minute; the rest are refused.
      for (let i = 0; i < 14; i++) ws.send('{"type":"typing","secret":"do-not-log"}');
      while (codes.length < 14) await turn();
      expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(4);
      const second = new WebSocket(url);
      // The refused upgrade ends the client with an error: the expected outcome here.
      second.on('error', (err) => expect(err.message).toMatch(/closed before the connection|Unexpected server response: 429/));
      const refused = await new Promise<number>((resolve) => second.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
      expect(refused).toBe(429);
      second.terminate();
      expect(entries.map((e) => [e.action, e.ip])).toEqual([
        ['widget.frames_throttled', '127.0.0.1'],
        ['widget.connect_throttled', '127.0.0.1'],
      ]);
      expect(JSON.stringify(entries)).not.toContain('do-not-log');
      ws.close();
    } finally {
      await app.close();
    }
  });
});

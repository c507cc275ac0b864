/**
 * Back-pressure on /api/ws with real sockets: a client that stops reading is cut off with 1013
 * once its send buffer passes the bound, while a client that reads keeps receiving everything.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Principal } from '../../../../src/accounts/principal.js';
import { buildServer } from '../../../../src/api/server.js';
import type { EventHub } from '../../../../src/api/ws/event-hub.js';
import { registerEventSocket } from '../../../../src/api/ws/event-socket.js';
import { FakeClock } from '../../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../../src/core/events.js';
import { silentLogger } from '../../../../src/core/log.js';

class Client {
  readonly reasons: string[] = [];
  readonly closed: Promise<number>;
  readonly hello: Promise<void>;
  constructor(readonly ws: WebSocket) {
    let greeted: () => void = () => undefined;
    this.hello = new Promise((resolve) => (greeted = resolve));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; event?: { reason?: string } };
      if (m.type === 'hello') greeted();
      if (m.type === 'event') this.reasons.push((m.event?.reason ?? '').slice(0, 8));
    });
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  }
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a WebSocket client that stops reading', () => {
  it('given one client paused while events stream when its send buffer passes the bound then it is closed with 1013 and the reading client gets every event', async () => {
    const bus = new InProcessEventBus();
    const principal: Principal = { userId: 'u', username: 'u', sessionId: 's', roles: ['supervisor'], permissions: new Set(), ledTeamIds: [] };
    const authenticate = async () => principal;
    let hub: EventHub | undefined;
    const limit = 256 * 1024;
    const app = buildServer({
      authenticate,
      routes: [(a) => registerEventSocket(a, { bus, clock: new FakeClock(), authenticate, logger: silentLogger, maxBufferedBytes: limit, onHub: (h) => (hub = h) })],
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address();
      const url = `ws://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/ws?token=x`;
      const slow = new Client(new WebSocket(url));
      const reader = new Client(new WebSocket(url));
      await Promise.all([slow.hello, reader.hello]);
      slow.ws.pause(); // stops reading its TCP socket: the kernel buffers fill, then the server's

      const padding = 'x'.repeat(32 * 1024);
      let sent = 0;
      // Publish until the hub cuts the slow client off (bounded: 4,000 events of 32 KB).
      while (hub!.stats().cutOff === 0 && sent < 4000) {
        for (let i = 0; i < 10; i++) {
          const seq = String(sent++).padStart(8, '0');
          bus.publish({ type: 'pbx.disconnected', server: 's', reason: `${seq}${padding}`, scope: { everyone: true }, at: 1 } as DomainEvent);
        }
        // The reading client keeps up (it has everything before the next batch); the paused one cannot.
        while (reader.reasons.length < sent) await turn();
      }
      expect(hub!.stats().cutOff).toBe(1);
      expect(hub!.stats().members).toBe(1);
      const beforeEnd = sent;
      bus.publish({ type: 'pbx.disconnected', server: 's', reason: 'END-----', scope: { everyone: true }, at: 1 } as DomainEvent);

      slow.ws.resume();
      expect(await slow.closed).toBe(1013);
      // The slow client got a prefix of the stream, in order, and nothing after its cut-off.
      expect(slow.reasons.length).toBeLessThan(beforeEnd);
      expect(slow.reasons).toEqual(Array.from({ length: slow.reasons.length }, (_, i) => String(i).padStart(8, '0')));
      // The reading client: everything, in order.
      while (reader.reasons.at(-1) !== 'END-----') await turn();
      expect(reader.reasons).toEqual([...Array.from({ length: beforeEnd }, (_, i) => String(i).padStart(8, '0')), 'END-----']);
      reader.ws.close();
    } finally {
      await app.close();
    }
  });
});

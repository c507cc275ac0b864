import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Principal } from '../../accounts/principal.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import type { Gauge } from '../../metrics/registry.js';
import { presentedToken, type Authenticate } from '../auth-hook.js';
import { canSee, matchesTopics } from './event-filter.js';
import {
  CLOSE_FORBIDDEN,
  CLOSE_TOO_SLOW,
  CLOSE_UNAUTHENTICATED,
  parseClientMessage,
  type ServerMessage,
} from './messages.js';

export interface EventSocketDeps {
  bus: EventBus;
  clock: Clock;
  /** Re-checks the session at each heartbeat, so logout or expiry also ends the socket. */
  authenticate: Authenticate;
  logger: Logger;
  openSockets?: Gauge;
  /** Default 30 s. */
  heartbeatMs?: number;
  /** A client with this much unsent data is too slow and is disconnected (default 1 MiB). */
  maxBufferedBytes?: number;
}

/**
 * GET /api/ws: the live event stream. Authenticated by cookie, bearer header or `?token=`; the
 * global auth hook resolves the principal and leaves the refusal to us so the browser sees a
 * close code (4401 / 4403) instead of a failed handshake.
 */
export async function registerEventSocket(app: FastifyInstance, deps: EventSocketDeps): Promise<void> {
  const heartbeatMs = deps.heartbeatMs ?? 30_000;
  const maxBuffered = deps.maxBufferedBytes ?? 1024 * 1024;

  app.get(
    '/api/ws',
    {
      websocket: true,
      config: { access: 'authenticated' },
      schema: {
        summary: 'WebSocket event stream (see src/api/ws/messages.ts)',
        tags: ['events'],
        querystring: { type: 'object', properties: { token: { type: 'string' } } },
      },
    },
    (socket: WebSocket, request: FastifyRequest) => {
      const principal: Principal | undefined = request.principal;
      const token = presentedToken(request);
      if (!principal || !token) {
        socket.close(CLOSE_UNAUTHENTICATED, 'Authentication is required');
        return;
      }
      if (principal.roles.length === 0) {
        socket.close(CLOSE_FORBIDDEN, 'No role allows watching events');
        return;
      }
      const log = deps.logger.child({ userId: principal.userId, socket: 'events' });
      let topics = new Set<string>(['*']);
      let alive = true;
      let timer: TimerHandle | undefined;
      deps.openSockets?.inc();

      const send = (msg: ServerMessage) => {
        if (socket.readyState !== socket.OPEN) return;
        if (socket.bufferedAmount > maxBuffered) {
          log.warn({ buffered: socket.bufferedAmount }, 'event socket too slow, closing');
          socket.close(CLOSE_TOO_SLOW, 'Too slow to keep up');
          return;
        }
        socket.send(JSON.stringify(msg));
      };

      const unsubscribe = deps.bus.subscribe((event) => {
        if (matchesTopics(topics, event.type) && canSee(principal, event)) send({ type: 'event', event });
      });

      const heartbeat = () => {
        if (!alive) {
          log.info({}, 'event socket missed its heartbeat, terminating');
          socket.terminate();
          return;
        }
        alive = false;
        socket.ping();
        timer = deps.clock.setTimeout(heartbeat, heartbeatMs);
        deps.authenticate(token).catch(() => socket.close(CLOSE_UNAUTHENTICATED, 'The session has ended'));
      };
      timer = deps.clock.setTimeout(heartbeat, heartbeatMs);

      socket.on('pong', () => {
        alive = true;
      });
      socket.on('message', (data, isBinary) => {
        if (isBinary) {
          send({ type: 'error', code: 'VALIDATION_FAILED', message: 'Binary messages are not accepted' });
          return;
        }
        const msg = parseClientMessage(data.toString());
        if (msg.type === 'error') send(msg);
        else if (msg.type === 'ping') send({ type: 'pong' });
        else {
          topics = new Set(msg.topics);
          send({ type: 'subscribed', topics: [...topics] });
        }
      });
      socket.on('close', () => {
        unsubscribe();
        deps.clock.clearTimeout(timer);
        deps.openSockets?.dec();
      });

      send({ type: 'hello', userId: principal.userId, username: principal.username, roles: principal.roles, topics: [...topics] });
    },
  );
}

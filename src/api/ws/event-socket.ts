import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Principal } from '../../accounts/principal.js';
import type { SessionChange } from '../../accounts/session-cache.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { EventBus } from '../../core/events.js';
import type { Logger } from '../../core/log.js';
import type { Gauge } from '../../metrics/registry.js';
import type { StaffShareFrame } from '../../chat/assist/assist-protocol.js';
import { presentedToken, type Authenticate } from '../auth-hook.js';
import { EventHub, type EventHubOptions, type HubMember, type HubSocket } from './event-hub.js';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED, parseClientMessage } from './messages.js';
import { SocketRequests, type SocketRequestDeps } from './socket-requests.js';
import { tickCork, underlyingStream } from './tick-cork.js';

export interface EventSocketDeps {
  bus: EventBus;
  clock: Clock;
  /** Re-checks the session at each heartbeat (from the session cache), so logout or expiry also ends the socket. */
  authenticate: Authenticate;
  /** Sessions ended and users changed on this process: sockets are closed or re-checked at once. */
  sessionChanges?: (listener: (change: SessionChange) => void) => () => void;
  logger: Logger;
  openSockets?: Gauge;
  /** Default 30 s. */
  heartbeatMs?: number;
  /** A client with this much unsent data is too slow and is disconnected (default 1 MiB). */
  maxBufferedBytes?: number;
  /** Receives the hub once built (metrics, benchmarks). */
  onHub?: (hub: EventHub) => void;
  /** Remote assistance: frames addressed to one user (src/chat/assist/staff-lines.ts). */
  staffLines?: { attach(userId: string, send: (frame: StaffShareFrame) => void): () => void };
  /** What requests over the socket reach (`chat.send`); without it they are refused as unknown. */
  requests?: SocketRequestDeps;
  /** Passed to the hub (benchmarks: the daemon-side delivery delay). */
  onWritten?: EventHubOptions['onWritten'];
}

/** 1/φ: consecutive multiples modulo 1 spread evenly over [0, 1) however many there are. */
const GOLDEN = 0.6180339887498949;

interface LiveSocket {
  member: HubMember;
  recheck(): void;
  end(): void;
}

/**
 * GET /api/ws: the live event stream. Authenticated by cookie, bearer header or `?token=`; the
 * global auth hook resolves the principal and leaves the refusal to us so the browser sees a
 * close code (4401 / 4403) instead of a failed handshake. Events reach the sockets through one
 * EventHub (event-hub.ts): filtered once per audience, serialized once per event, written after
 * the publisher's call has returned.
 *
 * Heartbeat: a ping, and a re-check of the session (served by the session cache), every
 * `heartbeatMs`. The first one comes after a per-socket share of 50-100 % of the period, the
 * shares following the golden-ratio sequence over the sockets' join order, so sockets that
 * joined together (everyone reconnecting after a restart) do not re-check together. Deterministic
 * on purpose: timers run on the injected clock and tests see the same schedule every run.
 */
export async function registerEventSocket(app: FastifyInstance, deps: EventSocketDeps): Promise<void> {
  const heartbeatMs = deps.heartbeatMs ?? 30_000;
  const hub = new EventHub({
    bus: deps.bus,
    logger: deps.logger,
    ...(deps.maxBufferedBytes !== undefined ? { maxBufferedBytes: deps.maxBufferedBytes } : {}),
    ...(deps.onWritten ? { onWritten: deps.onWritten } : {}),
  });
  deps.onHub?.(hub);
  const live = new Set<LiveSocket>();
  let joined = 0;
  const stopListening = deps.sessionChanges?.((change) => {
    for (const s of [...live]) {
      const p = s.member.principal;
      if (change.kind === 'changed') {
        if (p.userId === change.userId) s.recheck();
      } else if ('sessionId' in change ? p.sessionId === change.sessionId : p.userId === change.userId && p.sessionId !== change.exceptSessionId) {
        s.end();
      }
    }
  });
  app.addHook('onClose', async () => {
    stopListening?.();
    hub.close();
  });

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
      if (principal.roles.length === 0 && !principal.wallboard) {
        socket.close(CLOSE_FORBIDDEN, 'No role allows watching events');
        return;
      }
      const log = deps.logger.child({ userId: principal.userId, socket: 'events' });
      let alive = true;
      let timer: TimerHandle | undefined;
      deps.openSockets?.inc();
      const member = hub.add(hubSocket(socket), principal, new Set(['*']));
      const end = () => socket.close(CLOSE_UNAUTHENTICATED, 'The session has ended');
      const recheck = () => {
        deps.authenticate(token).then((p) => {
          if (p.roles.length === 0 && !p.wallboard) socket.close(CLOSE_FORBIDDEN, 'No role allows watching events');
          else member.setPrincipal(p);
        }, end);
      };
      const entry: LiveSocket = { member, recheck, end };
      // Wall displays watch figures only: no share ever goes to them.
      const detachLine = principal.wallboard ? undefined : deps.staffLines?.attach(principal.userId, (frame) => member.send({ type: 'assist', frame }));
      live.add(entry);
      const requests = deps.requests ? new SocketRequests(deps.requests, deps.authenticate, token, log, (reply) => member.send(reply)) : undefined;

      const heartbeat = () => {
        if (!alive) {
          log.info({}, 'event socket missed its heartbeat, terminating');
          socket.terminate();
          return;
        }
        alive = false;
        socket.ping();
        timer = deps.clock.setTimeout(heartbeat, heartbeatMs);
        recheck();
      };
      const share = (joined++ * GOLDEN) % 1;
      timer = deps.clock.setTimeout(heartbeat, Math.ceil(heartbeatMs * (0.5 + 0.5 * share)));

      socket.on('pong', () => {
        alive = true;
      });
      socket.on('message', (data, isBinary) => {
        if (isBinary) {
          member.send({ type: 'error', code: 'VALIDATION_FAILED', message: 'Binary messages are not accepted' });
          return;
        }
        const msg = parseClientMessage(data.toString());
        if (msg.type === 'error') {
          // A refused request is answered as its reply, so the client's waiting request settles.
          if (msg.id !== undefined) member.send({ type: 'reply', id: msg.id, ok: false, error: { code: msg.code, message: msg.message, ...(msg.details ? { details: msg.details } : {}) } });
          else member.send({ type: 'error', code: msg.code, message: msg.message });
        } else if (msg.type === 'ping') member.send({ type: 'pong' });
        else if (msg.type === 'chat.send') {
          if (requests) requests.chatSend(msg);
          else member.send({ type: 'reply', id: msg.id, ok: false, error: { code: 'VALIDATION_FAILED', message: '/type: this server takes no chat.send', details: { where: '/type' } } });
        } else {
          member.setTopics(new Set(msg.topics));
          member.send({ type: 'subscribed', topics: [...member.topics] });
        }
      });
      socket.on('close', () => {
        live.delete(entry);
        detachLine?.();
        member.leave();
        deps.clock.clearTimeout(timer);
        deps.openSockets?.dec();
      });

      member.send({ type: 'hello', userId: principal.userId, username: principal.username, roles: principal.roles, topics: [...member.topics] });
    },
  );
}

/**
 * The hub's view of a `ws` socket. Event frames are encoded once for every socket; where no
 * extension changes the framing (this server negotiates none: ws's permessage-deflate is off by
 * default) they are written as ready frames straight to ws's underlying stream, a batch in one
 * write, which is what ws's own sender does frame by frame. ws does not expose that stream; where
 * it is absent each frame goes through `ws.send`. Direct replies always use `ws.send`; both paths
 * write synchronously to the same stream, so their order is kept.
 */
function hubSocket(ws: WebSocket): HubSocket {
  const stream = underlyingStream(ws);
  const raw = stream && ws.extensions === '' ? stream : undefined;
  // Replies and the events delivered in the same tick (a chat.send's reply and its chat.message) leave in one write.
  const cork = tickCork(stream);
  return {
    isOpen: () => ws.readyState === ws.OPEN,
    bufferedAmount: () => ws.bufferedAmount,
    send: (payload) => {
      cork();
      ws.send(payload, { binary: false });
    },
    ...(raw
      ? {
          writeFrames: (frames: Buffer) => {
            if (!raw.writable) return;
            cork();
            raw.write(frames);
          },
        }
      : {}),
    close: (code, reason) => ws.close(code, reason),
  };
}

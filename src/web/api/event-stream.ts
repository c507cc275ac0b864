/**
 * The live event stream (/api/ws, catalogue in src/api/ws/messages.ts). One per page.
 *
 *   connecting ──hello──▶ open ──drop / daemon restart / missed pong──▶ reconnecting ──(back-off)──▶ connecting
 *        │                  │
 *        └──close 4401/4403─┴──▶ ended   (session over: the session module sends the user to login)
 *
 * After every `hello` (the first one and each one after a reconnect) listeners get `resync`: what
 * happened while the socket was down was not delivered, so pages re-read their state over REST
 * instead of trusting the events they missed.
 */
import { backoffMs } from './backoff.js';
import { ApiError } from './http.js';
import type { ChatSendResult, ClientMessage, DomainEvent, ServerMessage } from './types.js';
import type { StaffShareFrame } from '../../chat/assist/assist-protocol.js';

/** Close codes of messages.ts (values, not imported: the bundle takes nothing from the server). */
const CLOSE_UNAUTHENTICATED = 4401;
const CLOSE_FORBIDDEN = 4403;

export type StreamStatus = 'connecting' | 'open' | 'reconnecting' | 'ended';

export interface StreamListener {
  event?(event: DomainEvent): void;
  resync?(): void;
  status?(status: StreamStatus): void;
  /** Remote assistance frames addressed to this user (a share's state, the visitor's signalling). */
  assist?(frame: StaffShareFrame): void;
  /** The daemon refused the session (4401) or the role (4403). */
  ended?(code: number, reason: string): void;
  /** A frame of type 'error' from the daemon (a bad subscribe; the socket stays open). */
  error?(code: string, message: string): void;
}

/** What the stream needs of the browser, so tests can give it fakes. */
export interface StreamEnv {
  WebSocket: new (url: string) => WebSocket;
  setTimeout(fn: () => void, ms: number): number;
  clearTimeout(id: number): void;
  random(): number;
}

const PING_EVERY_MS = 20_000;
/** No frame at all for this long after a ping: the connection is dead even if the OS has not noticed. */
const PONG_WITHIN_MS = 10_000;

interface PendingRequest {
  socket: WebSocket;
  resolve(result: ChatSendResult): void;
  reject(err: ApiError): void;
}

export class EventStream {
  private socket: WebSocket | undefined;
  /** chat.send requests waiting for their reply, by request id. */
  private readonly pending = new Map<string, PendingRequest>();
  private requestSeq = 0;
  private attempt = 0;
  private retryTimer: number | undefined;
  private pingTimer: number | undefined;
  private pongTimer: number | undefined;
  private stopped = true;
  private listeners = new Set<StreamListener>();
  status: StreamStatus = 'ended';

  constructor(
    private readonly url: () => string,
    private readonly env: StreamEnv,
    private topics: string[] = ['*'],
  ) {}

  subscribe(listener: StreamListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.attempt = 0;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = undefined;
    if (s) this.failPending(s);
    if (s && s.readyState <= 1) s.close(1000, 'page closed the stream');
    this.setStatus('ended');
  }

  /** Reconnect now (the browser came back online, the tab became visible). */
  nudge(): void {
    if (this.stopped || this.status === 'open' || this.status === 'connecting') return;
    this.env.clearTimeout(this.retryTimer ?? 0);
    this.connect();
  }

  setTopics(topics: string[]): void {
    this.topics = topics;
    this.send({ type: 'subscribe', topics });
  }

  /**
   * Sends a chat message over the socket (`chat.send`, src/api/ws/messages.ts): resolves with the
   * stored seq once the daemon committed it, rejects with the daemon's coded refusal, or with
   * NETWORK when the socket is not open or closes first (then it may have been stored: the caller
   * sends again with the same clientId, over the socket or REST, and gets the same seq).
   */
  chatSend(chatId: string, clientId: string, text: string): Promise<ChatSendResult> {
    const socket = this.socket;
    if (this.status !== 'open' || socket?.readyState !== 1) return Promise.reject(new ApiError(0, 'NETWORK', 'chat.send: the event stream is not open'));
    const id = `s${++this.requestSeq}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { socket, resolve, reject });
      socket.send(JSON.stringify({ type: 'chat.send', id, chatId, clientId, text } satisfies ClientMessage));
    });
  }

  /** Requests sent on a socket that is gone get no reply: they fail as NETWORK (their sender retries). */
  private failPending(socket: WebSocket): void {
    for (const [id, p] of this.pending) {
      if (p.socket !== socket) continue;
      this.pending.delete(id);
      p.reject(new ApiError(0, 'NETWORK', 'chat.send: the event stream closed before the reply'));
    }
  }

  private connect(): void {
    this.clearTimers();
    this.setStatus(this.attempt === 0 ? 'connecting' : 'reconnecting');
    let socket: WebSocket;
    try {
      socket = new this.env.WebSocket(this.url());
    } catch (err) {
      console.warn('event stream: could not open the WebSocket', err);
      this.retry();
      return;
    }
    this.socket = socket;
    socket.onmessage = (m) => this.onFrame(socket, m.data);
    socket.onclose = (c) => this.onClose(socket, c.code, c.reason);
    // onerror is always followed by onclose, which decides what to do.
    socket.onerror = () => {};
  }

  private onFrame(socket: WebSocket, data: unknown): void {
    if (socket !== this.socket) return;
    this.alive();
    let msg: ServerMessage;
    try {
      msg = JSON.parse(String(data)) as ServerMessage;
    } catch (err) {
      console.warn('event stream: a frame that is not JSON was ignored', err);
      return;
    }
    switch (msg.type) {
      case 'hello':
        this.attempt = 0;
        if (this.topics.length !== 1 || this.topics[0] !== '*') this.send({ type: 'subscribe', topics: this.topics });
        this.setStatus('open');
        for (const l of [...this.listeners]) l.resync?.();
        break;
      case 'event':
        for (const l of [...this.listeners]) l.event?.(msg.event);
        break;
      case 'assist':
        for (const l of [...this.listeners]) l.assist?.(msg.frame);
        break;
      case 'reply': {
        const p = this.pending.get(msg.id);
        if (!p) break;
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(new ApiError(0, msg.error.code, msg.error.message, msg.error.details));
        break;
      }
      case 'error':
        console.warn('event stream: the daemon refused a message', msg.code, msg.message);
        for (const l of [...this.listeners]) l.error?.(msg.code, msg.message);
        break;
      default:
        break;
    }
  }

  private onClose(socket: WebSocket, code: number, reason: string): void {
    this.failPending(socket);
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.clearTimers();
    if (this.stopped) return;
    if (code === CLOSE_UNAUTHENTICATED || code === CLOSE_FORBIDDEN) {
      this.stopped = true;
      this.setStatus('ended');
      for (const l of [...this.listeners]) l.ended?.(code, reason);
      return;
    }
    this.retry();
  }

  private retry(): void {
    const wait = backoffMs(this.attempt++, this.env.random);
    this.setStatus('reconnecting');
    this.retryTimer = this.env.setTimeout(() => this.connect(), wait);
  }

  /** Any frame proves the connection; then the next ping is due PING_EVERY_MS later. */
  private alive(): void {
    this.env.clearTimeout(this.pongTimer ?? 0);
    this.pongTimer = undefined;
    this.env.clearTimeout(this.pingTimer ?? 0);
    this.pingTimer = this.env.setTimeout(() => this.ping(), PING_EVERY_MS);
  }

  private ping(): void {
    const socket = this.socket;
    if (!socket) return;
    this.send({ type: 'ping' });
    this.pongTimer = this.env.setTimeout(() => {
      console.warn('event stream: no answer to a ping, reconnecting');
      // The close event of a dead connection may take minutes: give up on it now.
      this.socket = undefined;
      this.failPending(socket);
      socket.close(4000, 'no pong');
      this.clearTimers();
      if (!this.stopped) this.retry();
    }, PONG_WITHIN_MS);
  }

  private send(msg: ClientMessage): void {
    if (this.socket?.readyState === 1) this.socket.send(JSON.stringify(msg));
  }

  private clearTimers(): void {
    for (const id of [this.retryTimer, this.pingTimer, this.pongTimer]) if (id !== undefined) this.env.clearTimeout(id);
    this.retryTimer = this.pingTimer = this.pongTimer = undefined;
  }

  private setStatus(status: StreamStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const l of [...this.listeners]) l.status?.(status);
  }
}

/** The page's stream to this daemon (same origin; the session cookie authenticates the upgrade). */
export function browserEventStream(): EventStream {
  const url = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
  return new EventStream(url, {
    WebSocket,
    setTimeout: (fn, ms) => window.setTimeout(fn, ms),
    clearTimeout: (id) => window.clearTimeout(id),
    random: Math.random,
  });
}

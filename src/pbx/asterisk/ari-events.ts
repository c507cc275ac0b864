import WebSocket from 'ws';
import { AppError, isAppError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import type { AriEvent } from './ari-models.js';
import { decodeAriEvent, MAX_ARI_EVENT_BYTES } from './ari-decode.js';
import { DEFAULT_BACKOFF, Retrier, type BackoffOptions } from './backoff.js';

export interface AriEventsOptions {
  /** `http://host:8088/ari`; the socket goes to `ws://host:8088/ari/events`. */
  baseUrl: string;
  username: string;
  password: string;
  app: string;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
}

export interface AriEventsHandlers {
  /** The socket is open (first time or after a reconnect). */
  open(reconnected: boolean): void;
  event(e: AriEvent): void;
  /** The socket is gone; `willRetry` is false after close() or ApplicationReplaced. */
  down(reason: string, willRetry: boolean): void;
}

/**
 * The Stasis application's event socket, kept open across Asterisk restarts.
 *
 *   connecting --open--> open --close 1006 / error--> waiting --back-off timer--> connecting
 *   connecting --ECONNREFUSED / HTTP 404 on upgrade (modules still loading)--> waiting
 *   open --ApplicationReplaced--> replaced (we close it: Asterisk leaves the old socket open, silent)
 *   any --stop()--> stopped
 */
export class AriEventSocket {
  private ws: WebSocket | undefined;
  private readonly retrier: Retrier;
  private stopped = true;
  private everOpened = false;
  private first: { resolve(): void; reject(e: AppError): void } | undefined;

  constructor(
    private readonly opts: AriEventsOptions,
    private readonly handlers: AriEventsHandlers,
  ) {
    this.retrier = new Retrier(opts.clock, opts.backoff ?? DEFAULT_BACKOFF);
  }

  /** Resolves on the first open; rejects on the first failure while retries continue. */
  start(): Promise<void> {
    this.stopped = false;
    return new Promise((resolve, reject) => {
      this.first = { resolve, reject };
      this.open();
    });
  }

  isOpen(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.retrier.cancel();
    const ws = this.ws;
    this.ws = undefined;
    if (!ws || ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      ws.once('close', () => resolve());
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000);
    });
  }

  private url(): string {
    const u = new URL(this.opts.baseUrl.replace(/\/$/, '') + '/events');
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    u.searchParams.set('app', this.opts.app);
    u.searchParams.set('subscribeAll', 'false');
    return u.toString();
  }

  private open(): void {
    const auth = Buffer.from(`${this.opts.username}:${this.opts.password}`).toString('base64');
    const ws = new WebSocket(this.url(), {
      headers: { authorization: `Basic ${auth}` },
      perMessageDeflate: false,
      // ws's default lets one frame hold 100 MiB in memory; an ARI event is a few KB.
      maxPayload: MAX_ARI_EVENT_BYTES,
    });
    this.ws = ws;
    let failure: string | undefined;
    let opened = false;
    ws.on('open', () => {
      opened = true;
      const reconnected = this.everOpened;
      this.everOpened = true;
      this.retrier.succeeded();
      this.handlers.open(reconnected);
      this.first?.resolve();
      this.first = undefined;
    });
    ws.on('unexpected-response', (_req, res) => {
      // Asterisk answers 404 to the upgrade while res_ari is still loading after a restart.
      failure = `upgrade refused: HTTP ${res.statusCode ?? '?'}`;
      res.resume();
      ws.terminate();
    });
    ws.on('error', (err) => {
      // Keep the first cause: terminating after a refused upgrade raises a generic error too.
      failure ??= err.message;
    });
    ws.on('message', (data, isBinary) => {
      if (this.ws !== ws || isBinary) return;
      let e: AriEvent;
      try {
        e = decodeAriEvent(data.toString());
      } catch (err) {
        // One unreadable frame is dropped; the stream goes on (each frame is a whole event).
        const details = isAppError(err) ? err.details : undefined;
        this.opts.logger.warn({ code: 'PBX_PROTOCOL', details }, isAppError(err) ? err.message : 'ARI event unreadable; ignored');
        return;
      }
      if (e.type === 'ApplicationReplaced') {
        this.replaced(ws);
        return;
      }
      this.handlers.event(e);
    });
    ws.on('close', (code) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      const reason = code === 1006 ? `connection lost (1006): ${failure ?? 'no close frame'}` : `closed (${code}): ${failure ?? 'by peer'}`;
      if (this.first) {
        this.first.reject(new AppError('PBX_UNAVAILABLE', 'Asterisk ARI WebSocket could not be opened', { reason }));
        this.first = undefined;
      }
      const willRetry = !this.stopped;
      // Down is reported once per lost connection, not once per failed retry.
      if (opened) this.handlers.down(reason, willRetry);
      if (willRetry) {
        const delay = this.retrier.schedule(() => this.open());
        this.opts.logger.info({ reason, delay, attempt: this.retrier.attempts }, 'ARI WebSocket reconnect scheduled');
      }
    });
  }

  private replaced(ws: WebSocket): void {
    // Another process took our application name; fighting for it would flap both. Stand down.
    this.stopped = true;
    this.retrier.cancel();
    this.ws = undefined;
    ws.close(1000);
    this.handlers.down('application replaced by another connection', false);
  }
}

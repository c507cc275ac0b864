import net from 'node:net';
import { AppError } from '../../core/errors.js';
import type { Clock, TimerHandle } from '../../core/clock.js';
import type { Logger } from '../../core/log.js';
import { AmiParser, formatAmiAction, type AmiMessage } from './ami-parser.js';
import { DEFAULT_BACKOFF, Retrier, type BackoffOptions } from './backoff.js';

export interface AmiClientOptions {
  host: string;
  port: number;
  username: string;
  secret: string;
  /** Login `Events:` mask; `system,call` carries ContactStatus, DeviceStateChange and Shutdown. */
  events?: string;
  clock: Clock;
  logger: Logger;
  backoff?: BackoffOptions;
  /** Covers the ~1 s Asterisk sleeps before answering a bad login. */
  loginTimeoutMs?: number;
  actionTimeoutMs?: number;
}

interface PendingAction {
  resolve(msgs: AmiMessage[]): void;
  reject(err: AppError): void;
  list: boolean;
  /** The response, then list items; a list completes on `EventList: Complete`. */
  collected: AmiMessage[];
  timer: TimerHandle;
}

type Status = { up: true } | { up: false; reason: string };

/**
 * One logged-in AMI session that reconnects by itself.
 *
 *   idle --start--> connecting --banner+login ok--> up --close/Shutdown--> waiting --timer--> connecting
 *                        |                                                   ^
 *                        +--refused / login failed / timeout ----------------+
 *   any --close()--> closed
 */
export class AmiClient {
  private socket: net.Socket | undefined;
  private readonly parser: AmiParser;
  private readonly pending = new Map<string, PendingAction>();
  private readonly eventListeners = new Set<(e: AmiMessage) => void>();
  private readonly statusListeners = new Set<(s: Status) => void>();
  private readonly retrier: Retrier;
  private nextId = 1;
  private loggedIn = false;
  private closed = true;
  private firstAttempt: { resolve(): void; reject(e: AppError): void } | undefined;

  constructor(private readonly opts: AmiClientOptions) {
    this.retrier = new Retrier(opts.clock, opts.backoff ?? DEFAULT_BACKOFF);
    this.parser = new AmiParser({
      banner: () => this.login(),
      message: (m) => this.onMessage(m),
      error: (e) => this.opts.logger.warn({ code: e.code, details: e.details }, e.message),
    });
  }

  /** Resolves once logged in; rejects with the first failure while retries go on in the background. */
  start(): Promise<void> {
    this.closed = false;
    return new Promise((resolve, reject) => {
      this.firstAttempt = { resolve, reject };
      this.open();
    });
  }

  isConnected(): boolean {
    return this.loggedIn;
  }

  onEvent(fn: (e: AmiMessage) => void): () => void {
    this.eventListeners.add(fn);
    return () => this.eventListeners.delete(fn);
  }

  onStatus(fn: (s: Status) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.retrier.cancel();
    const s = this.socket;
    if (!s) return;
    if (this.loggedIn) {
      // A polite goodbye on a link we are closing anyway: a refused or unanswered Logoff (the
      // socket already dropping) changes nothing, so it is only noted at debug.
      await this.action({ Action: 'Logoff' }).catch((err: unknown) => this.opts.logger.debug({ err }, 'AMI Logoff on close was not answered'));
    }
    s.destroy();
  }

  /** Send an action; `Response: Error` rejects with PBX_REJECTED and Asterisk's message. */
  async action(fields: Record<string, string | undefined>): Promise<AmiMessage> {
    const [res] = await this.send(fields, false);
    return res ?? {};
  }

  /** A list action (`EventList: start` ... `Complete`): resolves with the item events. */
  async listAction(fields: Record<string, string | undefined>): Promise<AmiMessage[]> {
    const msgs = await this.send(fields, true);
    return msgs.slice(1).filter((m) => m.EventList !== 'Complete');
  }

  private send(
    fields: Record<string, string | undefined>,
    list: boolean,
    force = false,
    timeoutMs = this.opts.actionTimeoutMs ?? 10_000,
  ): Promise<AmiMessage[]> {
    const socket = this.socket;
    if (!socket || (!this.loggedIn && !force)) {
      return Promise.reject(new AppError('PBX_UNAVAILABLE', 'AMI is not connected'));
    }
    const id = `sb-${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = this.opts.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(new AppError('PBX_TIMEOUT', `AMI action ${fields.Action ?? '?'} got no answer`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, list, collected: [], timer });
      socket.write(formatAmiAction({ ...fields, ActionID: id }));
    });
  }

  private open(): void {
    this.parser.reset();
    const socket = net.createConnection({ host: this.opts.host, port: this.opts.port });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.parser.push(chunk));
    socket.on('error', (err) => this.opts.logger.debug({ err: err.message }, 'AMI socket error'));
    socket.on('close', () => this.onClose(socket));
  }

  private login(): void {
    this.send(
      { Action: 'Login', Username: this.opts.username, Secret: this.opts.secret, Events: this.opts.events ?? 'system,call' },
      false,
      true,
      this.opts.loginTimeoutMs ?? 5_000,
    ).then(
      () => {
        this.loggedIn = true;
        this.retrier.succeeded();
        this.emitStatus({ up: true });
        this.firstAttempt?.resolve();
        this.firstAttempt = undefined;
      },
      (err: AppError) => {
        // Asterisk closes the socket after a failed login; the close handler schedules the retry.
        this.opts.logger.warn({ code: err.code }, 'AMI login failed');
        this.firstAttempt?.reject(new AppError('PBX_REJECTED', 'AMI login failed', { message: err.message }));
        this.firstAttempt = undefined;
        this.socket?.destroy();
      },
    );
  }

  private onMessage(m: AmiMessage): void {
    const id = m.ActionID;
    const p = id === undefined ? undefined : this.pending.get(id);
    if (p && id !== undefined) {
      if (m.Response !== undefined && p.collected.length === 0) {
        if (m.Response === 'Error') {
          this.finish(id, p);
          p.reject(new AppError('PBX_REJECTED', m.Message ?? 'AMI action failed', { message: m.Message }));
          return;
        }
        p.collected.push(m);
        if (!p.list || m.EventList !== 'start') {
          this.finish(id, p);
          p.resolve(p.collected);
        }
        return;
      }
      if (p.list) {
        p.collected.push(m);
        if (m.EventList === 'Complete') {
          this.finish(id, p);
          p.resolve(p.collected);
        }
        return;
      }
    }
    if (m.Event === undefined) return;
    if (m.Event === 'Shutdown') this.opts.logger.info({ restart: m.Restart }, 'Asterisk is shutting down');
    for (const fn of this.eventListeners) fn(m);
  }

  private finish(id: string, p: PendingAction): void {
    this.opts.clock.clearTimeout(p.timer);
    this.pending.delete(id);
  }

  private onClose(socket: net.Socket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    const wasUp = this.loggedIn;
    this.loggedIn = false;
    for (const [id, p] of this.pending) {
      this.finish(id, p);
      p.reject(new AppError('PBX_UNAVAILABLE', 'AMI connection closed'));
    }
    if (this.firstAttempt) {
      this.firstAttempt.reject(new AppError('PBX_UNAVAILABLE', 'AMI connection failed'));
      this.firstAttempt = undefined;
    }
    if (wasUp) this.emitStatus({ up: false, reason: 'closed' });
    if (!this.closed) this.retrier.schedule(() => this.open());
  }

  private emitStatus(s: Status): void {
    for (const fn of this.statusListeners) fn(s);
  }
}

/**
 * One inbound Event Socket connection (we dial FreeSWITCH on 8021): auth, event subscription,
 * `api`, `bgapi` correlated by our own Job-UUID, `sendmsg`, heartbeat watch, disconnect notice.
 *
 * Replies are not tagged: FreeSWITCH answers every command exactly once, in order, interleaved
 * with events. So commands wait in a FIFO and each `command/reply` or `api/response` settles the
 * oldest. A command that gets no reply in time leaves the FIFO out of step for good, so the
 * connection is destroyed (the session reconnects) rather than guessing.
 *
 *   connecting --auth/request--> authenticating --+OK accepted--> subscribing --+OK--> open
 *        any state --socket error / disconnect-notice / heartbeat silence--> closed
 */
import { connect, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../../core/clock.js';
import { AppError, isAppError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { EslParser, type EslFrame } from './esl-parser.js';
import { eventOfFrame, type EslEvent, type EslEventFormat } from './esl-event.js';

export interface EslConnectionOptions {
  host: string;
  port: number;
  password: string;
  /** Event names for `event <format> ...` (CUSTOM subclasses follow `CUSTOM`). */
  events: readonly string[];
  format: EslEventFormat;
  clock: Clock;
  logger: Logger;
  /** FreeSWITCH sends HEARTBEAT every 20 s by default; silence this long means a dead link. */
  heartbeatTimeoutMs?: number;
  commandTimeoutMs?: number;
  newJobUuid?: () => string;
}

interface Pending {
  resolve: (frame: EslFrame) => void;
  reject: (err: Error) => void;
  what: string;
}

export class EslConnection {
  private readonly parser: EslParser;
  private readonly pending: Pending[] = [];
  private readonly jobs = new Map<string, { resolve: (body: string) => void; reject: (err: Error) => void }>();
  private readonly eventListeners = new Set<(event: EslEvent) => void>();
  private readonly closeListeners = new Set<(reason: string) => void>();
  private heartbeatTimer: TimerHandle | undefined;
  private commandTimer: TimerHandle | undefined;
  private closed = false;
  private greeted: (() => void) | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly options: EslConnectionOptions,
  ) {
    this.parser = new EslParser((frame) => this.onFrame(frame));
    socket.on('data', (chunk: Buffer) => {
      try {
        this.parser.push(chunk);
      } catch (err) {
        // The framing is lost (a frame past the parser's limits): the link cannot be resynced.
        this.destroy(`protocol error: ${(err as Error).message}`);
      }
    });
    socket.on('error', (err) => this.destroy(`socket error: ${err.message}`));
    socket.on('close', () => this.destroy('socket closed'));
  }

  /** Connects, authenticates and subscribes; rejects PBX_UNAVAILABLE or PBX_REJECTED (bad password). */
  static async open(options: EslConnectionOptions): Promise<EslConnection> {
    const socket = connect({ host: options.host, port: options.port });
    socket.setNoDelay(true);
    const conn = new EslConnection(socket, options);
    const greeting = new Promise<void>((resolve, reject) => {
      conn.greeted = resolve;
      conn.onClose((reason) => reject(new AppError('PBX_UNAVAILABLE', `FreeSWITCH event socket: ${reason}`)));
    });
    await greeting;
    const auth = await conn.send(frameText(`auth ${options.password}`), 'auth');
    const reply = auth.headers['Reply-Text'] ?? '';
    if (!reply.startsWith('+OK')) {
      conn.destroy('authentication refused');
      throw new AppError('PBX_REJECTED', 'FreeSWITCH refused the event socket password', { reply });
    }
    if (options.events.length > 0) await conn.command(`event ${options.format} ${options.events.join(' ')}`);
    conn.armHeartbeat();
    return conn;
  }

  isOpen(): boolean {
    return !this.closed;
  }

  onEvent(listener: (event: EslEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onClose(listener: (reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  /** A socket command (`event ...`, `filter ...`); resolves with Reply-Text, rejects on `-ERR`. */
  async command(text: string, extraHeaders?: Record<string, string>, body?: string): Promise<string> {
    const frame = await this.send(frameText(text, extraHeaders, body), text.split(' ', 1)[0]!);
    const reply = frame.headers['Reply-Text'] ?? '';
    if (reply.startsWith('-ERR')) throw new AppError('PBX_REJECTED', `FreeSWITCH refused ${text.split(' ', 1)[0]}: ${reply}`, { reply });
    return reply;
  }

  /**
   * `filter <header> <value>`: FreeSWITCH then sends only events matching one of the filters
   * (useful for a connection that follows one call; the adapter's main connection needs them all).
   */
  filter(header: string, value: string): Promise<string> {
    return this.command(`filter ${header} ${value}`);
  }

  /** `api <cmd>`: the raw response body (a `-ERR ...` body is returned, not thrown). */
  async api(cmd: string): Promise<string> {
    const frame = await this.send(frameText(`api ${cmd}`), cmd.split(' ', 1)[0]!);
    return frame.body?.toString('utf8') ?? '';
  }

  /**
   * `bgapi <cmd>` with our own Job-UUID: `accepted` settles on the command reply, `result` with the
   * BACKGROUND_JOB body (for originate: when the leg answers or fails).
   */
  bgapi(cmd: string, jobUuid = (this.options.newJobUuid ?? randomUUID)()): { jobUuid: string; accepted: Promise<void>; result: Promise<string> } {
    const result = new Promise<string>((resolve, reject) => this.jobs.set(jobUuid, { resolve, reject }));
    // `result` goes to the caller (originate awaits `accepted` and watches `result`): this marks it
    // handled so a job lost with the link does not reach the process-level guard when nobody
    // awaits it; a caller who awaits it still gets the rejection.
    // eslint-disable-next-line no-restricted-syntax -- marks a promise handed to the caller as handled
    result.catch(() => undefined);
    const accepted = this.command(`bgapi ${cmd}`, { 'Job-UUID': jobUuid }).then(
      () => undefined,
      (err: unknown) => {
        this.jobs.delete(jobUuid);
        throw err;
      },
    );
    return { jobUuid, accepted, result };
  }

  /** `sendmsg <uuid>` with `call-command` and friends. */
  sendmsg(uuid: string, headers: Record<string, string>): Promise<string> {
    return this.command(`sendmsg ${uuid}`, headers);
  }

  /** Polite close: `exit`, then the socket. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.socket.write('exit\n\n');
    } finally {
      this.socket.end();
      this.destroy('closed by us');
    }
  }

  /** Abrupt close; every waiter rejects PBX_UNAVAILABLE. */
  destroy(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.options.clock.clearTimeout(this.heartbeatTimer);
    this.options.clock.clearTimeout(this.commandTimer);
    this.socket.destroy();
    const err = new AppError('PBX_UNAVAILABLE', `FreeSWITCH event socket closed: ${reason}`);
    for (const p of this.pending.splice(0)) p.reject(err);
    for (const job of this.jobs.values()) job.reject(err);
    this.jobs.clear();
    for (const listener of [...this.closeListeners]) listener(reason);
  }

  private send(text: string, what: string): Promise<EslFrame> {
    if (this.closed) return Promise.reject(new AppError('PBX_UNAVAILABLE', 'FreeSWITCH event socket is closed'));
    return new Promise<EslFrame>((resolve, reject) => {
      this.pending.push({ resolve, reject, what });
      this.socket.write(text);
      if (this.pending.length === 1) this.armCommandTimer();
    });
  }

  private onFrame(frame: EslFrame): void {
    this.armHeartbeat();
    const type = frame.headers['Content-Type'];
    if (type === 'auth/request') {
      this.greeted?.();
      this.greeted = null;
    } else if (type === 'command/reply' || type === 'api/response') {
      const waiter = this.pending.shift();
      this.options.clock.clearTimeout(this.commandTimer);
      if (this.pending.length > 0) this.armCommandTimer();
      waiter?.resolve(frame);
    } else if (type === 'text/disconnect-notice') {
      this.destroy('FreeSWITCH sent a disconnect notice');
    } else {
      this.deliverEvent(frame);
    }
  }

  /**
   * An event body is read lazily, so a malformed one (bad JSON, a bad escape) surfaces as a
   * PBX_PROTOCOL error wherever a header is first read. That event is logged and dropped; the
   * link and the other events go on (the framing itself was intact).
   */
  private deliverEvent(frame: EslFrame): void {
    const dropped = (err: unknown): void => {
      if (!isAppError(err, 'PBX_PROTOCOL')) throw err;
      this.options.logger.warn({ code: err.code, details: err.details }, `${err.message}; event dropped`);
    };
    let event: EslEvent | null;
    try {
      event = eventOfFrame(frame);
      if (!event) return;
      if (event.name === 'BACKGROUND_JOB') {
        const jobUuid = event.headers['Job-UUID'];
        const job = jobUuid === undefined ? undefined : this.jobs.get(jobUuid);
        if (job && jobUuid !== undefined) {
          this.jobs.delete(jobUuid);
          job.resolve(event.body ?? '');
        }
      }
    } catch (err) {
      dropped(err);
      return;
    }
    for (const listener of [...this.eventListeners]) {
      try {
        listener(event);
      } catch (err) {
        dropped(err);
      }
    }
  }

  private armHeartbeat(): void {
    const ms = this.options.heartbeatTimeoutMs ?? 65_000;
    this.options.clock.clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = this.options.clock.setTimeout(() => this.destroy(`no heartbeat for ${ms} ms`), ms);
  }

  private armCommandTimer(): void {
    const ms = this.options.commandTimeoutMs ?? 10_000;
    const what = this.pending[0]?.what ?? 'command';
    this.options.clock.clearTimeout(this.commandTimer);
    this.commandTimer = this.options.clock.setTimeout(() => {
      const head = this.pending.shift();
      head?.reject(new AppError('PBX_TIMEOUT', `FreeSWITCH did not answer ${what} within ${ms} ms`));
      this.destroy(`no reply to ${what}`);
    }, ms);
  }
}

/** `cmd\nHeader: v\n...\n\n[body]`; header values must not contain newlines. */
export function frameText(cmd: string, headers?: Record<string, string>, body?: string): string {
  if (/[\r\n]/.test(cmd)) throw new AppError('VALIDATION_FAILED', 'An ESL command may not contain line breaks');
  let text = cmd + '\n';
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (/[\r\n]/.test(value) || /[\r\n:]/.test(name)) throw new AppError('VALIDATION_FAILED', `ESL header ${name} may not contain line breaks`);
    text += `${name}: ${value}\n`;
  }
  if (body !== undefined) text += `Content-Length: ${Buffer.byteLength(body)}\n\n${body}`;
  else text += '\n';
  return text;
}

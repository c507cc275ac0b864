/**
 * Keeps one inbound ESL connection alive: reconnects with exponential back-off on the injected
 * Clock, tells the adapter when the link is up (so it can reconcile) and down, and refuses
 * commands with PBX_UNAVAILABLE while there is no link.
 *
 *   idle --start--> connecting --ok--> up --lost--> waiting(backoff) --timer--> connecting
 *                        \--fail--> waiting                     any --stop--> stopped
 */
import type { TimerHandle } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import { EslConnection, type EslConnectionOptions } from './esl-connection.js';
import type { EslEvent } from './esl-event.js';

export interface EslSessionOptions extends EslConnectionOptions {
  reconnectInitialMs?: number;
  reconnectMaxMs?: number;
}

export interface EslSessionHandlers {
  onUp(): void;
  onDown(reason: string): void;
  onEvent(event: EslEvent): void;
}

export class EslSession {
  private conn: EslConnection | null = null;
  private timer: TimerHandle | undefined;
  private stopped = false;
  private delay: number;
  private connecting = false;

  constructor(
    private readonly options: EslSessionOptions,
    private readonly handlers: EslSessionHandlers,
  ) {
    this.delay = options.reconnectInitialMs ?? 250;
  }

  /** First connection; on failure the retries continue in the background and this rejects. */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt(true);
  }

  isUp(): boolean {
    return this.conn !== null && this.conn.isOpen();
  }

  async api(cmd: string): Promise<string> {
    return this.link().api(cmd);
  }

  bgapi(cmd: string, jobUuid?: string): { jobUuid: string; accepted: Promise<void>; result: Promise<string> } {
    return this.link().bgapi(cmd, jobUuid);
  }

  async sendmsg(uuid: string, headers: Record<string, string>): Promise<string> {
    return this.link().sendmsg(uuid, headers);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.options.clock.clearTimeout(this.timer);
    const conn = this.conn;
    this.conn = null;
    await conn?.close();
  }

  private link(): EslConnection {
    if (!this.conn || !this.conn.isOpen()) throw new AppError('PBX_UNAVAILABLE', 'FreeSWITCH is not connected');
    return this.conn;
  }

  private async attempt(first: boolean): Promise<void> {
    if (this.stopped || this.connecting) return;
    this.connecting = true;
    try {
      const conn = await EslConnection.open(this.options);
      this.connecting = false;
      if (this.stopped) {
        await conn.close();
        return;
      }
      this.conn = conn;
      this.delay = this.options.reconnectInitialMs ?? 250;
      conn.onEvent((event) => this.handlers.onEvent(event));
      conn.onClose((reason) => {
        if (this.conn !== conn) return;
        this.conn = null;
        this.handlers.onDown(reason);
        this.schedule();
      });
      this.handlers.onUp();
    } catch (err) {
      this.connecting = false;
      this.schedule();
      if (first) throw err;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.options.reconnectMaxMs ?? 10_000);
    this.options.clock.clearTimeout(this.timer);
    // attempt(false) never rejects: a failed retry schedules the next one.
    this.timer = this.options.clock.setTimeout(() => void this.attempt(false), wait);
  }
}

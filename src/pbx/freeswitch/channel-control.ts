/**
 * Commands about one channel, with the "a channel can vanish at any moment" rule built in:
 * unknown channels fail fast with CHANNEL_GONE (no traffic), and a `-ERR` from FreeSWITCH for a
 * channel it no longer has ends our channel as 'lost' and becomes CHANNEL_GONE. Other refusals
 * are PBX_REJECTED with FreeSWITCH's own words.
 *
 * Also the `sendmsg execute` bookkeeping: our Event-UUID comes back as Application-UUID on
 * CHANNEL_EXECUTE and CHANNEL_EXECUTE_COMPLETE, which is how we know an application finished.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../core/errors.js';
import type { ChannelTable, OwnedChannel } from './channel-table.js';
import type { EslSession } from './esl-session.js';
import { isNoSuchChannel } from './event-map.js';

interface Waiter {
  resolve: () => void;
  reject: (e: Error) => void;
  channelId: string;
}

export class ChannelControl {
  private readonly waiters = new Map<string, Waiter>();

  constructor(
    private readonly session: EslSession,
    private readonly table: ChannelTable,
    /** FreeSWITCH said the channel is gone: end it as 'lost'. */
    private readonly lost: (channelId: string) => void,
  ) {}

  requireUp(): void {
    if (!this.session.isUp()) throw new AppError('PBX_UNAVAILABLE', 'FreeSWITCH is not connected');
  }

  requireChannel(id: string): OwnedChannel {
    this.requireUp();
    const owned = this.table.get(id);
    if (!owned) throw new AppError('CHANNEL_GONE', `no channel ${id}`, { channelId: id });
    return owned;
  }

  /** An api command about one of our channels. */
  async channelCommand(id: string, cmd: string): Promise<string> {
    this.requireChannel(id);
    const reply = await this.session.api(cmd);
    if (!reply.startsWith('-ERR')) return reply;
    // Not every uuid_* command words "gone" the same way; when in doubt, ask.
    if (isNoSuchChannel(reply) || (await this.session.api(`uuid_exists ${id}`)).trim() !== 'true') {
      this.lost(id);
      throw new AppError('CHANNEL_GONE', `FreeSWITCH no longer has channel ${id}`, { channelId: id, reply: reply.trim() });
    }
    throw new AppError('PBX_REJECTED', `FreeSWITCH refused ${cmd.split(' ', 1)[0]}: ${reply.trim()}`, { reply: reply.trim() });
  }

  async ensureExists(id: string): Promise<void> {
    this.requireChannel(id);
    if ((await this.session.api(`uuid_exists ${id}`)).trim() === 'true') return;
    this.lost(id);
    throw new AppError('CHANNEL_GONE', `FreeSWITCH no longer has channel ${id}`, { channelId: id });
  }

  /** `sendmsg execute` with our Event-UUID; `done` settles on the matching EXECUTE_COMPLETE. */
  async execute(channelId: string, app: string, arg: string): Promise<{ done: Promise<void> }> {
    this.requireChannel(channelId);
    const appUuid = randomUUID();
    const key = `done:${appUuid}`;
    const done = new Promise<void>((resolve, reject) => this.waiters.set(key, { resolve, reject, channelId }));
    // `done` goes to the caller, who awaits it or drops it on purpose (a beep): this marks it
    // handled so a dropped one that rejects on hang-up (CHANNEL_GONE) does not reach the
    // process-level guard; a caller who awaits it still gets the rejection.
    // eslint-disable-next-line no-restricted-syntax -- marks a promise handed to the caller as handled
    done.catch(() => undefined);
    try {
      await this.session.sendmsg(channelId, { 'call-command': 'execute', 'execute-app-name': app, 'execute-app-arg': arg, 'Event-UUID': appUuid });
    } catch (err) {
      this.waiters.delete(key);
      const reply = err instanceof AppError ? String((err.details as { reply?: unknown } | undefined)?.reply ?? '') : '';
      if (err instanceof AppError && err.code === 'PBX_REJECTED' && isNoSuchChannel(reply)) {
        this.lost(channelId);
        throw new AppError('CHANNEL_GONE', `FreeSWITCH no longer has channel ${channelId}`, { channelId });
      }
      throw err;
    }
    return { done };
  }

  /** Settles when the channel starts running `app` (CHANNEL_EXECUTE), or rejects if it ends. */
  waitExecute(channelId: string, app: string): Promise<void> {
    return new Promise<void>((resolve, reject) => this.waiters.set(`start-app:${channelId}:${app}`, { resolve, reject, channelId }));
  }

  onExecuteEvent(started: boolean, channelId: string, appUuid: string | undefined, app: string | undefined): void {
    const keys = [`${started ? 'start' : 'done'}:${appUuid ?? ''}`];
    if (started) keys.push(`start-app:${channelId}:${app ?? ''}`);
    for (const key of keys) {
      const waiter = this.waiters.get(key);
      if (!waiter) continue;
      this.waiters.delete(key);
      waiter.resolve();
    }
  }

  channelEnded(channelId: string): void {
    for (const [key, waiter] of this.waiters) {
      if (waiter.channelId !== channelId) continue;
      this.waiters.delete(key);
      waiter.reject(new AppError('CHANNEL_GONE', `channel ${channelId} hung up`));
    }
  }

  connectionLost(): void {
    for (const [key, waiter] of this.waiters) {
      this.waiters.delete(key);
      waiter.reject(new AppError('PBX_UNAVAILABLE', 'FreeSWITCH connection lost'));
    }
  }
}

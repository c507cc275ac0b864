/**
 * Listen / whisper / barge with mod_dptools `eavesdrop`, steered the way the capture shows:
 * the supervisor leg is moved into `eavesdrop:<agent uuid>` (then `park`, so it survives the
 * agent hanging up) with `eavesdrop_enable_dtmf=true`, and `uuid_recv_dtmf <supervisor> <digit>`
 * switches the mode: 0 listen only, 2 talk to the agent (whisper), 3 talk to both (barge).
 *
 *   (none) --start--> listening|whispering|barging --setMode--> any mode --end / a leg ends--> (none)
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { SuperviseOptions, SupervisionMode } from '../port.js';
import { EAVESDROP_DIGIT } from './commands.js';
import type { ChannelWatcher } from './playback.js';

export interface SupervisionHost {
  readonly clock: Clock;
  channelCommand(channelId: string, cmd: string): Promise<string>;
  requireChannel(channelId: string): unknown;
  ensureExists(channelId: string): Promise<void>;
  watch(channelId: string, watcher: ChannelWatcher): () => void;
  /** Settles when the channel starts running the application. */
  waitExecute(channelId: string, app: string): Promise<void>;
}

interface SupervisionSession {
  id: string;
  supervisor: string;
  target: string;
  mode: SupervisionMode;
  started: Promise<void>;
}

/** How long a real FreeSWITCH may take to start eavesdrop before we steer it anyway. */
const START_WAIT_MS = 3_000;

export class Supervision {
  private readonly sessions = new Map<string, SupervisionSession>();

  constructor(private readonly host: SupervisionHost) {}

  isSupervisor(channelId: string): boolean {
    for (const s of this.sessions.values()) if (s.supervisor === channelId) return true;
    return false;
  }

  async start(options: SuperviseOptions): Promise<string> {
    const { supervisorChannelId: sup, targetChannelId: target } = options;
    this.host.requireChannel(target);
    this.host.requireChannel(sup);
    await this.host.ensureExists(target);
    await this.host.channelCommand(sup, `uuid_setvar ${sup} eavesdrop_enable_dtmf true`);
    const started = this.startedOrTimeout(sup);
    await this.host.channelCommand(sup, `uuid_transfer ${sup} eavesdrop:${target},park inline`);
    const session: SupervisionSession = { id: randomUUID(), supervisor: sup, target, mode: 'listen', started };
    this.sessions.set(session.id, session);
    if (options.mode !== 'listen') await this.setMode(session.id, options.mode);
    return session.id;
  }

  async setMode(sessionId: string, mode: SupervisionMode): Promise<void> {
    const session = this.require(sessionId);
    // DTMF sent before eavesdrop runs would be lost.
    await session.started;
    await this.host.channelCommand(session.supervisor, `uuid_recv_dtmf ${session.supervisor} ${EAVESDROP_DIGIT[mode]}`);
    session.mode = mode;
  }

  async end(sessionId: string): Promise<void> {
    const session = this.require(sessionId);
    this.sessions.delete(sessionId);
    await this.host.channelCommand(session.supervisor, `uuid_transfer ${session.supervisor} park inline`).catch((err: unknown) => {
      // A supervisor who already hung up has nothing left to end.
      if (!(err instanceof AppError && err.code === 'CHANNEL_GONE')) throw err;
    });
  }

  channelGone(channelId: string): void {
    for (const [id, s] of this.sessions) if (s.supervisor === channelId || s.target === channelId) this.sessions.delete(id);
  }

  private startedOrTimeout(sup: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = this.host.clock.setTimeout(resolve, START_WAIT_MS);
      this.host.waitExecute(sup, 'eavesdrop').then(
        () => {
          this.host.clock.clearTimeout(timer);
          resolve();
        },
        () => resolve(),
      );
    });
  }

  private require(sessionId: string): SupervisionSession {
    const session = this.sessions.get(sessionId);
    if (!session) throw new AppError('NOT_FOUND', `no supervision session ${sessionId}`);
    return session;
  }
}

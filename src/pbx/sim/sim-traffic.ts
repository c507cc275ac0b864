/**
 * Synthetic callers for demos and load tests: callers dial in at a steady rate on the injected
 * clock, give up if no agent takes them within their patience, and hang up after talking a while
 * once connected. Randomness is injected so a load test is repeatable.
 *
 * "Connected" means the caller hears another party through a bridge (an agent leg), not that its
 * channel is up: the daemon answers every caller itself for the IVR and the queue, long before an
 * agent takes the call. The port has no bridge events, so waiting callers are looked at on every
 * PBX event and on a short tick of the injected clock. Once connected a caller stays talking:
 * hold, mute or a transfer between bridges does not restart or stop its talk timer.
 *
 * Per caller:  placed --connected to an agent--> talking --talk time--> hung up (caller)
 *              placed --patience--> abandoned (caller)
 *              placed|talking --the other side ended it--> done
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { isAppError, validationError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { silentLogger } from '../../core/log.js';
import { tolerateGone } from '../../core/tolerate-gone.js';
import type { MediaServer } from '../port.js';
import type { SimControl } from './sim-control.js';

export interface SimTrafficOptions {
  /** DIDs the callers dial, picked at random. */
  dids: string[];
  callsPerMinute: number;
  /** How long a caller not yet connected to an agent waits before hanging up. */
  patienceMs: { min: number; max: number };
  /** How long a caller talks, from its first connection to an agent, before hanging up. */
  talkMs: { min: number; max: number };
  /** Stop placing calls after this many (runs until stop() when omitted). */
  maxCalls?: number;
  /** 0 <= x < 1; Math.random when omitted. */
  random?: () => number;
  logger?: Logger;
}

export interface SimTrafficStats {
  placed: number;
  /** Callers that reached an agent (answered by the IVR alone does not count). */
  answered: number;
  abandoned: number;
  completed: number;
  failed: number;
}

/** How often waiting callers look whether an agent joined them (bridging sends no event). */
const CONNECT_CHECK_MS = 250;

export class SimTraffic {
  readonly stats: SimTrafficStats = { placed: 0, answered: 0, abandoned: 0, completed: 0, failed: 0 };
  private nextCall: TimerHandle | undefined;
  private connectCheck: TimerHandle | undefined;
  private readonly callerTimers = new Map<string, TimerHandle>();
  private readonly talking = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private seq = 0;
  private readonly random: () => number;
  private readonly logger: Logger;

  constructor(
    private readonly server: MediaServer,
    private readonly control: SimControl,
    private readonly clock: Clock,
    private readonly options: SimTrafficOptions,
  ) {
    if (options.dids.length === 0) throw validationError([{ where: '/dids', reason: 'at least one DID is required' }]);
    if (!(options.callsPerMinute > 0)) throw validationError([{ where: '/callsPerMinute', reason: 'must be positive' }]);
    for (const key of ['patienceMs', 'talkMs'] as const) {
      const r = options[key];
      if (!(r.min >= 0 && r.max >= r.min)) throw validationError([{ where: `/${key}`, reason: 'needs 0 <= min <= max' }]);
    }
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? silentLogger;
  }

  start(): void {
    if (this.unsubscribe) return;
    this.unsubscribe = this.server.onEvent((e) => {
      if (e.type === 'channel.hangup' && this.callerTimers.has(e.channelId)) this.onEnded(e.channelId);
      this.checkWaiting();
    });
    this.schedule();
  }

  /** No new callers; callers already in progress carry on. */
  stop(): void {
    this.clock.clearTimeout(this.nextCall);
    this.nextCall = undefined;
    this.clock.clearTimeout(this.connectCheck);
    this.connectCheck = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const t of this.callerTimers.values()) this.clock.clearTimeout(t);
    this.callerTimers.clear();
    this.talking.clear();
  }

  private schedule(): void {
    if (this.options.maxCalls !== undefined && this.stats.placed >= this.options.maxCalls) return;
    this.nextCall = this.clock.setTimeout(() => {
      void this.placeOne(); // never rejects: a caller that cannot dial in is counted and logged
      this.schedule();
    }, 60_000 / this.options.callsPerMinute);
  }

  private async placeOne(): Promise<void> {
    const n = ++this.seq;
    const did = this.options.dids[Math.floor(this.random() * this.options.dids.length)] ?? this.options.dids[0] ?? '';
    this.stats.placed += 1;
    try {
      const id = await this.control.placeInboundCall({ from: `+1555${String(n).padStart(7, '0')}`, to: did });
      // The daemon may have ended it (or even connected it) while channel.inbound was being delivered.
      if (!(await this.server.snapshot()).channels.some((c) => c.id === id)) return;
      if (!this.unsubscribe) return;
      this.callerTimers.set(id, this.clock.setTimeout(() => this.abandon(id), this.pick(this.options.patienceMs)));
      this.checkWaiting();
    } catch (err) {
      this.stats.failed += 1;
      this.logger.warn({ err }, 'simulated caller could not dial in');
    }
  }

  /** Moves every waiting caller that now hears someone to talking; keeps ticking while any wait. */
  private checkWaiting(): void {
    let waiting = 0;
    for (const id of this.callerTimers.keys()) {
      if (this.talking.has(id)) continue;
      if (this.hearsSomeone(id)) this.onConnected(id);
      else waiting += 1;
    }
    if (waiting === 0 || !this.unsubscribe) {
      this.clock.clearTimeout(this.connectCheck);
      this.connectCheck = undefined;
    } else if (!this.connectCheck) {
      this.connectCheck = this.clock.setTimeout(() => {
        this.connectCheck = undefined;
        this.checkWaiting();
      }, CONNECT_CHECK_MS);
    }
  }

  private hearsSomeone(id: string): boolean {
    try {
      return this.control.farSide(id).hears.length > 0;
    } catch (err) {
      // A caller the simulated world never saw hears nobody; anything else is a bug to surface.
      if (isAppError(err, 'NOT_FOUND')) return false;
      throw err;
    }
  }

  private onConnected(id: string): void {
    this.talking.add(id);
    this.clock.clearTimeout(this.callerTimers.get(id));
    this.stats.answered += 1;
    this.callerTimers.set(id, this.clock.setTimeout(() => this.hangUp(id, 'completed'), this.pick(this.options.talkMs)));
  }

  private onEnded(id: string): void {
    this.clock.clearTimeout(this.callerTimers.get(id));
    this.callerTimers.delete(id);
    this.talking.delete(id);
  }

  private abandon(id: string): void {
    this.hangUp(id, 'abandoned');
  }

  private hangUp(id: string, outcome: 'abandoned' | 'completed'): void {
    this.callerTimers.delete(id);
    this.talking.delete(id);
    this.stats[outcome] += 1;
    // Already gone is fine (the daemon ended the call at the same moment); anything else is logged.
    // Not awaited: tolerateGone never rejects.
    void tolerateGone(this.logger, { what: 'hang up a simulated caller', channelId: id, outcome }, () => this.control.farEndHangup(id));
  }

  private pick(range: { min: number; max: number }): number {
    return Math.round(range.min + this.random() * (range.max - range.min));
  }
}

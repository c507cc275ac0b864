/**
 * Synthetic callers for demos and load tests: callers dial in at a steady rate on the injected
 * clock, give up if nobody answers within their patience, and hang up after talking a while once
 * answered. Randomness is injected so a load test is repeatable.
 *
 * Per caller:  placed --answered--> talking --talk time--> hung up (caller)
 *              placed --patience--> abandoned (caller)
 *              placed|talking --the other side ended it--> done
 */
import type { Clock, TimerHandle } from '../../core/clock.js';
import { validationError } from '../../core/errors.js';
import type { Logger } from '../../core/log.js';
import { silentLogger } from '../../core/log.js';
import type { MediaServer } from '../port.js';
import type { SimControl } from './sim-control.js';

export interface SimTrafficOptions {
  /** DIDs the callers dial, picked at random. */
  dids: string[];
  callsPerMinute: number;
  /** How long an unanswered caller waits before hanging up. */
  patienceMs: { min: number; max: number };
  /** How long an answered caller talks before hanging up. */
  talkMs: { min: number; max: number };
  /** Stop placing calls after this many (runs until stop() when omitted). */
  maxCalls?: number;
  /** 0 <= x < 1; Math.random when omitted. */
  random?: () => number;
  logger?: Logger;
}

export interface SimTrafficStats {
  placed: number;
  answered: number;
  abandoned: number;
  completed: number;
  failed: number;
}

export class SimTraffic {
  readonly stats: SimTrafficStats = { placed: 0, answered: 0, abandoned: 0, completed: 0, failed: 0 };
  private nextCall: TimerHandle | undefined;
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
      if (e.type === 'channel.answered' && this.callerTimers.has(e.channelId)) this.onAnswered(e.channelId);
      if (e.type === 'channel.hangup' && this.callerTimers.has(e.channelId)) this.onEnded(e.channelId);
    });
    this.schedule();
  }

  /** No new callers; callers already in progress carry on. */
  stop(): void {
    this.clock.clearTimeout(this.nextCall);
    this.nextCall = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const t of this.callerTimers.values()) this.clock.clearTimeout(t);
    this.callerTimers.clear();
    this.talking.clear();
  }

  private schedule(): void {
    if (this.options.maxCalls !== undefined && this.stats.placed >= this.options.maxCalls) return;
    this.nextCall = this.clock.setTimeout(() => {
      void this.placeOne();
      this.schedule();
    }, 60_000 / this.options.callsPerMinute);
  }

  private async placeOne(): Promise<void> {
    const n = ++this.seq;
    const did = this.options.dids[Math.floor(this.random() * this.options.dids.length)] ?? this.options.dids[0] ?? '';
    this.stats.placed += 1;
    try {
      const id = await this.control.placeInboundCall({ from: `+1555${String(n).padStart(7, '0')}`, to: did });
      // The daemon may have answered (or ended) it while channel.inbound was being delivered.
      const state = (await this.server.snapshot()).channels.find((c) => c.id === id)?.state;
      if (state === undefined) return;
      this.callerTimers.set(id, this.clock.setTimeout(() => this.abandon(id), this.pick(this.options.patienceMs)));
      if (state === 'up') this.onAnswered(id);
    } catch (err) {
      this.stats.failed += 1;
      this.logger.warn({ err }, 'simulated caller could not dial in');
    }
  }

  private onAnswered(id: string): void {
    if (this.talking.has(id)) return;
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
    this.control.farEndHangup(id).catch(() => {
      // Already gone: the daemon ended the call at the same moment.
    });
  }

  private pick(range: { min: number; max: number }): number {
    return Math.round(range.min + this.random() * (range.max - range.min));
  }
}

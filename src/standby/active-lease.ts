/**
 * Which of two daemons on one PostgreSQL drives the media server (issue 15, standby takeover).
 * Exactly one holds the lease; the other waits as a standby, answering /healthz as such and
 * refusing work. The lease itself is a port (ports.ts); the PostgreSQL adapter is an advisory lock
 * held by a dedicated connection (src/store/postgres-lease.ts says why that and not a lease row).
 *
 *   standby --tryAcquire true--> activating --activate() done--> active
 *   standby --tryAcquire false or failed (logged)--> standby (again after pollMs)
 *   activating --activate() failed--> fenced
 *   active --check false / failed / timed out, or the lease's connection lost--> fenced
 *   any --stop()--> stopped (the lease released)
 *
 * Fenced is final: the daemon stops driving the PBX at once (`fence`, which in the daemon ends the
 * process so its supervisor starts it again as a standby). Going back to standby inside the same
 * process would need every part of the contact center to restart cleanly; a fresh process is the
 * one path already tested by the restart-recovery suite.
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { LeasePort } from './ports.js';

export type LeaseRole = 'standby' | 'activating' | 'active' | 'fenced' | 'stopped';

export interface ActiveLeaseDeps {
  lease: LeasePort;
  clock: Clock;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Becoming active: restore queues, agents and calls and connect to the PBX. */
  activate: () => Promise<void>;
  /** The lease is no longer ours (or activating failed): stop driving the PBX now. */
  fence: (reason: string) => void;
  /** How often a standby tries to take the lease (ms). */
  pollMs?: number;
  /** How often the active checks that it still holds it (ms). */
  checkMs?: number;
  /** A check not answered within this is a lost lease (ms): shorter than the server's own detection. */
  checkTimeoutMs?: number;
}

export class ActiveLease {
  private current: LeaseRole = 'standby';
  private timer: TimerHandle | undefined;
  private readonly listeners = new Set<(role: LeaseRole) => void>();

  constructor(private readonly d: ActiveLeaseDeps) {
    d.lease.onLost((reason) => {
      if (this.current === 'active' || this.current === 'activating') this.toFenced(`the lease's database connection was lost: ${reason}`);
    });
  }

  role(): LeaseRole {
    return this.current;
  }

  onRole(listener: (role: LeaseRole) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts as a standby and tries for the lease at once. */
  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    const held = this.current === 'active' || this.current === 'activating';
    this.set('stopped');
    this.d.clock.clearTimeout(this.timer);
    try {
      await this.d.lease.release();
    } catch (err) {
      // Ending the connection releases the lock anyway; the standby takes over either way.
      if (held) this.d.log.warn({ err }, 'releasing the active lease failed; it ends with its connection');
    }
  }

  private schedule(ms: number): void {
    this.d.clock.clearTimeout(this.timer);
    this.timer = this.d.clock.setTimeout(() => void this.tick(), ms);
  }

  private async tick(): Promise<void> {
    if (this.current === 'standby') await this.tryToLead();
    else if (this.current === 'active') await this.check();
  }

  private async tryToLead(): Promise<void> {
    let got = false;
    try {
      got = await this.d.lease.tryAcquire();
    } catch (err) {
      this.d.log.warn({ err }, 'the standby could not ask for the active lease; trying again');
    }
    if (this.current !== 'standby') return;
    if (!got) return this.schedule(this.d.pollMs ?? 1_000);
    this.set('activating');
    this.d.log.info({}, 'took the active lease: restoring and connecting to the media server');
    try {
      await this.d.activate();
    } catch (err) {
      this.d.log.error({ err }, 'becoming active failed');
      // Read through role(): stop() or a lost connection may have moved it while activate() ran.
      if (this.role() === 'activating') this.toFenced('becoming active failed');
      return;
    }
    if (this.role() !== 'activating') return;
    this.set('active');
    this.d.log.info({}, 'active: this daemon drives the media server');
    this.schedule(this.d.checkMs ?? 1_000);
  }

  private async check(): Promise<void> {
    const limit = this.d.checkTimeoutMs ?? 2_000;
    let timeout: TimerHandle | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timeout = this.d.clock.setTimeout(() => resolve('timeout'), limit);
    });
    let verdict: boolean | 'timeout' | Error;
    try {
      verdict = await Promise.race([this.d.lease.stillHeld(), timedOut]);
    } catch (err) {
      verdict = err instanceof Error ? err : new Error(String(err));
    } finally {
      this.d.clock.clearTimeout(timeout);
    }
    if (this.current !== 'active') return;
    if (verdict === true) return this.schedule(this.d.checkMs ?? 1_000);
    const reason = verdict === 'timeout' ? `the lease check did not answer within ${limit} ms` : verdict === false ? 'the lease is held by another daemon' : `the lease check failed: ${verdict.message}`;
    this.toFenced(reason);
  }

  private toFenced(reason: string): void {
    this.d.clock.clearTimeout(this.timer);
    this.set('fenced');
    this.d.log.error({ reason }, 'lost the active lease: stopping so that only one daemon drives the media server');
    this.d.fence(reason);
  }

  private set(role: LeaseRole): void {
    if (this.current === role) return;
    this.current = role;
    for (const l of this.listeners) l(role);
  }
}

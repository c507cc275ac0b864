import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { ActiveLease, type LeaseRole } from '../../../src/standby/active-lease.js';
import type { LeasePort } from '../../../src/standby/ports.js';

/** One lock shared by the daemons of a test, like PostgreSQL's: held by at most one holder. */
class SharedLock {
  holder: MemoryLease | undefined;
}

class MemoryLease implements LeasePort {
  /** The database this holder talks to stops answering (a network cut): calls hang. */
  unreachable = false;
  /** The next tryAcquire fails as a dropped connection would. */
  failNextAcquire = false;
  private readonly lost = new Set<(reason: string) => void>();
  constructor(private readonly lock: SharedLock) {}
  async tryAcquire(): Promise<boolean> {
    if (this.failNextAcquire) {
      this.failNextAcquire = false;
      throw new Error('Connection terminated unexpectedly');
    }
    if (this.lock.holder && this.lock.holder !== this) return false;
    this.lock.holder = this;
    return true;
  }
  stillHeld(): Promise<boolean> {
    if (this.unreachable) return new Promise(() => {});
    return Promise.resolve(this.lock.holder === this);
  }
  onLost(listener: (reason: string) => void): void {
    this.lost.add(listener);
  }
  async release(): Promise<void> {
    if (this.lock.holder === this) this.lock.holder = undefined;
  }
  /** The session ended (the server noticed a dead peer, or the connection dropped). */
  drop(reason: string): void {
    if (this.lock.holder === this) this.lock.holder = undefined;
    for (const l of this.lost) l(reason);
  }
}

function daemon(lock: SharedLock, clock: FakeClock, activate: () => Promise<void> = async () => {}) {
  const lease = new MemoryLease(lock);
  const fences: string[] = [];
  const errors: object[] = [];
  const roles: LeaseRole[] = [];
  const active = new ActiveLease({
    lease,
    clock,
    log: { info: () => {}, warn: () => {}, error: (obj) => errors.push(obj) },
    activate,
    fence: (reason) => fences.push(reason),
  });
  active.onRole((r) => roles.push(r));
  return { lease, active, fences, errors, roles };
}

describe('the active lease between two daemons', () => {
  it('given two daemons started on one database when both try for the lease then exactly one is active and the other stays standby', async () => {
    const clock = new FakeClock();
    const lock = new SharedLock();
    const a = daemon(lock, clock);
    const b = daemon(lock, clock);
    a.active.start();
    b.active.start();
    await clock.advanceAsync(10_000);
    expect([a.active.role(), b.active.role()]).toEqual(['active', 'standby']);
    expect(a.roles).toEqual(['activating', 'active']);
    expect(b.roles).toEqual([]);
  });

  it('given an active and a standby when the active stops then the standby takes over on its next poll', async () => {
    const clock = new FakeClock();
    const lock = new SharedLock();
    const a = daemon(lock, clock);
    const b = daemon(lock, clock);
    a.active.start();
    await clock.advanceAsync(0);
    b.active.start();
    await clock.advanceAsync(5_000);
    expect(b.active.role()).toBe('standby');

    await a.active.stop();
    await clock.advanceAsync(1_000);
    expect(a.active.role()).toBe('stopped');
    expect(b.active.role()).toBe('active');
    expect(a.fences).toEqual([]);
  });

  it("given an active whose lease connection drops when it is told then it fences at once and the standby takes over", async () => {
    const clock = new FakeClock();
    const lock = new SharedLock();
    const a = daemon(lock, clock);
    const b = daemon(lock, clock);
    a.active.start();
    await clock.advanceAsync(0);
    b.active.start();
    await clock.advanceAsync(3_000);

    a.lease.drop('Connection terminated unexpectedly');
    expect(a.active.role()).toBe('fenced');
    expect(a.fences).toEqual(["the lease's database connection was lost: Connection terminated unexpectedly"]);
    await clock.advanceAsync(1_000);
    expect(b.active.role()).toBe('active');
  });

  it('given an active cut off from the database when its check does not answer within 2 s then it fences itself before anyone else can hold the lease', async () => {
    const clock = new FakeClock();
    const lock = new SharedLock();
    const a = daemon(lock, clock);
    a.active.start();
    await clock.advanceAsync(0);
    expect(a.active.role()).toBe('active');

    a.lease.unreachable = true;
    await clock.advanceAsync(1_000 + 1_999);
    expect(a.active.role()).toBe('active');
    await clock.advanceAsync(1);
    expect(a.active.role()).toBe('fenced');
    expect(a.fences).toEqual(['the lease check did not answer within 2000 ms']);
    // Still the holder in the server's view: nobody else could have taken it meanwhile.
    expect(lock.holder).toBe(a.lease);
  });

  it('given an active whose check finds another holder when it checks then it fences', async () => {
    const clock = new FakeClock();
    const lock = new SharedLock();
    const a = daemon(lock, clock);
    a.active.start();
    await clock.advanceAsync(0);
    lock.holder = new MemoryLease(lock);
    await clock.advanceAsync(1_000);
    expect(a.active.role()).toBe('fenced');
    expect(a.fences).toEqual(['the lease is held by another daemon']);
  });

  it('given a standby whose request for the lease fails when it polls then it stays standby and asks again', async () => {
    const clock = new FakeClock();
    const lock = new SharedLock();
    const a = daemon(lock, clock);
    a.lease.failNextAcquire = true;
    a.active.start();
    await clock.advanceAsync(0);
    expect(a.active.role()).toBe('standby');
    await clock.advanceAsync(1_000);
    expect(a.active.role()).toBe('active');
  });

  it('given a daemon whose start fails after it took the lease when activating then it fences rather than hold the lease doing nothing', async () => {
    const clock = new FakeClock();
    const lock = new SharedLock();
    const a = daemon(lock, clock, async () => {
      throw new Error('migrations missing');
    });
    a.active.start();
    await clock.advanceAsync(0);
    expect(a.active.role()).toBe('fenced');
    expect(a.fences).toEqual(['becoming active failed']);
  });
});

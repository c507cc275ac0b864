/**
 * Time is injected everywhere so that reducers, timeouts and schedules are testable without
 * sleeping. Production uses `systemClock`; tests use `FakeClock` and advance it explicitly.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

let nextSystemId = 1;
const systemTimers = new Map<number, NodeJS.Timeout>();

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    const id = nextSystemId++;
    const t = setTimeout(() => {
      systemTimers.delete(id);
      fn();
    }, ms);
    t.unref?.();
    systemTimers.set(id, t);
    return { id };
  },
  clearTimeout(handle) {
    if (!handle) return;
    const t = systemTimers.get(handle.id);
    if (t) clearTimeout(t);
    systemTimers.delete(handle.id);
  },
};

interface FakeTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that only moves when told to; timers fire in due order, ties in creation order. */
export class FakeClock implements Clock {
  private current: number;
  private timers: FakeTimer[] = [];
  private seq = 0;
  private nextId = 1;

  constructor(start = Date.UTC(2026, 10, 23, 9, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    this.timers = this.timers.filter((t) => t.id !== handle.id);
  }

  /** Number of timers still pending. */
  pending(): number {
    return this.timers.length;
  }

  /** Move time forward, firing every timer that falls due (including ones scheduled meanwhile). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (let due = this.takeDue(target); due; due = this.takeDue(target)) due.fn();
    this.current = target;
  }

  /** Like advance, but lets pending promise callbacks run between timers (for async code under test). */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const due = this.takeDue(target);
      if (!due) break;
      due.fn();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Removes the earliest timer due by `target` (ties in creation order) and moves time to it. */
  private takeDue(target: number): FakeTimer | undefined {
    let due: FakeTimer | undefined;
    for (const t of this.timers) if (t.at <= target && (!due || t.at < due.at || (t.at === due.at && t.seq < due.seq))) due = t;
    if (!due) return undefined;
    this.timers = this.timers.filter((t) => t !== due);
    this.current = Math.max(this.current, due.at);
    return due;
  }
}

export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((r) => setImmediate(r));
}

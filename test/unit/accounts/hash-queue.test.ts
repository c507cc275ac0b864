import { describe, expect, it } from 'vitest';
import { HashQueue } from '../../../src/accounts/hash-queue.js';
import { AppError } from '../../../src/core/errors.js';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('HashQueue', () => {
  it('given the slots and the waiting line full when one more hash is asked then it is refused at once with LOGIN_BUSY and a retry delay', async () => {
    const q = new HashQueue({ concurrency: 1, maxWaiting: 1, retryAfterSeconds: 3 });
    const g = gate();
    const first = q.run(() => g.opened.then(() => 'first'));
    const second = q.run(async () => 'second');
    expect(q.depth).toEqual({ running: 1, waiting: 1 });
    const refused = await q.run(async () => 'third').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: 'LOGIN_BUSY', status: 503, details: { retryAfterSeconds: 3 } });
    g.open();
    expect(await Promise.all([first, second])).toEqual(['first', 'second']);
    expect(q.depth).toEqual({ running: 0, waiting: 0 });
  });

  it('given more work than slots then no more than the concurrency runs at once and all of it finishes, failures included', async () => {
    const q = new HashQueue({ concurrency: 2, maxWaiting: 10, retryAfterSeconds: 1 });
    let running = 0;
    let peak = 0;
    const gates = Array.from({ length: 6 }, gate);
    const all = gates.map((g, i) =>
      q.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await g.opened;
        running -= 1;
        if (i === 3) throw new Error('hash failed');
        return i;
      }).catch((e: Error) => e.message),
    );
    for (const g of gates) {
      g.open();
      await Promise.resolve();
    }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 'hash failed', 4, 5]);
    expect(peak).toBe(2);
    expect(q.depth).toEqual({ running: 0, waiting: 0 });
  });
});

/** Issue 15: call records written while PostgreSQL is unreachable are stored once it is back, in order. */
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../src/core/clock.js';
import type { CallLeg, CallRecord, CallTransition } from '../../../../src/calls/call-model.js';
import type { CallStore } from '../../../../src/calls/ports.js';
import { CallStoreRetryingWhileUnreachable } from '../../../../src/store/calls/call-store-retry.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
const record = { id: 'c1', state: 'ended' } as CallRecord;
const transition: CallTransition = { callId: 'c1', seq: 4, at: 1, from: 'connected', event: 'customer_hangup', to: 'ended', details: {} };

function world(maxWaitMs = 60_000) {
  const clock = new FakeClock();
  const stored: string[] = [];
  const logged: string[] = [];
  let failures: (() => Error)[] = [];
  const write = async (what: string) => {
    const fail = failures.shift();
    if (fail) throw fail();
    stored.push(what);
  };
  const inner: CallStore = {
    saveCall: (r) => write(`call ${r.id} ${r.state}`),
    saveLeg: (l) => write(`leg ${l.id}`),
    appendTransition: (t) => write(`transition ${t.seq}`),
  };
  const log = { info: (_o: object, msg?: string) => logged.push(`info: ${msg ?? ''}`), warn: (_o: object, msg?: string) => logged.push(`warn: ${msg ?? ''}`) };
  const store = new CallStoreRetryingWhileUnreachable(inner, { clock, log, maxWaitMs, firstDelayMs: 500, maxDelayMs: 2_000 });
  return { clock, stored, logged, store, failWith: (...errs: (() => Error)[]) => (failures = errs) };
}

describe('call writes while the database is unreachable', () => {
  it('given the database refusing connections when a call record is written then it is retried with growing pauses and stored once the database answers', async () => {
    const { clock, store, stored, logged, failWith } = world();
    failWith(refused, refused, refused);

    const saved = store.saveCall(record);
    await clock.advanceAsync(500 + 1_000 + 2_000);
    await saved;

    expect(stored).toEqual(['call c1 ended']);
    expect(logged).toEqual(['warn: the database is unreachable: this call write waits and is retried', 'info: a call write stored once the database answered again']);
  });

  it('given a transition whose first insert landed but whose answer was lost when the retry meets its own row then it counts as stored', async () => {
    const { clock, store, stored, logged, failWith } = world();
    failWith(() => new Error('Connection terminated unexpectedly'), () => Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' }));

    const appended = store.appendTransition(transition);
    await clock.advanceAsync(500);
    await appended;

    expect(stored).toEqual([]);
    expect(logged.at(-1)).toBe('info: a call write was already stored: its answer had been lost with the connection');
  });

  it('given a failure the statement caused (a constraint) when a leg is written then it fails at once, without a retry', async () => {
    const { store, failWith } = world();
    failWith(() => Object.assign(new Error('violates foreign key constraint'), { code: '23503' }));

    await expect(store.saveLeg({ id: 'l1', callId: 'c1' } as CallLeg)).rejects.toThrow('foreign key');
  });

  it('given the database away longer than the wait allowed when a write keeps failing then it fails with the last error', async () => {
    const { clock, store, failWith } = world(3_000);
    failWith(refused, refused, refused, refused, refused);

    const saved = store.saveCall(record);
    const outcome = saved.then(
      () => 'stored',
      (err: unknown) => (err as Error).message,
    );
    await clock.advanceAsync(500 + 1_000 + 2_000);

    expect(await outcome).toMatch(/ECONNREFUSED/);
  });

  it('given a write waiting for the database when the daemon stops then it gives up at once', async () => {
    const { store, failWith } = world();
    failWith(refused, refused);

    const saved = store.saveCall(record);
    await Promise.resolve();
    await Promise.resolve();
    store.stop();

    await expect(saved).rejects.toThrow('ECONNREFUSED');
  });
});

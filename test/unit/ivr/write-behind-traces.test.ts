import { describe, expect, it } from 'vitest';
import { BackgroundTasks } from '../../../src/core/background-tasks.js';
import type { AbandonPoint, CallTrace, TraceStore } from '../../../src/ivr/ports.js';
import { WriteBehindTraces } from '../../../src/ivr/write-behind-traces.js';
import { recordingLogger, type LogLine } from '../../helpers/recording-logger.js';

function traceOf(callId: string, flow = 'main'): CallTrace {
  return { callId, flow, version: 1, startedAt: 1_000, endedAt: 2_000, exit: 'queue', exitNode: 'q', variables: {}, steps: [] };
}

/** A store whose writes land only when the test says so. */
class HeldStore implements TraceStore {
  readonly stored: CallTrace[] = [];
  private readonly held: Array<{ trace: CallTrace; land: () => void; fail: (e: Error) => void }> = [];
  saveTrace(trace: CallTrace): Promise<void> {
    return new Promise((resolve, reject) => {
      this.held.push({
        trace,
        land: () => {
          this.stored.push(trace);
          resolve();
        },
        fail: reject,
      });
    });
  }
  async getTrace(callId: string): Promise<CallTrace | undefined> {
    return this.stored.filter((t) => t.callId === callId).at(-1);
  }
  async abandonPoints(): Promise<AbandonPoint[]> {
    return this.stored.map((t) => ({ flow: t.flow, node: t.exitNode ?? '', count: 1 }));
  }
  landAll(): void {
    for (const h of this.held.splice(0)) h.land();
  }
  failAll(message: string): void {
    for (const h of this.held.splice(0)) h.fail(new Error(message));
  }
  get waiting(): number {
    return this.held.length;
  }
}

function world() {
  const lines: LogLine[] = [];
  const background = new BackgroundTasks(recordingLogger(lines));
  const store = new HeldStore();
  return { lines, background, store, traces: new WriteBehindTraces(store, background) };
}

describe('IVR traces written behind the call', () => {
  it('given a database that has not answered yet, when the runner saves a trace, then it goes on at once and the trace is readable from memory', async () => {
    const { store, traces } = world();
    let saved = false;
    await traces.saveTrace(traceOf('c1')).then(() => (saved = true));
    expect(saved).toBe(true);
    expect(store.waiting).toBe(1);
    expect(store.stored).toHaveLength(0);
    expect((await traces.getTrace('c1'))?.exitNode).toBe('q');
  });

  it('given a write that landed, when the trace is read, then it comes from the store', async () => {
    const { store, traces, background } = world();
    await traces.saveTrace(traceOf('c1'));
    store.landAll();
    await background.idle();
    store.stored[0] = { ...traceOf('c1'), exitNode: 'from-the-store' };
    expect((await traces.getTrace('c1'))?.exitNode).toBe('from-the-store');
  });

  it('given a survey trace after the inbound one, when both are pending, then the newest is served', async () => {
    const { traces } = world();
    await traces.saveTrace(traceOf('c1', 'main'));
    await traces.saveTrace(traceOf('c1', 'survey'));
    expect((await traces.getTrace('c1'))?.flow).toBe('survey');
  });

  it('given pending writes, when abandon points are asked for, then they wait for the writes and count them', async () => {
    const { store, traces } = world();
    await traces.saveTrace(traceOf('c1'));
    await traces.saveTrace(traceOf('c2'));
    const points = traces.abandonPoints(0, 10_000);
    let answered = false;
    void points.then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false);
    store.landAll();
    expect(await points).toHaveLength(2);
  });

  it('given a write the database refuses, when it fails, then the failure is logged with the call and the trace is no longer held', async () => {
    const { store, traces, background, lines } = world();
    await traces.saveTrace(traceOf('c9'));
    store.failAll('disk full');
    await background.idle();
    await traces.flush();
    const warn = lines.find((l) => l.level === 'warn' && l.obj.task === 'store IVR trace');
    expect(warn?.obj.callId).toBe('c9');
    expect(String(warn?.obj.err)).toContain('disk full');
    expect(await traces.getTrace('c9')).toBeUndefined();
  });

  it('given writes in flight, when the center stops, then flush resolves only after they land', async () => {
    const { store, traces } = world();
    await traces.saveTrace(traceOf('c1'));
    let flushed = false;
    const done = traces.flush().then(() => (flushed = true));
    await Promise.resolve();
    expect(flushed).toBe(false);
    store.landAll();
    await done;
    expect(store.stored.map((t) => t.callId)).toEqual(['c1']);
  });
});

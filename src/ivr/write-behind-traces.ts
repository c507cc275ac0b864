/**
 * The IVR trace is written behind the call, not in its way. The runner used to await the trace's
 * database write before the caller could reach the queue; on a loaded database that write was the
 * longest step between the caller's last key press and the agent's phone ringing (issue 19, goal 0).
 *
 * Writes start at once and are witnessed by BackgroundTasks (a failure is logged with the call id
 * and counted). Until a write lands, the trace is served from memory, so the screen-pop that reads
 * it while the agent's phone rings still shows the caller's IVR path. `flush()` waits for every
 * write started so far: the abandon-point report and shutdown use it.
 */
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { AbandonPoint, CallTrace, TraceStore } from './ports.js';

export class WriteBehindTraces implements TraceStore {
  /** Per call, the newest trace not yet stored (a post-call survey's trace follows the inbound one). */
  private readonly pending = new Map<string, CallTrace>();
  private readonly writes = new Set<Promise<void>>();

  constructor(
    private readonly store: TraceStore,
    private readonly background: BackgroundTasks,
  ) {}

  /** Resolves at once; the write goes on in the background. */
  saveTrace(trace: CallTrace): Promise<void> {
    this.pending.set(trace.callId, trace);
    const write = this.store.saveTrace(trace).finally(() => {
      this.writes.delete(write);
      if (this.pending.get(trace.callId) === trace) this.pending.delete(trace.callId);
    });
    this.writes.add(write);
    this.background.run('store IVR trace', write, { callId: trace.callId, flow: trace.flow });
    return Promise.resolve();
  }

  async getTrace(callId: string): Promise<CallTrace | undefined> {
    return this.pending.get(callId) ?? this.store.getTrace(callId);
  }

  async abandonPoints(fromMs: number, toMs: number, flow?: string): Promise<AbandonPoint[]> {
    await this.flush();
    return this.store.abandonPoints(fromMs, toMs, flow);
  }

  /** Every write started so far has landed or failed (failures are logged by BackgroundTasks). */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes]);
  }
}

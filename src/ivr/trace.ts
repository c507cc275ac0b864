import type { CallTrace, TraceStep } from './ports.js';

/**
 * Builds one call's IVR path as it happens: each node entered, the digits pressed there, how long
 * the caller stayed, and what happened next. The finished trace is stored once, at the end, and
 * handed to call handling for the screen-pop.
 */
export class TraceRecorder {
  private readonly trace: CallTrace;
  private current: TraceStep | undefined;

  constructor(callId: string, flow: string, version: number, startedAt: number) {
    this.trace = { callId, flow, version, startedAt, endedAt: null, exit: null, exitNode: null, variables: {}, steps: [] };
  }

  enter(flow: string, node: string, kind: string, at: number): void {
    this.leave(at, null);
    this.current = { seq: this.trace.steps.length + 1, flow, node, kind, enteredAt: at, leftAt: null, digits: '', result: null };
    this.trace.steps.push(this.current);
  }

  pressed(digits: string): void {
    if (this.current && digits) this.current.digits += digits;
  }

  leave(at: number, result: string | null): void {
    if (!this.current) return;
    this.current.leftAt = at;
    if (result !== null) this.current.result = result;
    this.current = undefined;
  }

  finish(at: number, exit: string, exitNode: string | null, variables: Record<string, string>): CallTrace {
    this.leave(at, null);
    this.trace.endedAt = at;
    this.trace.exit = exit;
    this.trace.exitNode = exitNode;
    this.trace.variables = { ...variables };
    return structuredClone(this.trace);
  }
}

import type { Clock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { tolerateGone } from '../core/tolerate-gone.js';
import type { ChannelInfo, CollectResult, MediaRef, MediaServer, PbxEvent, PlayOutcome } from '../pbx/port.js';
import type { Flow, PromptSpec } from './flow.js';
import { defOf } from './nodes/index.js';
import type { CallTrace, TraceStore, TtsEngine } from './ports.js';
import { interpolate, type IvrOutcome, type IvrResult, type IvrServices, type RunContext, type Step } from './run-context.js';
import { TraceRecorder } from './trace.js';

export interface LoadedFlow {
  flow: Flow;
  version: number;
  hash: string;
  loadedAt: number;
}

/** The flows a call runs on: taken once when the call enters, so reloads never touch it. */
export type FlowSnapshot = ReadonlyMap<string, LoadedFlow>;

export interface RunnerDeps {
  media: MediaServer;
  clock: Clock;
  log: Logger;
  events: EventBus;
  tts: TtsEngine;
  traces: TraceStore;
  services: IvrServices;
}

export interface RunInput {
  callId: string;
  channel: ChannelInfo;
  flow: string;
  flows: FlowSnapshot;
  /** Variables known before the IVR (from call handling); the caller's numbers are added. */
  variables?: Record<string, string>;
  /** Answer the channel first when it is not up yet (default true). */
  answer?: boolean;
}

/** A runaway graph that keeps moving without the caller (condition -> set -> condition) must stop. */
const MAX_STEPS = 500;

interface Frame {
  loaded: LoadedFlow;
  resume?: string;
}

/**
 * Runs one inbound call through its flow, node by node, on the media-server port. Returns where
 * the call left the IVR (`IvrResult`) with its variables, tags and stored trace.
 */
export class IvrRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(input: RunInput): Promise<IvrResult & { trace: CallTrace }> {
    const { clock, media, events } = this.deps;
    const first = input.flows.get(input.flow);
    if (!first) {
      return this.finishEarly(input, { kind: 'error', node: '', reason: `no IVR flow named "${input.flow}"` });
    }
    const call = new CallSession(this.deps, input);
    const trace = new TraceRecorder(input.callId, first.flow.name, first.version, clock.now());
    const stack: Frame[] = [{ loaded: first }];
    let nodeId = first.flow.start.id;
    let outcome: IvrOutcome | undefined;
    try {
      // A flow that starts at its queue node plays nothing before the queue: the queue entry answers
      // the caller right after the agent's originate (issue 19: the originate is the first command
      // after the queue decision). Answering here first cost a round trip before the decision.
      const startsAtQueue = first.flow.nodes.get(nodeId)?.kind === 'queue';
      if (input.answer !== false && !startsAtQueue && input.channel.state !== 'up') await media.answer(input.channel.id);
      for (let steps = 0; !outcome; steps++) {
        const frame = stack[stack.length - 1] as Frame;
        const flow = frame.loaded.flow;
        const node = flow.nodes.get(nodeId);
        if (!node) {
          outcome = { kind: 'error', node: nodeId, reason: `flow "${flow.name}" has no node "${nodeId}"` };
          break;
        }
        if (call.gone()) {
          outcome = { kind: 'abandoned', node: node.id };
          break;
        }
        if (steps >= MAX_STEPS) {
          outcome = { kind: 'error', node: node.id, reason: `the flow moved ${MAX_STEPS} times without ending` };
          break;
        }
        trace.enter(flow.name, node.id, node.kind, clock.now());
        events.publish({ type: 'ivr.node_entered', at: clock.now(), scope: {}, callId: input.callId, flow: flow.name, node: node.id });
        const step = await this.step(call.contextFor(flow, trace), node.id, flow);
        const next = this.follow(step, stack, input.flows, (r) => trace.leave(clock.now(), r));
        if ('outcome' in next) outcome = next.outcome;
        else nodeId = next.node;
      }
    } catch (err) {
      const gone = call.gone() || isAppError(err, 'CHANNEL_GONE');
      if (!gone) this.deps.log.error({ err: String(err), callId: input.callId, node: nodeId }, 'IVR node failed');
      outcome = gone ? { kind: 'abandoned', node: nodeId } : { kind: 'error', node: nodeId, reason: String(err) };
    } finally {
      call.close();
    }
    const exitNode = 'node' in outcome ? outcome.node : nodeId;
    const done = trace.finish(clock.now(), outcome.kind, exitNode, call.vars);
    // The daemon's store writes behind the call (ivr/write-behind-traces.ts); this returns at once there.
    await this.deps.traces.saveTrace(done).catch((err: unknown) => this.deps.log.error({ err: String(err), callId: input.callId }, 'could not store IVR trace'));
    const message = outcome.kind === 'message' ? { messageId: outcome.messageId } : {};
    events.publish({ type: 'ivr.finished', at: clock.now(), scope: {}, callId: input.callId, flow: first.flow.name, exit: outcome.kind, ...message });
    return { ...outcome, flow: first.flow.name, version: first.version, variables: { ...call.vars }, tags: [...call.tags], trace: done };
  }

  private async step(ctx: RunContext, nodeId: string, flow: Flow): Promise<Step> {
    const node = flow.nodes.get(nodeId);
    if (!node) throw new Error(`no node ${nodeId}`);
    return defOf(node.kind).run(node, ctx);
  }

  private follow(step: Step, stack: Frame[], flows: FlowSnapshot, leave: (result: string | null) => void): { node: string } | { outcome: IvrOutcome } {
    if ('next' in step) {
      leave(step.result ?? null);
      return { node: step.next };
    }
    if ('outcome' in step) {
      leave(step.result ?? step.outcome.kind);
      return { outcome: step.outcome };
    }
    if ('enterFlow' in step) {
      const sub = flows.get(step.enterFlow);
      leave(`sub-flow ${step.enterFlow}`);
      if (!sub) return { outcome: { kind: 'error', node: '', reason: `no sub-flow named "${step.enterFlow}"` } };
      if (stack.some((f) => f.loaded.flow.name === sub.flow.name)) {
        return { outcome: { kind: 'error', node: '', reason: `sub-flow "${sub.flow.name}" is already running for this call` } };
      }
      const top = stack[stack.length - 1] as Frame;
      if (step.resume !== undefined) top.resume = step.resume;
      else delete top.resume;
      stack.push({ loaded: sub });
      return { node: sub.flow.start.id };
    }
    leave('return');
    stack.pop();
    const parent = stack[stack.length - 1];
    if (!parent) return { outcome: { kind: 'hangup' } };
    if (parent.resume === undefined) return { outcome: { kind: 'error', node: '', reason: 'a sub-flow returned to a node with no "next"' } };
    return { node: parent.resume };
  }

  private async finishEarly(input: RunInput, outcome: IvrOutcome): Promise<IvrResult & { trace: CallTrace }> {
    const trace = new TraceRecorder(input.callId, input.flow, 0, this.deps.clock.now()).finish(this.deps.clock.now(), outcome.kind, null, {});
    // The caller goes on without the trace; a store that refuses it is an error to see.
    await tolerateGone(this.deps.log, { what: 'save the IVR trace', callId: input.callId, flow: input.flow }, () => this.deps.traces.saveTrace(trace), { level: 'error' });
    return { ...outcome, flow: input.flow, version: 0, variables: { ...(input.variables ?? {}) }, tags: [], trace };
  }
}

/** Per-call plumbing: the channel's events, media helpers and the variables the nodes share. */
class CallSession {
  readonly vars: Record<string, string>;
  readonly tags = new Set<string>();
  private isGone = false;
  private readonly digitListeners = new Set<(d: string) => void>();
  private readonly finishedRecordings = new Map<string, { durationMs?: number }>();
  private readonly recordingWaiters = new Map<string, (r: { durationMs?: number }) => void>();
  private readonly unsubscribe: () => void;
  private trace: TraceRecorder | undefined;

  constructor(
    private readonly deps: RunnerDeps,
    private readonly input: RunInput,
  ) {
    const ch = input.channel;
    this.vars = { ...(input.variables ?? {}), caller_number: ch.callerNumber, caller_name: ch.callerName, dialed_number: ch.dialedNumber };
    this.unsubscribe = deps.media.onEvent((e) => this.onPbxEvent(e));
  }

  private onPbxEvent(e: PbxEvent): void {
    if (e.type === 'channel.hangup' && e.channelId === this.input.channel.id) {
      this.isGone = true;
      for (const [id, resolve] of this.recordingWaiters) {
        this.recordingWaiters.delete(id);
        resolve({});
      }
    } else if (e.type === 'channel.dtmf' && e.channelId === this.input.channel.id) {
      for (const l of [...this.digitListeners]) l(e.digit);
    } else if (e.type === 'recording.finished') {
      const r = e.durationMs !== undefined ? { durationMs: e.durationMs } : {};
      const waiter = this.recordingWaiters.get(e.recordingId);
      if (waiter) {
        this.recordingWaiters.delete(e.recordingId);
        waiter(r);
      } else this.finishedRecordings.set(e.recordingId, r);
    }
  }

  gone(): boolean {
    return this.isGone;
  }

  close(): void {
    this.unsubscribe();
    this.digitListeners.clear();
  }

  contextFor(flow: Flow, trace: TraceRecorder): RunContext {
    this.trace = trace;
    const { media, clock, log, services } = this.deps;
    const channel = this.input.channel;
    return {
      callId: this.input.callId,
      channel,
      media,
      clock,
      log,
      flow,
      services,
      vars: this.vars,
      tags: this.tags,
      gone: () => this.isGone,
      resolve: (p) => this.resolve(p),
      play: (p, interrupt) => this.play(p, interrupt),
      collect: async (options) => {
        // Every prompt may have been skipped (TTS down): an empty list is "no prompt" to every adapter.
        const { prompt, ...rest } = options;
        try {
          return await media.collectDigits(channel.id, prompt && prompt.length > 0 ? { ...rest, prompt } : rest);
        } catch (err) {
          if (isAppError(err, 'CHANNEL_GONE')) return { digits: '', reason: 'gone' } satisfies CollectResult;
          throw err;
        }
      },
      pressed: (d) => this.trace?.pressed(d),
      onDigit: (l) => {
        this.digitListeners.add(l);
        return () => this.digitListeners.delete(l);
      },
      recordingFinished: (id) => {
        const seen = this.finishedRecordings.get(id);
        if (seen) return Promise.resolve(seen);
        if (this.isGone) return Promise.resolve({});
        return new Promise((resolve) => this.recordingWaiters.set(id, resolve));
      },
    };
  }

  private async play(prompts: PromptSpec[], interruptDigits?: string): Promise<PlayOutcome> {
    const media = await this.resolve(prompts);
    if (media.length === 0) return { reason: 'finished' };
    try {
      const playback = await this.deps.media.play(this.input.channel.id, media, interruptDigits ? { interruptDigits } : {});
      return await playback.done;
    } catch (err) {
      if (isAppError(err, 'CHANNEL_GONE')) return { reason: 'gone' };
      throw err;
    }
  }

  private async resolve(prompts: PromptSpec[]): Promise<MediaRef[]> {
    const out: MediaRef[] = [];
    for (const p of prompts) {
      if ('say' in p) {
        const text = interpolate(p.say, this.vars);
        try {
          out.push({ kind: 'file', path: await this.deps.tts.synthesize(text) });
        } catch (err) {
          // A missing prompt is better than a dropped call: the menu still takes keys.
          this.deps.log.error({ err: String(err), text }, 'text to speech failed; prompt skipped');
        }
      } else if ('sound' in p) out.push({ kind: 'sound', name: p.sound });
      else if ('file' in p) out.push({ kind: 'file', path: `${this.deps.services.flowsDir}/${p.file}`.replace(/\.wav$/i, '') });
      else out.push({ kind: 'silence', ms: p.silenceMs });
    }
    return out;
  }
}

/**
 * Shared plumbing of the media-server contract suite: the per-test harness and event log, and
 * the few call set-ups every part needs (an answered caller, an answered agent leg, both bridged).
 */
import { expect } from 'vitest';
import { isAppError, type ErrorCode } from '../../src/core/errors.js';
import type { ChannelInfo, PbxEvent } from '../../src/pbx/port.js';
import type { EventLog, InboundCallSpec, PbxHarness, PbxHarnessCapabilities } from './harness.js';

export interface ContractContext {
  readonly caps: PbxHarnessCapabilities;
  /** The harness of the running test. */
  h(): PbxHarness;
  /** Every event of the running test's server. */
  log(): EventLog;
}

let specSeq = 0;

/** A distinct caller per call so tests never confuse two calls. */
export function callerSpec(extra: Partial<InboundCallSpec> = {}): InboundCallSpec {
  specSeq += 1;
  return { from: `+1555010${String(specSeq).padStart(4, '0')}`, to: '+15559990000', ...extra };
}

export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  let error: unknown;
  try {
    await promise;
  } catch (err) {
    error = err;
  }
  expect(error, `expected ${code}, but the operation succeeded`).toBeDefined();
  expect(isAppError(error) ? error.code : error).toBe(code);
}

export async function answeredCaller(ctx: ContractContext, spec = callerSpec()): Promise<string> {
  const id = await ctx.h().placeInboundCall(spec);
  await ctx.h().server.answer(id);
  await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
  return id;
}

/** Originates a leg to a phone that answers at once and waits for channel.answered. */
export async function answeredLeg(ctx: ContractContext, phone: string): Promise<string> {
  const h = ctx.h();
  await h.setPhoneBehaviour(phone, 'answer');
  const id = await h.server.originate({ endpoint: { kind: 'phone', name: phone }, timeoutMs: 30_000 });
  await ctx.log().waitFor('channel.answered', (e) => e.channelId === id);
  return id;
}

export interface BridgedCall {
  caller: string;
  agent: string;
  bridge: string;
}

/** An answered caller and an answered agent leg talking in a mixing bridge. */
export async function bridgedCall(ctx: ContractContext): Promise<BridgedCall> {
  const caller = await answeredCaller(ctx);
  const agent = await answeredLeg(ctx, ctx.h().phones[0]);
  const bridge = await ctx.h().server.createBridge('mixing');
  await ctx.h().server.addToBridge(bridge, caller);
  await ctx.h().server.addToBridge(bridge, agent);
  return { caller, agent, bridge };
}

export async function channelOf(ctx: ContractContext, id: string): Promise<ChannelInfo | undefined> {
  const snap = await ctx.h().server.snapshot();
  return snap.channels.find((c) => c.id === id);
}

/** Runs `op` while time passes until it settles; works on FakeClock and on real time alike. */
export async function settleWith<T>(ctx: ContractContext, op: Promise<T>, ms: number): Promise<T> {
  await ctx.h().passTime(ms);
  return op;
}

/** True if the promise has settled by now (only meaningful with a FakeClock harness). */
export function tracker<T>(promise: Promise<T>): { settled: () => boolean; promise: Promise<T> } {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  return { settled: () => done, promise };
}

export function hangupsOf(log: EventLog, id: string): Extract<PbxEvent, { type: 'channel.hangup' }>[] {
  return log.ofType('channel.hangup').filter((e) => e.channelId === id);
}

/** Header lookup ignoring case: SIP header names are case-insensitive. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : headers[key];
}

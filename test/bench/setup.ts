/**
 * Call set-up through the real adapters, as the PBX sees it on the wire (issue 19, goal 0): from
 * the inbound channel's arrival (the fake sends StasisStart / FreeSWITCH's outbound socket
 * connects) to the agent leg's originate request (POST /ari/channels, `bgapi originate`), for N
 * calls one after another into a flow that is a single queue node with one idle agent. The fakes
 * answer at once, so this is the daemon's own command-to-command time (plus loopback I/O).
 *
 * Also reported: the commands each call sent in order, and how many calls had the originate as
 * the first command after the queue decision (goal: all). Run once with the in-memory store and
 * once with every store write taking 20 ms: persistence must not move the originate.
 *
 * There is no peer in this run: no other controller drives these fakes. The figures of real
 * servers in /work/shared/pbx-transcripts/latency-facts.md are printed as a reference only.
 * Prints, never asserts.
 */
import { existsSync, symlinkSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallRecord, CallLeg, CallTransition } from '../../src/calls/call-model.js';
import type { CallStore } from '../../src/calls/ports.js';
import type { RecordingRow, RecordingStore } from '../../src/recording/ports.js';
import { CALLER, DID_SALES } from '../e2e/calls/call-world.js';
import { kindOf, shapeOf } from './setup-wire.js';
import type { SetupAdapter, SetupWorld } from './setup-world.js';

const CALLS = Number(process.env.SETUP_BENCH_CALLS ?? 200);
const WARMUP = 20;
const SLOW_WRITE_MS = 20;

interface CallSample {
  /** Arrival on the wire -> originate on the wire. */
  setupMs: number;
  /** Arrival -> the IVR handed the caller to the queue (in the daemon). */
  decisionMs: number;
  /** The queue decision -> originate on the wire. */
  decisionToOriginateMs: number;
  originateFirstAfterDecision: boolean;
  /** Caller answer / bridge / music commands sent before the originate (any, also the IVR's). */
  callerMediaBeforeOriginate: number;
  sequence: string[];
}

export interface SetupRow {
  adapter: SetupAdapter;
  variant: SetupVariant;
  calls: number;
  setup: Percentiles;
  decision: Percentiles;
  decisionToOriginate: Percentiles;
  originateFirst: number;
  callerMediaBeforeOriginate: number;
  /** The most common set-up command sequence and how many calls sent exactly it. */
  commonSequence: string[];
  commonCount: number;
  distinctSequences: number;
}

interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** Every write of call handling held for `ms` of real time, as a slow database would. */
function slowStore(ms: number): CallStore & RecordingStore {
  const wait = (): Promise<void> => new Promise((r) => setTimeout(r, ms));
  return {
    saveCall: async (_r: CallRecord) => wait(),
    saveLeg: async (_l: CallLeg) => wait(),
    appendTransition: async (_t: CallTransition) => wait(),
    saveRecording: async (_r: RecordingRow) => wait(),
  };
}

async function oneCall(sw: SetupWorld): Promise<CallSample> {
  const { w, wire, decisions } = sw;
  const mark = wire.length;
  const decided = decisions.length;
  const arrival = performance.now();
  const caller = await w.h.placeInboundCall({ from: CALLER, to: DID_SALES });
  await w.settle();
  const callId = w.callIdOf(caller);
  for (let i = 0; i < 40 && w.calls.control.view(callId)?.state !== 'connected'; i++) await w.settle(250);
  if (w.calls.control.view(callId)?.state !== 'connected') throw new Error(`call ${callId} did not connect to the agent`);
  const setup = wire.slice(mark);
  await w.h.farEndHangup(caller);
  for (let i = 0; i < 40 && sw.acd.agentSnapshot('a1').state !== 'available'; i++) await w.settle(250);
  if (sw.acd.agentSnapshot('a1').state !== 'available') throw new Error('the agent did not become available again');
  // The clean-up (bridges destroyed, agent leg hung up) is done before the next call arrives.
  for (let i = 0; i < 40 && (w.calls.service.activeCalls().length > 0 || ((await w.h.liveChannels?.()) ?? []).length > 0); i++) await w.settle(250);
  await w.settle();

  const decisionAt = decisions[decided];
  const originate = setup.find((c) => kindOf(c.line) === 'originate');
  if (decisionAt === undefined || !originate) throw new Error(`call ${callId}: no queue decision or no originate on the wire`);
  const originateIndex = setup.indexOf(originate);
  const firstAfter = setup.find((c) => c.at >= decisionAt);
  return {
    setupMs: originate.at - arrival,
    decisionMs: decisionAt - arrival,
    decisionToOriginateMs: originate.at - decisionAt,
    originateFirstAfterDecision: firstAfter === originate,
    callerMediaBeforeOriginate: setup.slice(0, originateIndex).filter((c) => kindOf(c.line) !== 'originate' && kindOf(c.line) !== 'other').length,
    sequence: setup.map((c) => (c === firstAfter ? '| ' : '') + shapeOf(c.line, caller)),
  };
}

/**
 * The fakes read the recorded frames from test/fixtures relative to themselves: built into dist/,
 * they find them through a link (as the faults runner makes it). Loaded only after the link exists.
 */
async function setupWorld(): Promise<typeof import('./setup-world.js')> {
  const here = dirname(fileURLToPath(import.meta.url));
  const fixtures = resolve(here, '../fixtures');
  const source = resolve(here, '../../../test/fixtures');
  if (!existsSync(fixtures) && existsSync(join(source, 'asterisk'))) symlinkSync(source, fixtures, 'dir');
  return import('./setup-world.js');
}

/** memory: the store in memory; slow: every store write held for a while. */
export type SetupVariant = 'memory' | 'slow';

const VARIANT_NAMES: Record<SetupVariant, string> = {
  memory: 'store in memory',
  slow: `every store write ${SLOW_WRITE_MS} ms`,
};

export async function measureSetup(adapter: SetupAdapter, variant: SetupVariant): Promise<SetupRow> {
  const { makeSetupWorld } = await setupWorld();
  const sw = await makeSetupWorld(adapter, {
    ...(variant === 'slow' ? { alsoStore: slowStore(SLOW_WRITE_MS) } : {}),
  });
  try {
    for (let i = 0; i < WARMUP; i++) await oneCall(sw);
    const samples: CallSample[] = [];
    for (let i = 0; i < CALLS; i++) samples.push(await oneCall(sw));
    const bySequence = new Map<string, number>();
    for (const s of samples) bySequence.set(s.sequence.join('\n'), (bySequence.get(s.sequence.join('\n')) ?? 0) + 1);
    const [common, commonCount] = [...bySequence.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    return {
      adapter,
      variant,
      calls: samples.length,
      setup: percentiles(samples.map((s) => s.setupMs)),
      decision: percentiles(samples.map((s) => s.decisionMs)),
      decisionToOriginate: percentiles(samples.map((s) => s.decisionToOriginateMs)),
      originateFirst: samples.filter((s) => s.originateFirstAfterDecision).length,
      callerMediaBeforeOriginate: samples.filter((s) => s.callerMediaBeforeOriginate > 0).length,
      commonSequence: common.split('\n'),
      commonCount,
      distinctSequences: bySequence.size,
    };
  } finally {
    await sw.close();
  }
}

export async function runSetupBench(): Promise<void> {
  const ms = (n: number): string => n.toFixed(2).padStart(7);
  const trio = (p: Percentiles): string => `${ms(p.p50)} ${ms(p.p95)} ${ms(p.p99)}`;
  console.log(`Call set-up on the wire: ${CALLS} calls per row (after ${WARMUP} warm-up), one after another, flow = one queue node, one idle agent,`);
  console.log('real adapters against the fake Asterisk (ARI+AMI) and fake FreeSWITCH (ESL, outbound socket arrival), times in ms (p50 p95 p99)');
  console.log(`(load average now ${loadavg()[0]?.toFixed(1)} on ${cpus().length} cores: tails move with other processes on the machine)`);
  const rows: SetupRow[] = [];
  for (const adapter of ['asterisk', 'freeswitch'] as const) {
    for (const variant of ['memory', 'slow'] as const) rows.push(await measureSetup(adapter, variant));
  }
  for (const r of rows) {
    console.log(`\n  ${r.adapter}, ${VARIANT_NAMES[r.variant]}`);
    console.log(`    arrival -> originate on the wire     ${trio(r.setup)}`);
    console.log(`      arrival -> queue decision (daemon) ${trio(r.decision)}`);
    console.log(`      queue decision -> originate        ${trio(r.decisionToOriginate)}   (goal: nothing awaited in between)`);
    console.log(`    originate first command after the queue decision: ${r.originateFirst}/${r.calls}   (goal: ${r.calls}/${r.calls})`);
    console.log(`    calls with a caller answer/bridge/music command before the originate: ${r.callerMediaBeforeOriginate}/${r.calls}   (goal: 0: a flow that starts at its queue node is answered after the originate)`);
    console.log(`    commands per call, '|' = first after the queue decision (${r.commonCount}/${r.calls} calls sent exactly this; ${r.distinctSequences} distinct):`);
    for (const line of r.commonSequence) console.log(`      ${line}`);
  }
  const delta = (adapter: SetupAdapter, variant: SetupVariant): string => {
    const m = rows.find((r) => r.adapter === adapter && r.variant === 'memory');
    const v = rows.find((r) => r.adapter === adapter && r.variant === variant);
    return m && v ? `${adapter} p50 ${(v.setup.p50 - m.setup.p50).toFixed(2)} ms, p95 ${(v.setup.p95 - m.setup.p95).toFixed(2)} ms` : '';
  };
  console.log(`\n  persistence cost on the originate (slow store minus memory): ${delta('asterisk', 'slow')}; ${delta('freeswitch', 'slow')}   (goal: ~0, far below ${SLOW_WRITE_MS} ms)`);
  console.log('  peers: none in this run (no other controller drives these fakes). Reference only, real servers, not this run');
  console.log('  (latency-facts.md): a minimal ARI controller, originate first, arrival -> agent INVITE p50 2.3 ms / p95 3.3 ms, of which');
  console.log("  ~1 ms is Asterisk's own originate path; each awaited REST call before the originate costs ~1 ms.");
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runSetupBench();
}

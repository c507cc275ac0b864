/**
 * ESL events per second: our parser against the `esl` and `modesl` npm packages, side by side in
 * one run, over the same recorded FreeSWITCH byte streams (test/fixtures/freeswitch/call-flow,
 * real 1.10.12 captures), plain and json, delivered in the same 64 KiB chunks a socket would give.
 *
 * Every parser does the full job it does in production: frame the stream and turn each event into
 * a header map (ours also URL-decodes plain values, which `esl` skips). Peers are driven through
 * their own socket-facing entry points with an in-memory socket, never over TCP, so only parsing
 * is measured.
 */
import { EventEmitter } from 'node:events';
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EslParser } from '../../src/pbx/freeswitch/esl-parser.js';
import { eventOfFrame } from '../../src/pbx/freeswitch/esl-event.js';

const CHUNK = 64 * 1024;
const TARGET_BYTES = 24 * 1024 * 1024;
const ROUNDS = 5;

type Runner = (chunks: readonly Buffer[]) => number;

class MemorySocket extends EventEmitter {
  setKeepAlive(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  write(): boolean {
    return true;
  }
  end(): this {
    return this;
  }
}

/** What the adapter does with every event: name and channel, the rest decoded only on demand. */
const oursDispatch: Runner = (chunks) => {
  let events = 0;
  const parser = new EslParser((frame) => {
    const event = eventOfFrame(frame);
    if (event && event.get('Unique-ID') !== '') events++;
  });
  for (const chunk of chunks) parser.push(chunk);
  return events;
};

/** Like the peers: every header of every event decoded into a map. */
const oursFull: Runner = (chunks) => {
  let events = 0;
  const parser = new EslParser((frame) => {
    const event = eventOfFrame(frame);
    if (event && event.headers['Event-Name'] !== undefined) events++;
  });
  for (const chunk of chunks) parser.push(chunk);
  return events;
};

function peers(): { esl: Runner; modesl: Runner } {
  const require = createRequire(import.meta.url);
  const eslModule = require('esl') as { FreeSwitchResponse: new (socket: unknown, logger: unknown) => { stats: { events: bigint } } };
  const ModeslParser = require('modesl/lib/esl/Parser.js') as new (socket: unknown) => EventEmitter;
  const quietLogger = { debug() {}, info() {}, error() {} };
  const esl: Runner = (chunks) => {
    const socket = new MemorySocket();
    const response = new eslModule.FreeSwitchResponse(socket, quietLogger);
    for (const chunk of chunks) socket.emit('data', chunk);
    return Number(response.stats.events);
  };
  const modesl: Runner = (chunks) => {
    const socket = new MemorySocket();
    const parser = new ModeslParser(socket);
    let events = 0;
    parser.on('esl::event', (_event: unknown, headers: Record<string, string>) => {
      if (headers['Content-Type']?.startsWith('text/event-')) events++;
    });
    for (const chunk of chunks) socket.emit('data', chunk);
    return events;
  };
  return { esl, modesl };
}

function fixturesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  // Runs from test/bench/ (tsx, vitest) and from dist/test/bench/ (npm run bench).
  for (const up of ['../..', '../../..']) {
    const dir = resolve(here, up, 'test/fixtures/freeswitch/call-flow');
    if (existsSync(dir)) return dir;
  }
  throw new Error('test/fixtures/freeswitch/call-flow not found');
}

function stream(format: 'plain' | 'json'): Buffer[] {
  const one = readFileSync(join(fixturesDir(), `events.${format}.txt`));
  const copies = Math.max(1, Math.round(TARGET_BYTES / one.length));
  const all = Buffer.concat(Array.from({ length: copies }, () => one));
  const chunks: Buffer[] = [];
  for (let i = 0; i < all.length; i += CHUNK) chunks.push(all.subarray(i, i + CHUNK));
  return chunks;
}

function measure(run: Runner, chunks: readonly Buffer[]): { eventsPerSecond: number; events: number } {
  run(chunks.slice(0, 8)); // warm the JIT on a little of the stream
  let best = 0;
  let events = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const start = process.hrtime.bigint();
    events = run(chunks);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, events / seconds);
  }
  return { eventsPerSecond: best, events };
}

export interface EslBenchRow {
  format: 'plain' | 'json';
  /** Dispatch path: frame + name + Unique-ID, other headers lazily. */
  ours: number;
  /** Every header decoded, as the peers do. */
  oursFull: number;
  esl: number;
  modesl: number;
  ratioToFasterPeer: number;
  fullRatioToFasterPeer: number;
}

export async function runEslBench(): Promise<void> {
  const rows = await measureEslBench();
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(11);
  console.log('ESL parsing, events/s (best of %d runs over ~%d MiB in %d KiB chunks)', ROUNDS, TARGET_BYTES >> 20, CHUNK >> 10);
  console.log('format  ours(dispatch)  ours(full map)         esl      modesl   dispatch/faster peer   full/faster peer');
  for (const r of rows) {
    console.log(
      `${r.format.padEnd(6)}   ${fmt(r.ours)}     ${fmt(r.oursFull)} ${fmt(r.esl)} ${fmt(r.modesl)}   ${r.ratioToFasterPeer.toFixed(2).padStart(8)}x ${r.fullRatioToFasterPeer.toFixed(2).padStart(17)}x`,
    );
  }
  console.log('dispatch = frame + Event-Name + Unique-ID with the rest decoded on demand (what the adapter does);');
  console.log('full map = every header decoded (ours URL-decodes plain values; esl leaves them encoded).');
}

export async function measureEslBench(): Promise<EslBenchRow[]> {
  const { esl, modesl } = peers();
  const rows: EslBenchRow[] = [];
  for (const format of ['plain', 'json'] as const) {
    const chunks = stream(format);
    const a = measure(oursDispatch, chunks);
    const full = measure(oursFull, chunks);
    const b = measure(esl, chunks);
    const c = measure(modesl, chunks);
    if (a.events !== b.events || a.events !== c.events || full.events !== a.events) {
      throw new Error(`parsers disagree on the ${format} event count: ours ${a.events}, esl ${b.events}, modesl ${c.events}`);
    }
    const faster = Math.max(b.eventsPerSecond, c.eventsPerSecond);
    rows.push({
      format,
      ours: a.eventsPerSecond,
      oursFull: full.eventsPerSecond,
      fullRatioToFasterPeer: full.eventsPerSecond / faster,
      esl: b.eventsPerSecond,
      modesl: c.eventsPerSecond,
      ratioToFasterPeer: a.eventsPerSecond / faster,
    });
  }
  await Promise.resolve();
  return rows;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runEslBench();
}

/**
 * Authentication cost (issue 19 item 2): an authenticated cheap GET (/api/auth/me, through the
 * global auth hook and the session cache) against a bare fastify route of the same shape (same
 * path, body and response schema, no hooks, no plugins) in the same run, and the same
 * authenticated GET with the cache off (SWITCHBOARD_SESSION_RECHECK_SECONDS=0: the database is read
 * on every request, as before the cache). The load comes from a separate process of keep-alive
 * node:http clients, so it does not share the server's event loop. Prints, never asserts.
 *
 *   npm run bench -- auth
 */
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { defaultConfig } from '../../src/config.js';
import { principalSchema } from '../../src/api/http/auth/auth-schemas.js';
import { startBenchDaemon } from './fixture.js';

const CONCURRENCY = 32;
const WARMUP_MS = 1_000;
const MEASURE_MS = Number(process.env.AUTH_BENCH_SECONDS ?? 5) * 1000;
const GOAL_RATIO = 0.5;
const ROUNDS = Number(process.env.AUTH_BENCH_ROUNDS ?? 3);
const loadPath = fileURLToPath(new URL('./http-load.js', import.meta.url));

interface Result {
  ok: number;
  failed: number;
  hist: [number, number][];
  bucketUs: number;
  cpuMs: number;
}

function load(url: string, headers: Record<string, string>, ms: number): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(loadPath, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (m) => resolve(m as Result));
    child.once('error', reject);
    child.send({ url, headers, concurrency: CONCURRENCY, ms });
  });
}

interface Measured {
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
  /** Server CPU (this process) per answered request, µs: robust when other work shares the cores. */
  cpuUs: number;
}

async function measure(url: string, headers: Record<string, string>): Promise<Measured> {
  await load(url, headers, WARMUP_MS);
  const cpu0 = process.cpuUsage();
  const r = await load(url, headers, MEASURE_MS);
  const cpu = process.cpuUsage(cpu0);
  const sorted = r.hist.sort((a, b) => a[0] - b[0]);
  const total = sorted.reduce((s, [, n]) => s + n, 0);
  const at = (p: number) => {
    let seen = 0;
    for (const [b, n] of sorted) if ((seen += n) >= p * total) return (b * r.bucketUs) / 1000;
    return Number.NaN;
  };
  return { perSecond: r.ok / (MEASURE_MS / 1000), p50: at(0.5), p99: at(0.99), failed: r.failed, cpuUs: (cpu.user + cpu.system) / Math.max(1, r.ok) };
}

/** The round with the median throughput. */
function median(runs: Measured[]): Measured {
  return [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(runs.length / 2)] as Measured;
}

const row = (label: string, m: Measured, extra = '') =>
  console.log(
    `  ${label.padEnd(50)} ${Math.round(m.perSecond).toLocaleString('en-US').padStart(6)} req/s  p50 ${m.p50.toFixed(2)} ms  p99 ${m.p99.toFixed(2)} ms  server CPU ${m.cpuUs.toFixed(0).padStart(4)} µs/req${m.failed ? `  ${m.failed} not 200` : ''}${extra}`,
  );

export async function runAuthBench(): Promise<void> {
  console.log(
    `GET /api/auth/me, ${CONCURRENCY} keep-alive requests in flight from 1 load process (node:http), ${WARMUP_MS / 1000} s warm-up then ${MEASURE_MS / 1000} s per target and round, rounds interleaved; servers in this process on the embedded database. Machine: ${availableParallelism()} cores, load average ${loadavg()[0]?.toFixed(1)}.`,
  );
  const cached = await startBenchDaemon({ agents: 0, supervisors: 1 });
  const uncached = await startBenchDaemon({ agents: 0, supervisors: 1 }, { session: { ...defaultConfig().session, recheckMs: 0 } });
  const bare = Fastify({ logger: false });
  try {
    const s = cached.supervisors[0];
    const u = uncached.supervisors[0];
    if (!s || !u) throw new Error('no session');
    const body: unknown = await fetch(`${cached.url}/api/auth/me`, { headers: { authorization: `Bearer ${s.token}` } }).then((r) => r.json());
    bare.get('/api/auth/me', { schema: { response: { 200: principalSchema } } }, async () => body);
    await bare.listen({ host: '127.0.0.1', port: 0 });
    const addr = bare.server.address();
    const bareUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/api/auth/me`;

    // Rounds interleaved so that other work on the machine weighs on each target alike.
    const runs: Record<'bare' | 'cached' | 'uncached', Measured[]> = { bare: [], cached: [], uncached: [] };
    for (let round = 0; round < ROUNDS; round++) {
      runs.bare.push(await measure(bareUrl, { authorization: `Bearer ${s.token}` }));
      runs.cached.push(await measure(`${cached.url}/api/auth/me`, { authorization: `Bearer ${s.token}` }));
      runs.uncached.push(await measure(`${uncached.url}/api/auth/me`, { authorization: `Bearer ${u.token}` }));
    }
    const b = median(runs.bare);
    const c = median(runs.cached);
    const n = median(runs.uncached);
    const ratio = c.perSecond / b.perSecond;
    const cpuRatio = b.cpuUs / c.cpuUs;
    row('bare fastify route (same body and schema)', b);
    row(`authenticated, session cache (re-check ${defaultConfig().session.recheckMs / 1000} s)`, c);
    row('authenticated, no cache (re-check 0: as before)', n);
    console.log(`  authenticated with the cache vs bare: throughput ${ratio.toFixed(2)}x, requests per server CPU-second ${cpuRatio.toFixed(2)}x   goal >= ${GOAL_RATIO}x   ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'} (throughput), ${cpuRatio >= GOAL_RATIO ? 'met' : 'NOT met'} (CPU)`);
    console.log(`  without the cache: throughput ${(n.perSecond / b.perSecond).toFixed(2)}x bare, CPU ${(b.cpuUs / n.cpuUs).toFixed(2)}x   (medians of ${ROUNDS} interleaved rounds)`);
  } finally {
    await bare.close();
    await cached.close();
    await uncached.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runAuthBench();

/**
 * `npm run faults [-- --adapter asterisk|freeswitch|both] [--size full|ci] [--seed N]`: the fault
 * harness (harness.ts) once per adapter, printed as one table per run with each figure next to its
 * goal. Exits 1 when a goal of 0 is missed (a dropped call, an orphan, a ghost, a changed queue
 * order, an agent in a wrong state, an offer delivered twice, an unadoptable call not ended
 * clearly; on PostgreSQL also a record not stored after the database came back, a crash, a
 * /healthz that did not say the database was down, or was not ok again). The time goals are printed, met or not, without failing the run: they depend on the
 * machine.
 */
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HEADER, rowLine, runFaults, type FaultResult } from './harness.js';
import type { Adapter } from './pbx-control.js';

export const SIZES = { full: { calls: 100, kills: 20, dbOutageMs: 10_000 }, ci: { calls: 12, kills: 3, dbOutageMs: 3_000 } } as const;
export const GOALS = { readoptMs: 3_000, servingMs: 3_000, reconnectMs: 5_000, dbBackMs: 5_000, takeoverMs: 5_000 };

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Verdict {
  failures: string[];
  lines: string[];
}

/** The table of one run and its verdict against the goals. */
export function judge(r: FaultResult): Verdict {
  const lines = [`\n## ${r.adapter} (${r.database})`, HEADER, ...r.rows.map(rowLine)];
  const failures: string[] = [];
  const sum = (k: 'dropped' | 'orphans' | 'ghosts' | 'orderChanged' | 'wrongAgents' | 'doubleOffers' | 'recordsLost' | 'crashed' | 'healthWrong') => r.rows.reduce((n, row) => n + (row[k] ?? 0), 0);
  const max = (k: 'servingMs' | 'readoptMs' | 'reconnectMs', rows = r.rows) => Math.max(0, ...rows.map((row) => row[k] ?? 0));
  const dbRows = r.rows.filter((row) => row.fault.startsWith('PostgreSQL'));
  const takeovers = r.rows.filter((row) => row.fault.startsWith('standby takeover') && !row.skipped);
  const pbxRows = r.rows.filter((row) => !row.fault.startsWith('PostgreSQL') && !takeovers.includes(row));
  const restarts = r.rows.filter((row) => !takeovers.includes(row));
  const dbRun = dbRows.some((row) => !row.skipped);
  lines.push('');
  const zero: [string, number][] = [
    ['calls dropped that should have survived', sum('dropped')],
    ['channels orphaned on the PBX', sum('orphans')],
    ['ghost calls in the daemon', sum('ghosts')],
    ['queue positions changed', sum('orderChanged')],
    ['agents in a wrong state', sum('wrongAgents')],
    ['offers delivered twice', sum('doubleOffers')],
    ...(dbRun
      ? ([
          ['records not stored after PostgreSQL was back', sum('recordsLost')],
          ['daemon crashes / uncaught exceptions', sum('crashed')],
          ['/healthz wrong about the database', sum('healthWrong')],
        ] as [string, number][])
      : []),
  ];
  for (const [what, n] of zero) {
    lines.push(`${what.padEnd(44)} ${String(n).padStart(6)}      goal 0        ${n === 0 ? 'met' : 'NOT met'}`);
    if (n > 0) failures.push(`${r.adapter}: ${what}: ${n}`);
  }
  const timed: [string, number, number][] = [
    ['start to serving /healthz (worst)', max('servingMs', restarts), GOALS.servingMs],
    ['start to every call re-adopted (worst)', max('readoptMs', restarts), GOALS.readoptMs],
    ['PBX back to reconnected (worst)', max('reconnectMs', pbxRows), GOALS.reconnectMs],
    ...(dbRun ? ([['PostgreSQL back to /healthz ok (worst)', max('reconnectMs', dbRows), GOALS.dbBackMs]] as [string, number, number][]) : []),
    ...(takeovers.length > 0
      ? ([
          ['standby: active killed to serving (worst)', max('servingMs', takeovers), GOALS.takeoverMs],
          ['standby: active killed to calls re-adopted', max('readoptMs', takeovers), GOALS.takeoverMs],
        ] as [string, number, number][])
      : []),
  ];
  for (const [what, ms, goal] of timed) lines.push(`${what.padEnd(44)} ${String(ms).padStart(6)} ms   goal < ${goal} ms  ${ms < goal ? 'met' : 'NOT met'}`);
  const u = r.unadoptable;
  lines.push(`${'call whose agent leg vanished while down'.padEnd(44)} ${u ? `${u.state}, outcome ${u.outcome ?? 'none'}, caller ${u.customerGone ? 'hung up' : 'still up'}` : 'not injected'}   goal: ended with an outcome  ${u?.ok ? 'met' : 'NOT met'}`);
  if (!u?.ok) failures.push(`${r.adapter}: the unadoptable call did not end clearly: ${JSON.stringify(u)}`);
  for (const row of r.rows) for (const n of row.notes) lines.push(`  note (${row.fault}): ${n}`);
  return { failures, lines };
}

/**
 * The built daemon and fake PBX under `dist` (npm run build). The compiled fakes read the recorded
 * frames from test/fixtures relative to themselves: dist/ gets a link to them rather than a copy.
 */
export function scriptPaths(dist = path.resolve(here, '../..')): { daemonCli: string; pbxScript: string } {
  const fixtures = path.join(dist, 'test', 'fixtures');
  if (!existsSync(fixtures)) symlinkSync(path.resolve(dist, '..', 'test', 'fixtures'), fixtures, 'dir');
  return { daemonCli: path.join(dist, 'src', 'cli', 'main.js'), pbxScript: path.join(dist, 'test', 'faults', 'fake-pbx-process.js') };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const size = SIZES[(arg('size') ?? 'full') as keyof typeof SIZES];
  if (!size) throw new Error('--size is full or ci');
  const which = arg('adapter') ?? 'both';
  const adapters: Adapter[] = which === 'both' ? ['asterisk', 'freeswitch'] : [which as Adapter];
  const seed = Number(arg('seed') ?? 15);
  console.log(`fault harness: ${size.calls} calls, ${size.kills} kills per adapter, seed ${seed}, database ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`);
  const failures: string[] = [];
  for (const adapter of adapters) {
    const started = Date.now();
    const result = await runFaults({ adapter, ...size, seed, ...scriptPaths(), log: (l) => console.log(`  ${l}`) });
    const verdict = judge(result);
    console.log(verdict.lines.join('\n'));
    console.log(`(${adapter}: ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0] ?? '?'} on ${availableParallelism()} cores)`);
    failures.push(...verdict.failures);
  }
  if (failures.length > 0) {
    console.log(`\nGoals missed:\n${failures.map((f) => `- ${f}`).join('\n')}`);
    process.exit(1);
  }
  console.log('\nEvery goal of 0 met.');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}

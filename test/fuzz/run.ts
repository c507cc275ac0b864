/**
 * `npm run fuzz`: every fuzz target of targets.ts for a time budget each, printing the inputs
 * tried per target and any failure with the seed and path to replay it.
 *
 *   npm run fuzz                                   all targets, 30 s each
 *   npm run fuzz -- --seconds 120                  or SWITCHBOARD_FUZZ_SECONDS=120
 *   npm run fuzz -- esl-parser ami-parser          some targets
 *   npm run fuzz -- esl-parser --seed 42 --path 3:1:0   replay one failure
 *
 * Exits 1 when any target failed. Bounded: each target stops at its budget (fast-check's
 * interruptAfterTimeLimit), and each input must finish within MAX_INPUT_MS.
 */
import fc from 'fast-check';
import { FUZZ_TARGETS, MAX_INPUT_MS } from './targets.js';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(option('seconds') ?? process.env.SWITCHBOARD_FUZZ_SECONDS ?? 30);
const replaySeed = option('seed');
const replayPath = option('path');
const valueOptions = new Set(['--seconds', '--seed', '--path']);
const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !valueOptions.has(all[i - 1] ?? ''));
const known = new Set(FUZZ_TARGETS.map((t) => t.name));
for (const name of wanted) {
  if (!known.has(name)) {
    console.error(`unknown fuzz target '${name}'; known: ${[...known].join(', ')}`);
    process.exit(2);
  }
}
if (!(seconds > 0)) {
  console.error('--seconds must be a positive number');
  process.exit(2);
}

console.log(`fuzzing ${wanted.length > 0 ? wanted.join(', ') : 'every target'}: ${seconds} s each, ${MAX_INPUT_MS} ms per input at most`);
console.log('target               inputs   time    result');
let failed = 0;
let total = 0;
for (const target of FUZZ_TARGETS) {
  if (wanted.length > 0 && !wanted.includes(target.name)) continue;
  await target.setup?.();
  const started = performance.now();
  const seed = replaySeed !== undefined ? Number(replaySeed) : Date.now() ^ (Math.random() * 0x7fffffff);
  try {
    const details = await fc.check(target.property(), {
      seed,
      ...(replayPath !== undefined ? { path: replayPath, numRuns: 1 } : { numRuns: Number.MAX_SAFE_INTEGER, interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false }),
    });
    const ms = Math.round(performance.now() - started);
    total += details.numRuns;
    const line = `${target.name.padEnd(20)} ${String(details.numRuns).padStart(7)} ${`${(ms / 1000).toFixed(1)} s`.padStart(7)}`;
    if (details.failed) {
      failed++;
      console.log(`${line}    FAILED`);
      console.log(`  replay: npm run fuzz -- ${target.name} --seed ${details.seed} --path ${details.counterexamplePath ?? ''}`);
      console.log(`  input: ${fc.stringify(details.counterexample).slice(0, 2000)}`);
      console.log(`  error: ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}`);
    } else {
      console.log(`${line}    ok (seed ${details.seed})`);
    }
  } finally {
    await target.teardown?.();
  }
}
console.log(`${total} inputs in all; ${failed === 0 ? 'no failures' : `${failed} target(s) failed`}`);
process.exit(failed === 0 ? 0 : 1);

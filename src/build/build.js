#!/usr/bin/env node
/* global process, URL */
// `npm run build`: compiles with tsc, bundles the browser app with Vite, then makes the embedded
// database template when sql/ or the PGlite version changed. With --if-stale (what `npm start`
// uses) tsc and Vite each run only when one of their sources is newer than their last build.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { distIsStale, STAMP } from './build-freshness.js';
import { buildWeb } from './build-web.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const ifStale = process.argv.includes('--if-stale');

if (!ifStale || distIsStale(root)) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const started = Date.now();
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  mkdirSync(path.join(root, 'dist'), { recursive: true });
  writeFileSync(path.join(root, STAMP), `${new Date().toISOString()}\n`);
  if (ifStale) process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s (sources changed since the last build).\n`);
}

try {
  await buildWeb(root, { ifStale, log: (line) => process.stderr.write(`${line}\n`) });
} catch (err) {
  process.stderr.write(`The web app did not build: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}

const { ensurePgliteTemplate } = await import(new URL('../../dist/src/store/pglite-template.js', import.meta.url).href);
const made = await ensurePgliteTemplate();
if (made) process.stderr.write(`Made the embedded database template (${made}).\n`);

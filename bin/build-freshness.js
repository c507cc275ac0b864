/* global process */
// Whether dist/ is older than the sources it is built from, so `npm start` compiles only when
// something changed (tsc takes 10+ seconds on a small machine; the check takes milliseconds).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What tsconfig.build.json compiles, plus the files that change how it compiles. */
export const SOURCE_ROOTS = ['src', 'bench'];
export const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
export const STAMP = path.join('dist', '.build-stamp');

/**
 * Pure decision: dist is stale when it was never stamped or any source is newer than the stamp.
 * @param {number | undefined} stampMtimeMs
 * @param {number[]} sourceMtimesMs
 */
export function isStale(stampMtimeMs, sourceMtimesMs) {
  if (stampMtimeMs === undefined) return true;
  return sourceMtimesMs.some((m) => m > stampMtimeMs);
}

/** @param {string} dir @param {number[]} out */
function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(p, out);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) out.push(statSync(p).mtimeMs);
  }
}

/** @param {string} root */
export function distIsStale(root = process.cwd()) {
  /** @type {number[]} */
  const mtimes = [];
  for (const d of SOURCE_ROOTS) collect(path.join(root, d), mtimes);
  for (const f of SOURCE_FILES) {
    try {
      mtimes.push(statSync(path.join(root, f)).mtimeMs);
    } catch {
      // package-lock.json may be absent in an unpacked tarball: nothing to compare.
    }
  }
  let stamp;
  try {
    stamp = statSync(path.join(root, STAMP)).mtimeMs;
  } catch {
    stamp = undefined;
  }
  return isStale(stamp, mtimes);
}

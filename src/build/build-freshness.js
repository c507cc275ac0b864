/* global process */
// Whether dist/ is older than the sources it is built from, so `npm start` compiles only when
// something changed (tsc takes 10+ seconds on a small machine, a Vite build a few; the check takes
// milliseconds). Two builds, two stamps: the daemon (tsc) and the browser app (Vite).
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What tsconfig.build.json compiles, plus the files that change how it compiles. */
export const SOURCE_ROOTS = ['src', path.join('test', 'bench'), path.join('test', 'faults'), path.join('test', 'fakes'), path.join('test', 'fuzz')];
export const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
export const STAMP = path.join('dist', '.build-stamp');
/** The browser app lives in src/web; tsc leaves it out (it has its own tsconfig and Vite). */
const WEB_DIR = path.join('src', 'web');

/** What vite.web.config.ts bundles: all of src/web (every page is part of the one app). */
export const WEB_ROOTS = [WEB_DIR];
/**
 * Folders under WEB_ROOTS that are not bundled (none since the IVR page joined the app).
 * @type {string[]}
 */
export const WEB_SKIP = [];
export const WEB_FILES = ['vite.web.config.ts', 'vite.widget.config.ts', 'vite.sw.config.ts', path.join('src', 'build', 'app-icons.js'), path.join('src', 'build', 'precache.js'), 'package.json', 'package-lock.json'];
export const WEB_STAMP = path.join('dist', 'web', '.build-stamp');
const WEB_EXTENSIONS = ['.ts', '.tsx', '.css', '.html', '.svg', '.json'];

/**
 * Pure decision: dist is stale when it was never stamped or any source is newer than the stamp.
 * @param {number | undefined} stampMtimeMs
 * @param {number[]} sourceMtimesMs
 */
export function isStale(stampMtimeMs, sourceMtimesMs) {
  if (stampMtimeMs === undefined) return true;
  return sourceMtimesMs.some((m) => m > stampMtimeMs);
}

/**
 * @param {string} root @param {string} dir @param {number[]} out
 * @param {(name: string) => boolean} wanted @param {string[]} skip paths relative to root
 */
function collect(root, dir, out, wanted, skip) {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (skip.includes(rel)) continue;
    if (entry.isDirectory()) collect(root, rel, out, wanted, skip);
    else if (wanted(entry.name)) out.push(statSync(path.join(root, rel)).mtimeMs);
  }
}

/** @param {string} root @param {string[]} files @param {number[]} out */
function collectFiles(root, files, out) {
  for (const f of files) {
    try {
      out.push(statSync(path.join(root, f)).mtimeMs);
    } catch {
      // package-lock.json may be absent in an unpacked tarball: nothing to compare.
    }
  }
}

/** @param {string} file */
function mtimeOf(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** @param {string} root */
export function distIsStale(root = process.cwd()) {
  /** @type {number[]} */
  const mtimes = [];
  const serverTs = (/** @type {string} */ name) => name.endsWith('.ts') && !name.endsWith('.test.ts');
  for (const d of SOURCE_ROOTS) collect(root, d, mtimes, serverTs, [WEB_DIR]);
  collectFiles(root, SOURCE_FILES, mtimes);
  return isStale(mtimeOf(path.join(root, STAMP)), mtimes);
}

/** Whether dist/web is older than the browser app's sources. @param {string} root */
export function webIsStale(root = process.cwd()) {
  /** @type {number[]} */
  const mtimes = [];
  const webFile = (/** @type {string} */ name) => WEB_EXTENSIONS.some((e) => name.endsWith(e)) && !/\.test\.tsx?$/.test(name);
  for (const d of WEB_ROOTS) collect(root, d, mtimes, webFile, WEB_SKIP);
  collectFiles(root, WEB_FILES, mtimes);
  return isStale(mtimeOf(path.join(root, WEB_STAMP)), mtimes);
}

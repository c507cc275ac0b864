/* global process */
// Builds the browser app (vite.web.config.ts) into dist/web/app. Used by bin/build.js (`npm start`,
// `npm run build`) and by the tests' global setup, so a clean clone runs both without a manual step.
//
// The bundle is written to a private folder first and then put in place, so a daemon serving
// dist/web/app (or a second build running at the same time, e.g. two test runs) never sees a
// half-written app.
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { WEB_STAMP, webIsStale } from './build-freshness.js';

/**
 * @param {string} root the package root
 * @param {{ ifStale?: boolean, log?: (line: string) => void }} [options]
 * @returns {Promise<boolean>} whether a build ran
 */
export async function buildWeb(root, options = {}) {
  if (options.ifStale && !webIsStale(root)) return false;
  const started = Date.now();
  const { build } = await import('vite');
  const web = path.join(root, 'dist', 'web');
  const finalDir = path.join(web, 'app');
  const tmpDir = path.join(web, `.app-${process.pid}-${started}`);
  mkdirSync(web, { recursive: true });
  try {
    await build({ configFile: path.join(root, 'vite.web.config.ts'), build: { outDir: tmpDir } });
    const oldDir = path.join(web, `.old-${process.pid}-${started}`);
    if (existsSync(finalDir)) renameSync(finalDir, oldDir);
    renameSync(tmpDir, finalDir);
    rmSync(oldDir, { recursive: true, force: true });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
  writeFileSync(path.join(root, WEB_STAMP), `${new Date().toISOString()}\n`);
  options.log?.(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

/* global process */
// Builds the browser app (vite.web.config.ts) into dist/web/app and the chat widget a foreign web
// site embeds (vite.widget.config.ts) into dist/web/widget. Used by src/build/build.js (`npm start`,
// `npm run build`) and by the tests' global setup, so a clean clone runs both without a manual step.
//
// The bundle is written to a private folder first and then put in place, so a daemon serving
// dist/web/app (or a second build running at the same time, e.g. two test runs) never sees a
// half-written app.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { appIcons } from './app-icons.js';
import { WEB_STAMP, webIsStale } from './build-freshness.js';
import { precacheList, shellVersion } from './precache.js';

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
  mkdirSync(web, { recursive: true });
  await buildInto(build, path.join(root, 'vite.web.config.ts'), web, 'app', started, (dir) => addInstallableShell(build, root, dir));
  await buildInto(build, path.join(root, 'vite.widget.config.ts'), web, 'widget', started);
  writeFileSync(path.join(root, WEB_STAMP), `${new Date().toISOString()}\n`);
  options.log?.(`Built the web app in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

/**
 * One Vite build into dist/web/<name>, through a private folder put in place at the end.
 * @param {(config: object) => Promise<unknown>} build @param {string} configFile
 * @param {string} web @param {string} name @param {number} started
 * @param {(dir: string) => Promise<void>} [finish] more files into the private folder before it goes live
 */
async function buildInto(build, configFile, web, name, started, finish) {
  const finalDir = path.join(web, name);
  const tmpDir = path.join(web, `.${name}-${process.pid}-${started}`);
  try {
    await build({ configFile, build: { outDir: tmpDir } });
    await finish?.(tmpDir);
    const oldDir = path.join(web, `.old-${name}-${process.pid}-${started}`);
    if (existsSync(finalDir)) renameSync(finalDir, oldDir);
    renameSync(tmpDir, finalDir);
    rmSync(oldDir, { recursive: true, force: true });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

/**
 * What makes the app installable, added to the built app: the icons (drawn by app-icons.js) and
 * the service worker with the precache list of exactly these files and their digest as version
 * (precache.js). The manifest is the daemon's (src/api/http/web/web-manifest.ts): it is per language.
 * @param {(config: object) => Promise<unknown>} build @param {string} root @param {string} dir
 */
async function addInstallableShell(build, root, dir) {
  for (const [file, bytes] of Object.entries(appIcons())) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), bytes);
  }
  const files = listFiles(dir);
  const urls = precacheList(files, '/app/');
  const entries = urls.map((url) => ({ url, bytes: readFileSync(path.join(dir, url === '/app/' ? 'index.html' : url.slice('/app/'.length))) }));
  const version = shellVersion(entries);
  await build({
    configFile: path.join(root, 'vite.sw.config.ts'),
    define: { __PRECACHE__: JSON.stringify(urls), __SHELL_VERSION__: JSON.stringify(version) },
    build: { outDir: dir, emptyOutDir: false },
  });
}

/** Every file under dir, relative and `/`-separated. @param {string} dir @param {string} [prefix] @returns {string[]} */
function listFiles(dir, prefix = '') {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) => {
    const rel = prefix === '' ? e.name : `${prefix}/${e.name}`;
    return e.isDirectory() ? listFiles(dir, rel) : [rel];
  });
}

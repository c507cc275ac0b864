// What the service worker (src/web/pwa/sw.ts) keeps for offline use: the app shell the Vite build
// just wrote, and nothing else. Decided here, from the file names of dist/web/app, at build time;
// the worker gets the list and a version baked in (vite.sw.config.ts `define`), so a new build is a
// new worker file, the browser installs it and the old cache goes with the old version.
//
// Pure functions, unit-tested in test/unit/build/precache.test.ts.
import { createHash } from 'node:crypto';

/** File kinds that make up the shell: scripts, styles, fonts, images. Source maps are for developers. */
const SHELL_EXTENSIONS = ['.js', '.css', '.woff2', '.woff', '.ttf', '.svg', '.png', '.webp', '.ico'];

/**
 * The URLs to precache, sorted, from the paths (relative to the app's folder, `/`-separated) of the
 * built files. index.html is cached under the app's root URL (the daemon serves it for every page);
 * the worker itself, source maps, dot-files and anything outside assets/ and icons/ stay out.
 * @param {string[]} files e.g. ['index.html', 'assets/main-3f2a.js', 'assets/main-3f2a.js.map']
 * @param {string} base the app's URL prefix, '/app/'
 * @returns {string[]}
 */
export function precacheList(files, base) {
  const out = new Set();
  for (const raw of files) {
    const file = raw.split('\\').join('/');
    if (file === 'index.html') {
      out.add(base);
      continue;
    }
    if (file.split('/').some((part) => part.startsWith('.') || part === '')) continue;
    if (!file.startsWith('assets/') && !file.startsWith('icons/')) continue;
    if (!SHELL_EXTENSIONS.some((ext) => file.endsWith(ext))) continue;
    out.add(`${base}${file}`);
  }
  return [...out].sort();
}

/**
 * The shell's version: a digest of every precached file's name and bytes, so any change (a new
 * hashed bundle, a changed index.html or icon) gives a new worker and a new cache name, and an
 * unchanged rebuild keeps the installed one.
 * @param {{ url: string, bytes: Uint8Array }[]} entries
 * @returns {string} 12 hex digits
 */
export function shellVersion(entries) {
  const hash = createHash('sha256');
  for (const e of [...entries].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0))) {
    hash.update(e.url);
    hash.update('\0');
    hash.update(e.bytes);
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The browser app's build (`node src/build/build.js` runs it when src/web changed): src/web/app/index.html
 * and everything it imports -> dist/web/app, served by the daemon under /app/. Hashed file names
 * under assets/ let the daemon cache them for a year; index.html is always revalidated.
 * No inline script or style is emitted, so the page runs under the daemon's Content-Security-Policy.
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: path.join(root, 'src/web/app'),
  base: '/app/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: path.join(root, 'dist/web/app'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Inlined assets become data: URLs in CSS/JS; keeping them as files keeps the CSP simple.
    assetsInlineLimit: 0,
    // The polyfill is injected into the entry chunk; modern browsers do not need it.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
});

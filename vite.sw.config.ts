/**
 * The service worker's build (src/build/build-web.js runs it after vite.web.config.ts, into the
 * same folder): src/web/pwa/sw.ts and the rules it imports -> dist/web/app/sw.js, ONE classic
 * script (workers registered as modules are not yet everywhere). build-web.js passes the shell's
 * precache list and version as `define` values (__PRECACHE__, __SHELL_VERSION__).
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: path.join(root, 'src/web/pwa'),
  publicDir: false,
  logLevel: 'warn',
  build: {
    emptyOutDir: false,
    target: 'es2020',
    sourcemap: false,
    minify: true,
    reportCompressedSize: false,
    lib: {
      entry: path.join(root, 'src/web/pwa/sw.ts'),
      formats: ['iife'],
      name: 'SwitchboardWorker',
      fileName: () => 'sw.js',
    },
  },
});

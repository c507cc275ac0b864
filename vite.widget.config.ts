/**
 * The chat widget's build (src/build/build-web.js runs it next to vite.web.config.ts): src/web/widget/main.tsx
 * and what it imports -> dist/web/widget/widget.js, ONE classic script (IIFE) a foreign web site
 * embeds with a script tag, so no module loading, no chunks, no separate CSS file: the styles are
 * bundled as a string and put into the widget's own shadow root. Kept small on purpose (a test
 * gzips the file and holds it under 60 KB): Preact and nothing of the agents' app.
 */
import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: path.join(root, 'src/web/widget'),
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  build: {
    outDir: path.join(root, 'dist/web/widget'),
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    minify: true,
    assetsInlineLimit: 0,
    reportCompressedSize: false,
    lib: {
      entry: path.join(root, 'src/web/widget/main.tsx'),
      formats: ['iife'],
      name: 'SwitchboardWidget',
      fileName: () => 'widget.js',
    },
  },
});

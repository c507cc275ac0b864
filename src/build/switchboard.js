#!/usr/bin/env node
/* global process, URL */
// The `switchboard` command: runs the built CLI (npm run build produces dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('switchboard is not built yet: run `npm run build` first.\n');
  process.exit(1);
}
const { runFromProcess } = await import(entry.href);
await runFromProcess();

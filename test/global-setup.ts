/**
 * Once per `vitest run`: the browser app is built when its sources changed since the last build
 * (src/build/build-web.js, the same step `npm start` takes), so the daemon under test serves the current
 * pages and `npm test` works on a clean clone. A few seconds when stale, milliseconds otherwise.
 */
import path from 'node:path';
import { buildWeb } from '../src/build/build-web.js';

export default async function setup(): Promise<void> {
  const root = path.resolve(import.meta.dirname, '..');
  await buildWeb(root, { ifStale: true, log: (line) => console.info(`[global setup] ${line}`) });
}

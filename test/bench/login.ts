/**
 * Login-rush benchmark (issue 18 item 4): 200 users log in at once over real HTTP while /healthz
 * is polled every 10 ms; prints the /healthz latency percentiles during the burst next to the
 * goal, and how the logins fared (served, refused with 503 LOGIN_BUSY). The password hash runs
 * on the libuv pool through the bounded HashQueue, so the event loop keeps answering.
 * Prints, never asserts.
 *
 *   npm run bench -- login
 */
import { fileURLToPath } from 'node:url';
import { hashPassword } from '../../src/accounts/password.js';
import { defaultConfig } from '../../src/config.js';
import { buildApp } from '../../src/main.js';
import { createDatabase } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrations.js';

const USERS = 200;
const POLL_MS = 10;
/** /healthz must stay answerable during a shift-start rush: live call handling shares its loop. */
const GOAL_P99_MS = 100;
const PASSWORD = 'bench password 123';

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

export async function runLoginBench(): Promise<void> {
  const handle = await createDatabase({ pgliteDir: 'memory://' });
  await migrateToLatest(handle.db);
  const config = { ...defaultConfig(), lockout: { attempts: 5, durationMs: 900_000, perAddressPerMinute: 100_000 } };
  const { server } = buildApp({ config, db: handle.db });
  try {
    // One hash for all: creating 200 users through the API would itself be a hash burst.
    const hash = await hashPassword(PASSWORD);
    const now = new Date();
    await handle.db
      .insertInto('users')
      .values(Array.from({ length: USERS }, (_, i) => ({ id: `bench-${i}`, username: `bench-${i}`, display_name: `Bench ${i}`, roles: ['agent'], password_hash: hash, locked_until: null, created_at: now, updated_at: now })))
      .execute();
    await server.listen({ host: '127.0.0.1', port: 0 });
    const addr = server.server.address();
    const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

    const health: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const t0 = performance.now();
        await fetch(`${base}/healthz`).then((r) => r.arrayBuffer());
        health.push(performance.now() - t0);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    })();

    const t0 = performance.now();
    const statuses = await Promise.all(
      Array.from({ length: USERS }, (_, i) =>
        fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `bench-${i}`, password: PASSWORD }) }).then(
          async (r) => {
            await r.arrayBuffer();
            return r.status;
          },
        ),
      ),
    );
    const burstMs = performance.now() - t0;
    polling = false;
    await poller;

    const sorted = [...health].sort((a, b) => a - b);
    const served = statuses.filter((s) => s === 200).length;
    const busy = statuses.filter((s) => s === 503).length;
    const p99 = percentile(sorted, 99);
    console.log(`${USERS} logins at once: ${served} served, ${busy} refused 503 LOGIN_BUSY, ${USERS - served - busy} other; burst took ${burstMs.toFixed(0)} ms`);
    console.log(`/healthz during the burst (${sorted.length} polls): p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`);
    console.log(`goal: /healthz p99 < ${GOAL_P99_MS} ms during the burst -> ${p99 < GOAL_P99_MS ? 'met' : 'NOT met'}`);
  } finally {
    await server.close();
    await handle.close();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runLoginBench();

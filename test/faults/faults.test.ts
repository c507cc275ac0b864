/**
 * The fault harness at CI size, one adapter per database (`npm run faults` runs the full size): the built
 * daemon killed with SIGKILL between traffic steps, the PBX dropping and restarting, PostgreSQL
 * unreachable for 3 s and restarting (PostgreSQL pass only, through the harness's proxy), and after
 * each fault no call dropped, orphaned or ghosted, no queue reordered, no agent in a wrong state,
 * no offer delivered twice, the call that could not be re-adopted ended with an outcome, and on
 * PostgreSQL no record lost, no crash and /healthz degraded during the outage, ok after it.
 * Times are measured and printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFaults } from './harness.js';
import type { Adapter } from './pbx-control.js';
import { SIZES, judge, scriptPaths } from './run.js';

const root = path.resolve(import.meta.dirname, '..', '..');

describe('the fault harness at CI size', () => {
  beforeAll(() => {
    // The daemon and the fake PBX run as processes of their own, from the build.
    const built = spawnSync(process.execPath, [path.join(root, 'src', 'build', 'build.js'), '--if-stale'], { cwd: root, stdio: 'inherit' });
    expect(built.status).toBe(0);
  }, 300_000);

  // One adapter per database pass, to keep CI in its budget (each run is about a minute): .ci/run
  // runs the suite on PGlite and again on PostgreSQL, so each adapter is run once per CI, and
  // `npm run faults` runs both at full size. Set SWITCHBOARD_FAULTS_ADAPTERS=asterisk,freeswitch for both here.
  const adapters = (process.env.SWITCHBOARD_FAULTS_ADAPTERS?.split(',') ?? [process.env.DATABASE_URL ? 'freeswitch' : 'asterisk']) as Adapter[];

  it.each<Adapter>(adapters)(
    'given traffic in every call state on the %s fake when the daemon is killed -9, the PBX drops, PostgreSQL is unreachable and restarts, the active of a standby pair is killed (PostgreSQL pass) and the PBX restarts then nothing is dropped, orphaned, ghosted, reordered or offered twice and no agent is left in a wrong state',
    async (adapter) => {
      const result = await runFaults({ adapter, ...SIZES.ci, seed: 15, ...scriptPaths(path.join(root, 'dist')) });
      const verdict = judge(result);
      console.info(verdict.lines.join('\n'));
      expect(result.rows.map((r) => r.fault)).toEqual(['kill -9 #1', 'kill -9 #2 (agent leg lost)', 'kill -9 #3', 'PBX disconnect + reconnect', 'PostgreSQL unreachable 3 s', 'PostgreSQL restart', 'restart as active of a pair', 'standby takeover (kill -9 active)', 'PBX restart (all channels lost)']);
      // The standby pair runs on PostgreSQL only; on PGlite both of its rows say why they were skipped.
      const pair = result.rows.filter((r) => r.fault === 'restart as active of a pair' || r.fault.startsWith('standby takeover'));
      expect(pair.every((r) => (r.skipped !== undefined) === !process.env.DATABASE_URL)).toBe(true);
      // PostgreSQL's outage is cut through the harness's proxy on the PostgreSQL pass; PGlite cannot be cut.
      expect(result.rows.filter((r) => r.fault.startsWith('PostgreSQL')).every((r) => (r.skipped !== undefined) === !process.env.DATABASE_URL)).toBe(true);
      expect(result.unadoptable).toMatchObject({ state: 'ended', customerGone: true, ok: true });
      expect(verdict.failures).toEqual([]);
    },
    300_000,
  );
});

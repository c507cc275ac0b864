/**
 * Standby takeover under live traffic (PostgreSQL only; docs/standby.md): the daemon is restarted
 * as one of a pair (SWITCHBOARD_STANDBY=true), a second daemon starts beside it as the standby on
 * a port of its own, then the active is killed with -9. The standby must take the lease, re-adopt
 * every call and serve, with nothing dropped, orphaned, ghosted or reordered. From then on the
 * harness talks to the new active (the world's API clients are pointed at it: their sessions are
 * in the shared database, so the same tokens work there).
 *
 * The takeover time is the kill to the new active's /healthz 200; the re-adoption time is the kill
 * to its "calls of the previous run recovered".
 */
import { Api } from './api.js';
import { figures, observe, settledObservation, type FaultRow } from './checks.js';
import { DaemonProcess } from './daemon-process.js';
import { waitFor, type World } from './world.js';

export interface StandbyTakeover {
  /** The restart into the pair (a graceful stop and a start in standby mode), as its own row. */
  restart: FaultRow;
  takeover: FaultRow;
  /** The daemon that is active after it: the harness goes on with this one. */
  active: DaemonProcess;
  /** Both daemons run, for the harness to kill at its end. */
  daemons: DaemonProcess[];
}

export async function standbyTakeover(world: World, daemon: DaemonProcess, o: { cli: string; standbyPort: number; logFile: string }): Promise<StandbyTakeover> {
  const pairEnv = { ...daemon.env, SWITCHBOARD_STANDBY: 'true' };
  // The running daemon stops (SIGTERM) and starts again as one of the pair: alone, it takes the lease.
  const before = await observe(world);
  await daemon.stop();
  const first = new DaemonProcess(o.cli, pairEnv, daemon.url, o.logFile);
  const firstRun = await first.start();
  await waitFor('the restarted daemon to re-adopt the calls', async () => firstRun.readoptedMs() !== undefined, 30_000);
  const restartedAfter = await settledObservation(world);
  const restart = figures('restart as active of a pair', before, restartedAfter, new Set(), new Set());
  restart.servingMs = firstRun.servingMs;
  restart.readoptMs = firstRun.readoptedMs();

  const standbyUrl = `http://127.0.0.1:${o.standbyPort}`;
  const standby = new DaemonProcess(o.cli, { ...pairEnv, SWITCHBOARD_PORT: String(o.standbyPort) }, standbyUrl, `${o.logFile}.standby`);
  const standbyRun = await standby.start('listening');
  const said = await fetch(`${standbyUrl}/healthz`).then(async (r) => ({ status: r.status, body: (await r.json()) as { status?: string } }));

  const beforeKill = await observe(world);
  const killedAt = Date.now();
  await first.kill9();
  await waitFor('the standby to take over and serve', async () => (await fetch(`${standbyUrl}/healthz`).then((r) => r.status, () => 0)) === 200, 60_000);
  const takeoverMs = Date.now() - killedAt;
  world.admin = new Api(standbyUrl, world.admin.token);
  for (const agent of world.agents) agent.api = new Api(standbyUrl, agent.api.token);
  await waitFor('the new active to re-adopt the calls', async () => standbyRun.readoptedAt() !== undefined, 30_000);
  const after = await settledObservation(world);
  const takeover = figures('standby takeover (kill -9 active)', beforeKill, after, new Set(), new Set());
  takeover.servingMs = takeoverMs;
  takeover.readoptMs = (standbyRun.readoptedAt() ?? killedAt) - killedAt;
  takeover.liveCalls = beforeKill.calls.length;
  if (said.status !== 503 || said.body.status !== 'standby') takeover.notes.push(`the standby's /healthz said ${said.status} ${JSON.stringify(said.body)} before the takeover`);
  takeover.healthWrong = said.status !== 503 || said.body.status !== 'standby' ? 1 : 0;
  takeover.crashed = standby.running ? 0 : 1;
  return { restart, takeover, active: standby, daemons: [first, standby] };
}

/**
 * Two daemons on one PostgreSQL (issue 15, standby takeover): one active, one standby that serves
 * /healthz as standby, refuses work, and takes over when the active stops or loses its database.
 * The active's database is reached through the fault harness's proxy, so cutting it never touches
 * the real server. PostgreSQL only: skipped without DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, type AppConfig } from '../../../src/config.js';
import { startDaemon, type Daemon } from '../../../src/main.js';
import type { LeaseRole } from '../../../src/standby/active-lease.js';
import { PgProxy } from '../../faults/pg-proxy.js';
import { adminQuery } from '../../helpers/test-db.js';
import { TextSink } from '../../helpers/text-sink.js';

const url = process.env.DATABASE_URL;

const admin = (text: string) => adminQuery(url as string, text);

/** Polls (real time: the lease runs on the system clock) until the daemon has the role. */
async function becomes(d: Daemon, role: LeaseRole): Promise<void> {
  while (d.role() !== role) await new Promise((r) => setTimeout(r, 25));
}

describe.skipIf(!url)('two daemons on one PostgreSQL with SWITCHBOARD_STANDBY', { timeout: 120_000 }, () => {
  let schema: string;
  let dirs: string[];
  let daemons: Daemon[];
  let proxy: PgProxy;

  beforeEach(async () => {
    schema = `test_${randomBytes(6).toString('hex')}`;
    await admin(`create schema "${schema}"`);
    const target = new URL(url as string);
    proxy = await PgProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    dirs = [];
    daemons = [];
  });

  afterEach(async () => {
    for (const d of daemons) await d.close();
    await proxy.close();
    await admin(`drop schema if exists "${schema}" cascade`);
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  async function start(options: { viaProxy?: boolean; exit?: (code: number) => void } = {}): Promise<{ daemon: Daemon; printed: string[]; logs: TextSink }> {
    const dir = await mkdtemp(path.join(tmpdir(), 'sb-standby-'));
    dirs.push(dir);
    const where = new URL(options.viaProxy ? proxy.urlFor(url as string) : (url as string));
    where.searchParams.set('options', `-c search_path=${schema}`);
    const config: AppConfig = { ...defaultConfig(), dataDir: dir, port: 0, databaseUrl: where.toString(), standby: true };
    const printed: string[] = [];
    const logs = new TextSink();
    const daemon = await startDaemon(config, { print: (l) => printed.push(l), logDestination: logs, handleSignals: false, ...(options.exit ? { exit: options.exit } : {}) });
    daemons.push(daemon);
    return { daemon, printed, logs };
  }

  it('given an active daemon when a second starts then it is the standby: /healthz says standby, work is refused with STANDBY, and only the active made the first admin', async () => {
    const first = await start();
    await becomes(first.daemon, 'active');
    const second = await start();

    const health = await fetch(`${second.daemon.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'standby', db: { ok: true } });
    const work = await fetch(`${second.daemon.url}/api/auth/me`);
    expect(work.status).toBe(503);
    expect(work.headers.get('retry-after')).toBe('1');
    expect(await work.json()).toMatchObject({ code: 'STANDBY', details: { role: 'standby' } });
    expect((await fetch(`${first.daemon.url}/healthz`)).status).toBe(200);
    expect(first.printed.join('\n')).toMatch(/password: \S+/);
    expect(second.printed.join('\n')).not.toMatch(/password/);
    expect(second.daemon.role()).toBe('standby');
  });

  it('given an active and a standby when the active shuts down then the standby takes over and serves', async () => {
    const first = await start();
    await becomes(first.daemon, 'active');
    const password = /password: (\S+)/.exec(first.printed.join('\n'))?.[1] as string;
    const second = await start();

    await first.daemon.close();
    await becomes(second.daemon, 'active');

    expect((await fetch(`${second.daemon.url}/healthz`)).status).toBe(200);
    const login = await fetch(`${second.daemon.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    expect(second.logs.text).toContain('took the active lease');
  });

  it('given an active cut off from PostgreSQL when its lease connection drops then it closes and asks to exit, and the standby takes over', async () => {
    const exits: number[] = [];
    const first = await start({ viaProxy: true, exit: (code) => exits.push(code) });
    await becomes(first.daemon, 'active');
    const second = await start();
    expect(second.daemon.role()).toBe('standby');

    proxy.cut();
    await becomes(second.daemon, 'active');
    while (exits.length === 0) await new Promise((r) => setTimeout(r, 25));

    expect(exits).toEqual([75]);
    expect(first.daemon.role()).toBe('stopped');
    expect(first.logs.text).toContain('lost the active lease');
    await expect(fetch(`${first.daemon.url}/healthz`)).rejects.toThrow();
    expect((await fetch(`${second.daemon.url}/healthz`)).status).toBe(200);
  });
});

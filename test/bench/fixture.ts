/**
 * An in-process daemon for the ws and auth benchmarks: the whole app (buildApp, the simulated
 * media server, the contact center started) over an embedded database in a temporary folder (or PostgreSQL
 * when DATABASE_URL is set), listening on
 * 127.0.0.1 port 0. Users, agents, teams and sessions are written straight into the tables before
 * the start (one password hash for all, no login requests: thousands of scrypt logins would
 * measure the hash); the agents are then logged in to the routing engine as not_ready.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hashToken } from '../../src/accounts/auth-service.js';
import { hashPassword } from '../../src/accounts/password.js';
import { defaultConfig, type AppConfig } from '../../src/config.js';
import { buildApp, type App, type AppOptions } from '../../src/main.js';
import { createDatabase, type DatabaseHandle } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrations.js';

export interface BenchUser {
  userId: string;
  token: string;
  agentId?: string;
}

export interface BenchDaemon {
  app: App;
  handle: DatabaseHandle;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Agent users: agent ag-<i> of team t<i % 50>. */
  agents: BenchUser[];
  supervisors: BenchUser[];
  close(): Promise<void>;
}

export const TEAMS = 50;

/** `beforeStart`: more rows written before the app starts (queues the engine loads at start). */
export async function startBenchDaemon(
  counts: { agents: number; supervisors: number },
  overrides: Partial<AppConfig> = {},
  options: Pick<AppOptions, 'eventHub'> = {},
  beforeStart?: (handle: DatabaseHandle, users: { agents: BenchUser[]; supervisors: BenchUser[] }) => Promise<void>,
): Promise<BenchDaemon> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-bench-'));
  const handle = await benchDatabase(dir);
  await migrateToLatest(handle.db);
  const config: AppConfig = {
    ...defaultConfig(),
    host: '127.0.0.1',
    port: 0,
    dataDir: dir,
    recordingsDir: dir,
    ivrFlowsDir: dir,
    pbx: { kind: 'sim', trafficPerMinute: 0 },
    ...overrides,
  };
  const { agents, supervisors } = await seed(handle, counts);
  await beforeStart?.(handle, { agents, supervisors });
  const app = buildApp({ config, db: handle.db, ...options });
  await app.deps.contactCenter.start();
  await app.server.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.server.address();
  const url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const acd = app.deps.contactCenter.acd;
  for (const a of agents) acd.login(a.agentId as string, { state: 'not_ready', phone: `ph-${a.agentId as string}` });
  await acd.flush();
  return {
    app,
    handle,
    url,
    agents,
    supervisors,
    async close() {
      await app.server.close();
      await app.deps.contactCenter.stop();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * PGlite in a data folder, or with DATABASE_URL a fresh schema on that PostgreSQL (dropped on close): the
 * same figures with the database outside the daemon's event loop.
 */
async function benchDatabase(dir: string): Promise<DatabaseHandle> {
  const url = process.env.DATABASE_URL;
  // As the daemon runs it: a data folder, PGlite on its own thread.
  if (!url) return createDatabase({ pgliteDir: path.join(dir, 'pglite') });
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create schema "${schema}"`);
  const handle = await createDatabase({ databaseUrl: url, searchPath: schema });
  return {
    ...handle,
    async close() {
      await handle.close();
      await admin(`drop schema if exists "${schema}" cascade`);
    },
  };
}

const chunks = <T>(xs: T[], size: number): T[][] => Array.from({ length: Math.ceil(xs.length / size) }, (_, i) => xs.slice(i * size, (i + 1) * size));

async function seed(handle: DatabaseHandle, counts: { agents: number; supervisors: number }): Promise<{ agents: BenchUser[]; supervisors: BenchUser[] }> {
  const db = handle.db;
  const hash = await hashPassword('bench password 123');
  const now = new Date();
  const expires = new Date(Date.now() + 12 * 3600_000);
  const teamIds = Array.from({ length: TEAMS }, (_, i) => `t${i}`);
  await db.insertInto('teams').values(teamIds.map((id) => ({ id, name: id, created_at: now, updated_at: now }))).execute();
  const make = (kind: 'agent' | 'sup', i: number): BenchUser => ({
    userId: `${kind}-${i}`,
    token: randomBytes(32).toString('base64url'),
    ...(kind === 'agent' ? { agentId: `ag-${i}` } : {}),
  });
  const agents = Array.from({ length: counts.agents }, (_, i) => make('agent', i));
  const supervisors = Array.from({ length: counts.supervisors }, (_, i) => make('sup', i));
  for (const part of chunks([...agents, ...supervisors], 500)) {
    await db
      .insertInto('users')
      .values(part.map((u) => ({ id: u.userId, username: u.userId, display_name: u.userId, roles: [u.agentId ? 'agent' : 'supervisor'], password_hash: hash, locked_until: null, created_at: now, updated_at: now })))
      .execute();
    await db
      .insertInto('sessions')
      .values(part.map((u) => ({ id: `s-${u.userId}`, user_id: u.userId, token_hash: hashToken(u.token), created_at: now, last_seen_at: now, expires_at: expires, revoked_at: null, ip: null, user_agent: null })))
      .execute();
  }
  const rows = agents.map((a, i) => ({
    id: a.agentId as string,
    user_id: a.userId,
    number: String(10_000 + i),
    display_name: a.userId,
    team_id: teamIds[i % TEAMS] ?? null,
    phone_mode: 'fixed' as const,
    phone_extension: `ph-${a.agentId as string}`,
    chat_capacity: 0,
    enabled: true,
    created_at: now,
    updated_at: now,
  }));
  for (const part of chunks(rows, 500)) await db.insertInto('agents').values(part).execute();
  return { agents, supervisors };
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function rssMb(): number {
  return process.memoryUsage().rss / 1024 / 1024;
}

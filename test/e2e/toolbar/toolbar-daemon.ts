/**
 * The daemon as main.ts builds it, on real time (the browser's timers are real), listening on
 * 127.0.0.1 with the simulated media server, for the toolbar's browser tests. `restart()` is a
 * daemon restart: the process stops (sockets closed, memory gone) and a new one starts on the same
 * database and the same port, while the media server keeps its calls as a real PBX would.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig, type AppConfig } from '../../../src/config.js';
import { systemClock } from '../../../src/core/clock.js';
import { buildApp, type App } from '../../../src/main.js';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

export const PASSWORD = 'correct horse battery staple';

export type Headers = { authorization: string };

export interface ToolbarDaemon {
  base: string;
  pbx: SimulatedMediaServer;
  app(): App;
  admin: Headers;
  /** Calls the API as the admin (or the given user); fails the test on a non-2xx answer. */
  api<T = unknown>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown, headers?: Headers): Promise<T>;
  createUser(username: string, roles: ('agent' | 'supervisor' | 'admin')[]): Promise<string>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Polls a condition on the daemon's side (never a fixed sleep); fails naming what it waited for. */
export async function waitFor(what: string, done: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`still waiting after ${timeoutMs} ms for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startToolbarDaemon(flows: Record<string, string>, overrides: Partial<AppConfig> = {}): Promise<ToolbarDaemon> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-toolbar-'));
  for (const [name, text] of Object.entries(flows)) await writeFile(path.join(dir, `${name}.yaml`), text);
  const db: TestDb = await createTestDb();
  const config: AppConfig = { ...defaultConfig(), ivrFlowsDir: dir, recordingsDir: path.join(dir, 'recordings'), ...overrides };
  const pbx = new SimulatedMediaServer({ clock: systemClock, recordingsDir: config.recordingsDir });
  const build = () => buildApp({ config, db: db.db, clock: systemClock, mediaServer: pbx });

  let app = build();
  await app.deps.contactCenter.start();
  await app.server.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;

  const api = async <T,>(method: string, url: string, body?: unknown, headers?: Headers): Promise<T> => {
    const res = await app.server.inject({ method: method as 'GET', url, headers: headers ?? admin, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url} -> ${res.statusCode} ${res.body}`);
    return (res.body === '' ? undefined : res.json()) as T;
  };
  const createUser = async (username: string, roles: ('agent' | 'supervisor' | 'admin')[]) => (await app.deps.users.create({ username, roles, password: PASSWORD }, {})).user.id;

  await createUser('toolbar-admin', ['admin']);
  const login = await app.deps.auth.login('toolbar-admin', PASSWORD);
  const admin = { authorization: `Bearer ${login.token}` };

  let closed = false;
  return {
    base,
    pbx,
    app: () => app,
    admin,
    api: api as ToolbarDaemon['api'],
    createUser,
    async restart() {
      // As startDaemon's close(): stop accepting and close the sockets, then the contact center.
      await app.server.close();
      await app.deps.contactCenter.stop();
      app = build();
      await app.deps.contactCenter.start();
      await app.deps.contactCenter.restored();
      await app.server.listen({ host: '127.0.0.1', port });
    },
    async close() {
      if (closed) return;
      closed = true;
      await app.server.close();
      await app.deps.contactCenter.stop();
      await db.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

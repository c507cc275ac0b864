import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import type { CliIo } from '../../../src/cli/io.js';
import { createDatabase } from '../../../src/store/db.js';
import { LOCK_FILE } from '../../../src/store/data-dir-lock.js';
import { defaultMigrationsDir } from '../../../src/store/migrations.js';
import { KyselyUserRepository } from '../../../src/store/accounts/users-repo.js';
import { verifyPassword } from '../../../src/accounts/password.js';

function fakeIo(env: Record<string, string | undefined>, stdin = ''): CliIo & { outText: () => string; errText: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    env,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    readStdin: async () => stdin,
    outText: () => out.join('\n'),
    errText: () => err.join('\n'),
  };
}

// On-disk PGlite runs initdb on first open, which is slow on a loaded machine.
describe('switchboard CLI', { timeout: 180_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-cli-'));
    // The CLI commands use the configured store: PGlite under the data dir, never the test DATABASE_URL.
    env = { SWITCHBOARD_DATA_DIR: dir };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function passwordMatches(username: string, password: string): Promise<boolean> {
    const h = await createDatabase({ pgliteDir: path.join(dir, 'pglite') });
    try {
      const u = await new KyselyUserRepository(h.db).findByUsername(username);
      return u !== undefined && (await verifyPassword(password, u.passwordHash));
    } finally {
      await h.close();
    }
  }

  it('given no command then usage and exit 2; given --help then usage and exit 0', async () => {
    const io = fakeIo(env);
    expect(await runCli([], io)).toBe(2);
    expect(io.outText()).toContain('Usage: switchboard');
    expect(await runCli(['--help'], fakeIo(env))).toBe(0);
    const bad = fakeIo(env);
    expect(await runCli(['frobnicate'], bad)).toBe(2);
    expect(bad.errText()).toContain('Unknown command frobnicate');
  });

  it('given a valid configuration then config check prints it with secrets masked', async () => {
    const io = fakeIo({ ...env, SWITCHBOARD_PBX: 'freeswitch', FREESWITCH_ESL_PASSWORD: 'esl-s3cret-value', FREESWITCH_DOMAIN: 'pbx.example.com' });
    expect(await runCli(['config', 'check'], io)).toBe(0);
    expect(io.outText()).toContain('"kind": "freeswitch"');
    expect(io.outText()).not.toContain('esl-s3cret-value');
  });

  it('given a bad value then config check (and start) exit 1 naming the key and the reason', async () => {
    for (const cmd of [['config', 'check'], ['start']]) {
      const io = fakeIo({ ...env, SWITCHBOARD_PORT: 'eighty' });
      expect(await runCli(cmd, io, { handleSignals: false })).toBe(1);
      expect(io.errText()).toContain('CONFIG_INVALID');
      expect(io.errText()).toContain('SWITCHBOARD_PORT: must be a whole number, got "eighty"');
    }
  });

  it('given migrate twice then the first leaves every migration recorded (applied now or by the build template) and the second finds nothing to do', async () => {
    const first = fakeIo(env);
    expect(await runCli(['migrate'], first)).toBe(0);
    const h = await createDatabase({ pgliteDir: path.join(dir, 'pglite') });
    try {
      const recorded = await sql<{ name: string }>`select name from schema_migrations`.execute(h.db);
      const files = (await readdir(defaultMigrationsDir())).filter((f) => f.endsWith('.sql'));
      expect(recorded.rows.map((r) => `${r.name}.sql`).sort()).toEqual(files.sort());
    } finally {
      await h.close();
    }
    const second = fakeIo(env);
    expect(await runCli(['migrate'], second)).toBe(0);
    expect(second.outText()).toBe('The database is up to date.');
  });

  it('given create-admin then a generated password is printed once and works; with --password-stdin the piped one is used', async () => {
    const io = fakeIo(env);
    expect(await runCli(['create-admin', 'root1'], io)).toBe(0);
    const generated = /Password \(shown only once\): (\S+)/.exec(io.outText())?.[1] as string;
    expect(generated.length).toBeGreaterThanOrEqual(20);
    expect(await passwordMatches('root1', generated)).toBe(true);

    const piped = fakeIo(env, 'piped password 123\n');
    expect(await runCli(['create-admin', 'root2', '--password-stdin'], piped)).toBe(0);
    expect(piped.outText()).not.toContain('Password');
    expect(await passwordMatches('root2', 'piped password 123')).toBe(true);

    const dup = fakeIo(env);
    expect(await runCli(['create-admin', 'ROOT1'], dup)).toBe(1);
    expect(dup.errText()).toContain('CONFLICT');
  });

  it('given reset-password then the new password works; an unknown user exits 1', async () => {
    const io = fakeIo(env, 'another password 456\n');
    expect(await runCli(['reset-password', 'root1', '--password-stdin'], io)).toBe(0);
    expect(await passwordMatches('root1', 'another password 456')).toBe(true);
    const gen = fakeIo(env);
    expect(await runCli(['reset-password', 'root2'], gen)).toBe(0);
    const pw = /New password \(shown only once\): (\S+)/.exec(gen.outText())?.[1] as string;
    expect(await passwordMatches('root2', pw)).toBe(true);
    const missing = fakeIo(env);
    expect(await runCli(['reset-password', 'ghost'], missing)).toBe(1);
    expect(missing.errText()).toContain('No user "ghost"');
  });

  it('given a running daemon holds the embedded database, when reset-password runs beside it, then it exits 1 saying to stop the daemon first with its pid', async () => {
    // The parent of this test process stands in for the daemon: alive, and not us.
    const daemonPid = process.ppid;
    await writeFile(path.join(dir, 'pglite', LOCK_FILE), `${daemonPid}\n`);
    try {
      const io = fakeIo(env, 'new-password-123\n');
      expect(await runCli(['reset-password', 'admin', '--password-stdin'], io)).toBe(1);
      expect(io.errText()).toContain(`stop the daemon first (pid ${daemonPid})`);
      const seed = fakeIo(env);
      expect(await runCli(['seed-demo'], seed)).toBe(1);
      expect(seed.errText()).toContain(`stop the daemon first (pid ${daemonPid})`);
    } finally {
      await rm(path.join(dir, 'pglite', LOCK_FILE), { force: true });
    }
  });

  it('given the port is taken, when start runs, then it exits 1 naming the port before any database is created or password printed', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const fresh = path.join(dir, 'never-created');
    try {
      const io = fakeIo({ SWITCHBOARD_DATA_DIR: fresh, SWITCHBOARD_PORT: String(port), SWITCHBOARD_LOG_LEVEL: 'silent' });
      expect(await runCli(['start'], io, { handleSignals: false })).toBe(1);
      expect(io.errText()).toContain(`127.0.0.1:${port}`);
      expect(io.errText()).toContain('SWITCHBOARD_PORT');
      expect(io.outText()).not.toContain('password');
      expect(existsSync(fresh)).toBe(false);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('given ivr check then the IVR module runs with the remaining args; when it is missing a clear error', async () => {
    const seen: string[][] = [];
    const io = fakeIo(env);
    const code = await runCli(['ivr', 'check', 'flows/main.yaml'], io, {
      loadIvrCli: async () => ({ runIvrCheck: async (args) => (seen.push(args), 3) }),
    });
    expect(code).toBe(3);
    expect(seen).toEqual([['flows/main.yaml']]);
    const missing = fakeIo(env);
    const code2 = await runCli(['ivr', 'check'], missing, {
      loadIvrCli: async () => {
        throw new Error("Cannot find module '../ivr/cli.js'");
      },
    });
    expect(code2).toBe(1);
    expect(missing.errText()).toContain('the IVR checker is not available in this build');
  });
});

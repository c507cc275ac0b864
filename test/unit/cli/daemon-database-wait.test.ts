/**
 * The daemon started while PostgreSQL does not answer (issue 15): it waits and starts once the
 * server is back, or gives up with a coded error that names the server but never its password.
 * The outage is the fault harness's TCP proxy, so the real server is never touched. PostgreSQL
 * only: skipped without DATABASE_URL.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, type AppConfig } from '../../../src/config.js';
import { startDaemon, type Daemon } from '../../../src/main.js';
import { PgProxy } from '../../faults/pg-proxy.js';
import { adminQuery } from '../../helpers/test-db.js';
import { TextSink } from '../../helpers/text-sink.js';

const url = process.env.DATABASE_URL;

const admin = (text: string) => adminQuery(url as string, text);

describe.skipIf(!url)('a daemon started while PostgreSQL does not answer', { timeout: 120_000 }, () => {
  let proxy: PgProxy;
  let dir: string;
  let schema: string;
  let daemon: Daemon | undefined;
  let config: AppConfig;

  beforeEach(async () => {
    const target = new URL(url as string);
    proxy = await PgProxy.start({ host: target.hostname, port: Number(target.port || 5432) });
    dir = await mkdtemp(path.join(tmpdir(), 'sb-dbwait-'));
    schema = `test_${randomBytes(6).toString('hex')}`;
    await admin(`create schema "${schema}"`);
    // A password in the URL (trust auth ignores it) that must never be printed or logged.
    const through = new URL(proxy.urlFor(url as string));
    through.username = 'postgres';
    through.password = 'never-say-this';
    through.searchParams.set('options', `-c search_path=${schema}`);
    config = { ...defaultConfig(), dataDir: dir, port: 0, databaseUrl: through.toString() };
    daemon = undefined;
  });

  afterEach(async () => {
    await daemon?.close();
    await proxy.close();
    await admin(`drop schema if exists "${schema}" cascade`);
    await rm(dir, { recursive: true, force: true });
  });

  it('given the server refusing connections when the daemon starts then it logs that it waits, and once the server answers it starts and serves', async () => {
    proxy.cut();
    const logs = new TextSink();
    const printed: string[] = [];
    const starting = startDaemon(config, { print: (l) => printed.push(l), logDestination: logs, handleSignals: false });
    await new Promise<void>((resolve) => {
      const poll = () => (logs.text.includes('the database does not answer yet') ? resolve() : setTimeout(poll, 20));
      poll();
    });
    expect(printed.join('\n')).not.toContain('listening');

    proxy.restore();
    daemon = await starting;

    const health = await fetch(`${daemon.url}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', db: { ok: true } });
    const waited = logs.text.split('\n').filter((l) => l.includes('the database does not answer yet'));
    expect(JSON.parse(waited[0] as string)).toMatchObject({ where: `127.0.0.1:${proxy.port}`, attempt: 1, cause: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) });
    expect(logs.text).toContain('the database answers: starting');
    expect(logs.text).not.toContain('never-say-this');
  });

  it('given the server never answering when the wait is spent then the start fails with DATABASE_UNREACHABLE naming host and port, not the password', async () => {
    proxy.cut();
    const logs = new TextSink();
    const failed = await startDaemon({ ...config, databaseWaitMs: 1_000 }, { print: () => {}, logDestination: logs, handleSignals: false }).then(
      (d) => {
        daemon = d;
        return undefined;
      },
      (err: unknown) => err,
    );
    expect(failed).toMatchObject({ code: 'DATABASE_UNREACHABLE', details: { where: `127.0.0.1:${proxy.port}` } });
    expect(String((failed as Error).message)).toContain(`127.0.0.1:${proxy.port}`);
    expect(String((failed as Error).message)).not.toContain('never-say-this');
    expect(logs.text).not.toContain('never-say-this');
  });
});

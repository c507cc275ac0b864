import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { defaultConfig, type AppConfig } from '../../../src/config.js';
import { startDaemon } from '../../../src/main.js';
import { TextSink } from '../../helpers/text-sink.js';

// On-disk PGlite runs initdb on first open, which is slow on a loaded machine.
describe('startDaemon', { timeout: 180_000 }, () => {
  let dir: string;
  let config: AppConfig;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-daemon-'));
    config = { ...defaultConfig(), dataDir: dir, port: 0, logLevel: 'info' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given a first start then admin is created with a password printed once to stdout, never logged, and /healthz answers', async () => {
    const printed: string[] = [];
    const logs = new TextSink();
    const daemon = await startDaemon(config, { print: (l) => printed.push(l), logDestination: logs, handleSignals: false });
    try {
      expect(daemon.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(printed.some((l) => l.includes(daemon.url))).toBe(true);
      const password = /password: (\S+)/.exec(printed.join('\n'))?.[1] as string;
      expect(password).toBeTruthy();
      expect(logs.text).not.toContain(password);
      const health = await fetch(`${daemon.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', db: { ok: true } });
      const login = await fetch(`${daemon.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
    } finally {
      await daemon.close();
    }
  });

  it('given a second start on the same data then no admin is created and no password printed', async () => {
    const printed: string[] = [];
    const daemon = await startDaemon(config, { print: (l) => printed.push(l), logDestination: new TextSink(), handleSignals: false });
    try {
      expect(printed.join('\n')).not.toMatch(/password/i);
    } finally {
      await daemon.close();
    }
  });

  it('given an open WebSocket when the daemon closes then the socket is closed and the port released', async () => {
    const printed: string[] = [];
    const daemon = await startDaemon(config, { print: (l) => printed.push(l), logDestination: new TextSink(), handleSignals: false });
    const users = daemon.app.deps.users;
    await users.create({ username: 'watcher', roles: ['agent'], password: 'watcher password' }, {});
    const { token } = await daemon.app.deps.auth.login('watcher', 'watcher password');
    const ws = new WebSocket(`${daemon.url.replace('http', 'ws')}/api/ws?token=${token}`);
    const hello = new Promise((resolve) => ws.once('message', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await hello;
    await daemon.close();
    expect(await closed).toBeGreaterThan(0);
    await expect(fetch(`${daemon.url}/healthz`)).rejects.toThrow();
  });
});

/**
 * The app exactly as main.ts wires it, on the simulated PBX, with one IVR flow that sends the
 * number +15550100 to the queue "support": what the end-to-end call tests start from.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type AuthHeaders, type TestApp } from './test-app.js';

export const LINE_NUMBER = '+15550100';

export const LINE_FLOW = `description: test line
numbers: ["${LINE_NUMBER}"]
timezone: UTC
start: q
nodes:
  q:
    type: queue
    queue: support
`;

export interface DaemonLine {
  t: TestApp;
  dir: string;
  admin: AuthHeaders;
  post(url: string, body: unknown, headers?: AuthHeaders): Promise<LightMyRequestResponse>;
  /**
   * Advance simulated time a second at a time until `done` holds (bounded, no wall-clock waits);
   * before each step the routing engine's and call handling's pending work finishes.
   */
  until(what: string, done: () => Promise<boolean> | boolean, seconds?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startDaemonLine(prefix: string): Promise<DaemonLine> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  await writeFile(path.join(dir, 'line.yaml'), LINE_FLOW);
  const t = await createTestApp({ config: { ivrFlowsDir: dir, recordingsDir: path.join(dir, 'recordings') } });
  const admin = await t.loginAs('admin');
  return {
    t,
    dir,
    admin,
    post: (url, body, headers = admin) => t.inject({ method: 'POST', url, headers, payload: body as Record<string, unknown> }),
    async until(what, done, seconds = 60) {
      for (let i = 0; i < seconds; i++) {
        await t.deps.contactCenter.acd.flush();
        await t.deps.contactCenter.callHandling.calls.service.settle();
        if (await done()) return;
        // The IVR's work may wait on a real database write (PostgreSQL): let background work go
        // idle, at most 50 ms (a flow waiting for a key or a recording never does), before time
        // moves on, or 60 simulated seconds can pass before its next step starts.
        await Promise.race([t.deps.contactCenter.background.idle(), new Promise((r) => setTimeout(r, 50))]);
        await t.clock.advanceAsync(1_000);
      }
      throw new Error(`still waiting after ${seconds} simulated seconds for: ${what}`);
    },
    async close() {
      await t.deps.contactCenter.stop();
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The floor both supervisor Chromium tests start from: a daemon on the simulated media server with
 * the queue line, team Sales with Alice (agent1) and Bob (agent2) in queue 'support', supervisors
 * Sue and Sam on desk phones, and agent tokens for the API. Screenshots go to
 * test-artifacts/supervisor/ at 1920x1080.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PASSWORD, startToolbarDaemon, waitFor, type Headers, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { QUEUE_FLOW } from '../toolbar/toolbar-world.js';

export const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/supervisor');
export const SCREEN = { width: 1920, height: 1080 };

export interface SupervisorFloor {
  d: ToolbarDaemon;
  aliceAgent: string;
  bobAgent: string;
  /** The agents' own API tokens (their toolbar's requests). */
  alice: Headers;
  bob: Headers;
}

export async function startSupervisorFloor(): Promise<SupervisorFloor> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const d = await startToolbarDaemon({ line: QUEUE_FLOW });
  const sales = await d.api<{ id: string }>('POST', '/api/teams', { name: 'Sales' });
  const aliceUser = await d.createUser('alice', ['agent']);
  const bobUser = await d.createUser('bob', ['agent']);
  const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', teamId: sales.id, phone: { mode: 'fixed', extension: 'agent1' } })).id;
  const bobAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: bobUser, number: '1002', displayName: 'Bob Li', teamId: sales.id, phone: { mode: 'fixed', extension: 'agent2' } })).id;
  await d.api('POST', '/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: aliceAgent }, { agentId: bobAgent }], wrapUpSeconds: 60, noAnswerTimeoutSeconds: 120 });
  for (const [username, extension] of [
    ['sue', 'sue-desk'],
    ['sam', 'sam-desk'],
  ]) {
    await d.api('POST', '/api/users', { username, roles: ['supervisor'], password: PASSWORD, phone: { mode: 'fixed', extension } });
  }
  const token = async (username: string) => ({ authorization: `Bearer ${(await d.app().deps.auth.login(username, PASSWORD)).token}` });
  const alice = await token('alice');
  const bob = await token('bob');
  await waitFor('the line flow runs', () => d.app().deps.contactCenter.ivr.registry.runningVersion('line') !== undefined);
  return { d, aliceAgent, bobAgent, alice, bob };
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

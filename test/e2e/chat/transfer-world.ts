/**
 * The chat-transfer world: the app on the simulated media server with two chat queues and agents
 * in two teams. web chat is served by Alice (Sales); billing by Bob (Care). Carol (Care) is logged
 * in with no chat slot; Dave (Sales) is logged out. Lena leads Sales; Sam is a supervisor.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig, type AssistConfig, type ChatConfig } from '../../../src/config.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

export interface TransferAgent {
  id: string;
  userId: string;
  headers: AuthHeaders;
}

export interface TransferWorld {
  t: TestApp;
  admin: AuthHeaders;
  alice: TransferAgent;
  bob: TransferAgent;
  carol: TransferAgent;
  dave: TransferAgent;
  lena: AuthHeaders;
  sam: AuthHeaders;
  webQueue: string;
  billingQueue: string;
  wsUrl: string;
  /** The page's base address (http://127.0.0.1:port). */
  http: string;
  settle(): Promise<void>;
  close(): Promise<void>;
}

export async function startTransferWorld(opts: { chat?: Partial<ChatConfig>; assist?: Partial<AssistConfig>; aliceCapacity?: number } = {}): Promise<TransferWorld> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sb-transfer-'));
  const chat: ChatConfig = { ...defaultConfig().chat, ...opts.chat };
  const t = await createTestApp({ config: { ivrFlowsDir: dir, dataDir: dir, recordingsDir: path.join(dir, 'recordings'), chat, assist: { ...defaultConfig().assist, ...opts.assist } } });
  const admin = await t.loginAs('admin');
  const ok = async <T = { id: string }>(method: 'POST' | 'PUT', url: string, headers: AuthHeaders, body: unknown): Promise<T> => {
    const r = await t.inject({ method, url, headers, payload: body as Record<string, unknown> });
    if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body}`);
    return r.json() as T;
  };
  const sales = await ok('POST', '/api/teams', admin, { name: 'Sales' });
  const care = await ok('POST', '/api/teams', admin, { name: 'Care' });
  const agent = async (username: string, displayName: string, number: string, teamId: string): Promise<TransferAgent> => {
    const user = await t.deps.users.create({ username, roles: ['agent'], password: t.password }, {});
    const created = await ok('POST', '/api/agents', admin, { userId: user.user.id, number, displayName, teamId, phone: { mode: 'fixed', extension: `ext${number}` } });
    return { id: created.id, userId: user.user.id, headers: (await t.login('agent', username)).headers };
  };
  const alice = await agent('alice', 'Alice', '1001', sales.id);
  const bob = await agent('bob', 'Bob', '1002', care.id);
  const carol = await agent('carol', 'Carol', '1003', care.id);
  const dave = await agent('dave', 'Dave', '1004', sales.id);
  const lenaUser = await t.deps.users.create({ username: 'lena', roles: ['team_lead'], password: t.password }, {});
  await ok('PUT', `/api/teams/${sales.id}`, admin, { name: 'Sales', leadUserIds: [lenaUser.user.id] });
  await t.deps.users.create({ username: 'sam', roles: ['supervisor'], password: t.password }, {});
  const web = await ok('POST', '/api/queues', admin, { name: 'web chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: alice.id }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 20 });
  const billing = await ok('POST', '/api/queues', admin, { name: 'billing', media: 'chat', strategy: 'longest_idle', members: [{ agentId: bob.id }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 20 });
  await t.deps.contactCenter.start();
  const login = (a: TransferAgent, chatCapacity: number) => ok('POST', '/api/agent/login', a.headers, { state: 'available', chatCapacity });
  await login(alice, opts.aliceCapacity ?? 2);
  await login(bob, 2);
  await login(carol, 0);
  const { ws, http } = await t.listen();
  return {
    t,
    admin,
    alice,
    bob,
    carol,
    dave,
    lena: (await t.login('team_lead', 'lena')).headers,
    sam: (await t.login('supervisor', 'sam')).headers,
    webQueue: web.id,
    billingQueue: billing.id,
    wsUrl: `${ws}/api/widget/ws`,
    http,
    async settle() {
      await t.deps.contactCenter.acd.flush();
      await t.deps.contactCenter.chat.idle();
      await t.deps.contactCenter.background.idle();
    },
    async close() {
      await t.deps.contactCenter.stop();
      await t.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

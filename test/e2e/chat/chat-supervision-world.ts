/**
 * The chat world with a floor to supervise: team tA (led by Lee) holds Bob and Dave, who serve the
 * chat queue with Alice (no team) but log in not ready, so routed chats go to Alice; team tB (led
 * by Lou) holds Carol, who serves another queue. Sam is a supervisor with an agent profile (so he
 * can take chats over), logged in not ready with room for chats.
 */
import { canSee } from '../../../src/api/ws/event-filter.js';
import type { DomainEvent } from '../../../src/core/events.js';
import type { AuthHeaders, TestLogin } from '../../helpers/test-app.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

export interface SupervisionWorld extends ChatWorld {
  ids: { bob: string; carol: string; dave: string; sam: string };
  bob: TestLogin;
  carol: TestLogin;
  dave: TestLogin;
  sam: TestLogin;
  lee: TestLogin;
  lou: TestLogin;
  events: DomainEvent[];
  /** Who of these logins may see the event on /api/ws (the socket's own filter). */
  seenBy(e: DomainEvent): string[];
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: AuthHeaders, payload?: unknown): ReturnType<ChatWorld['t']['inject']>;
  /** A visitor who started a chat that Alice now handles. */
  startChat(name?: string): Promise<{ v: Visitor; token: string; chatId: string }>;
  visitors: Visitor[];
}

export async function startSupervisionWorld(opts: { agentSilentMs?: number } = {}): Promise<SupervisionWorld> {
  const w = await startChatWorld({ chatCapacity: 3, ...(opts.agentSilentMs ? { chat: { agentSilentMs: opts.agentSilentMs } } : {}) });
  const { t, admin } = w;
  const call: SupervisionWorld['call'] = (method, url, headers, payload) => t.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  const ok = async (res: Awaited<ReturnType<typeof call>>, status = 201) => {
    if (res.statusCode !== status) throw new Error(res.body);
    return res.json() as { id: string };
  };
  // Leads are resolved at login: the teams exist first.
  const leeUser = await t.deps.users.create({ username: 'lee', roles: ['team_lead'], password: t.password }, {});
  const louUser = await t.deps.users.create({ username: 'lou', roles: ['team_lead'], password: t.password }, {});
  const tA = await ok(await call('POST', '/api/teams', admin, { name: 'Team A', leadUserIds: [leeUser.user.id] }));
  const tB = await ok(await call('POST', '/api/teams', admin, { name: 'Team B', leadUserIds: [louUser.user.id] }));
  const lee = await t.login('team_lead', 'lee');
  const lou = await t.login('team_lead', 'lou');
  let n = 2000;
  const agent = async (username: string, roles: ('agent' | 'supervisor')[], teamId?: string) => {
    const user = await t.deps.users.create({ username, roles, password: t.password }, {});
    const a = await ok(await call('POST', '/api/agents', admin, { userId: user.user.id, number: String(++n), displayName: username[0]?.toUpperCase() + username.slice(1), phone: { mode: 'fixed', extension: username }, ...(teamId ? { teamId } : {}) }));
    return a.id;
  };
  const ids = { bob: await agent('bob', ['agent'], tA.id), dave: await agent('dave', ['agent'], tA.id), carol: await agent('carol', ['agent'], tB.id), sam: await agent('sam', ['supervisor']) };
  const queue = { name: 'web chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: w.aliceId }, { agentId: ids.bob }, { agentId: ids.dave }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 20 };
  await ok(await call('PUT', `/api/queues/${w.queueId}`, admin, queue), 200);
  await ok(await call('POST', '/api/queues', admin, { name: 'other chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: ids.carol }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 20 }));
  const login = async (username: string, roles: ('agent' | 'supervisor')[]) => {
    const l = await t.login(roles, username);
    const res = await call('POST', '/api/agent/login', l.headers, { state: 'not_ready', chatCapacity: 3 });
    if (res.statusCode !== 200) throw new Error(res.body);
    return l;
  };
  const bob = await login('bob', ['agent']);
  const dave = await login('dave', ['agent']);
  const carol = await login('carol', ['agent']);
  const sam = await login('sam', ['supervisor']);
  const aliceLogin = { principal: (await t.deps.auth.authenticate(w.alice.authorization.slice('Bearer '.length))) } as TestLogin;
  const events: DomainEvent[] = [];
  t.deps.bus.subscribe((e) => events.push(e));
  const named: [string, TestLogin][] = [['alice', aliceLogin], ['bob', bob], ['carol', carol], ['dave', dave], ['sam', sam], ['lee', lee], ['lou', lou]];
  const visitors: Visitor[] = [];
  return {
    ...w,
    ids,
    bob,
    carol,
    dave,
    sam,
    lee,
    lou,
    events,
    visitors,
    call,
    seenBy: (e) => named.filter(([, l]) => l.principal && canSee(l.principal, e)).map(([name]) => name),
    async startChat(name = 'Vera') {
      const v = await Visitor.connect(w.wsUrl);
      visitors.push(v);
      const welcome = (await v.request({ type: 'hello' }, 'welcome')) as { visitorToken: string };
      const started = (await v.request({ type: 'start', queue: w.queueId, name }, 'started')) as { chatId: string };
      await v.next('assigned');
      await w.settle();
      return { v, token: welcome.visitorToken, chatId: started.chatId };
    },
    async close() {
      for (const v of visitors.splice(0)) await v.close();
      await w.close();
    },
  };
}

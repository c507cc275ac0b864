/**
 * The contact center the fault harness runs: three numbers (a line to the "support" queue whose
 * agents take calls, a line to the "overflow" queue nobody serves so its callers wait, and an IVR
 * menu that waits for a key), agents with desk phones on the fake PBX, and the traffic that puts
 * N calls in every state: in IVR, waiting, ringing an agent, talking, on hold, in a consultation,
 * and agents in wrap-up. Everything goes through the public API and the PBX's far side.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Api } from './api.js';
import type { FakePbxProcess, PbxChannel } from './pbx-control.js';

export const SUPPORT_LINE = '+15550100';
export const OVERFLOW_LINE = '+15550200';
export const IVR_LINE = '+15550300';
const AGENT_PASSWORD = 'faults agent password 1';

export async function writeFlows(dir: string): Promise<void> {
  const queueFlow = (number: string, queue: string) => `description: fault harness ${queue}\nnumbers: ["${number}"]\ntimezone: UTC\nstart: q\nnodes:\n  q:\n    type: queue\n    queue: ${queue}\n`;
  await writeFile(path.join(dir, 'support.yaml'), queueFlow(SUPPORT_LINE, 'support'));
  await writeFile(path.join(dir, 'overflow.yaml'), queueFlow(OVERFLOW_LINE, 'overflow'));
  // A caller who never presses a key stays in the menu for the whole run.
  await writeFile(
    path.join(dir, 'menu.yaml'),
    `description: fault harness menu\nnumbers: ["${IVR_LINE}"]\ntimezone: UTC\nstart: menu\nnodes:\n  menu:\n    type: menu\n    prompt: "For support, press 1."\n    choices:\n      "1": q\n    timeout: 600s\n    retries: 5\n    onFail: q\n  q:\n    type: queue\n    queue: overflow\n`,
  );
}

/** How many calls go in each state; the agents needed follow from it. */
export interface Mix {
  talking: number;
  hold: number;
  consult: number;
  ringing: number;
  waiting: number;
  ivr: number;
  wrapUp: number;
  idle: number;
}

export function mixFor(calls: number): Mix {
  const talking = Math.max(3, Math.round(calls * 0.25));
  const ringing = Math.max(1, Math.round(calls * 0.1));
  const ivr = Math.max(1, Math.round(calls * 0.25));
  return {
    talking,
    hold: Math.max(1, Math.round(talking * 0.25)),
    consult: Math.max(1, Math.round(talking * 0.15)),
    ringing,
    ivr,
    waiting: Math.max(1, calls - talking - ringing - ivr),
    wrapUp: Math.max(1, Math.round(calls * 0.05)),
    idle: Math.max(1, Math.round(calls * 0.05)),
  };
}

export interface Agent {
  agentId: string;
  phone: string;
  api: Api;
  role: 'talking' | 'consulted' | 'ringing' | 'wrap_up' | 'idle';
}

export interface World {
  admin: Api;
  pbx: FakePbxProcess;
  agents: Agent[];
  queues: { support: string; overflow: string };
  /** Callers placed on the overflow line (they wait for the whole run unless they hang up). */
  waitingCallers: string[];
  /** Caller numbers handed out so far (each caller is unique). */
  nextCaller(): string;
}

export function phonesFor(mix: Mix): string[] {
  const n = mix.talking + mix.consult + mix.ringing + mix.wrapUp + mix.idle;
  return Array.from({ length: n }, (_, i) => `agent${i + 1}`);
}

/** Polls `check` (real time: this is a measuring tool, not a test) until it yields a value. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > until) throw new Error(`still waiting after ${timeoutMs} ms for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function setUpWorld(admin: Api, pbx: FakePbxProcess, mix: Mix): Promise<World> {
  const roles: Agent['role'][] = [
    ...Array<Agent['role']>(mix.talking).fill('talking'),
    ...Array<Agent['role']>(mix.consult).fill('consulted'),
    ...Array<Agent['role']>(mix.ringing).fill('ringing'),
    ...Array<Agent['role']>(mix.wrapUp).fill('wrap_up'),
    ...Array<Agent['role']>(mix.idle).fill('idle'),
  ];
  const agents: Agent[] = [];
  for (const [i, role] of roles.entries()) {
    const phone = `agent${i + 1}`;
    const { user } = await admin.post<{ user: { id: string } }>('/api/users', { username: phone, roles: ['agent'], password: AGENT_PASSWORD });
    const agent = await admin.post<{ id: string }>('/api/agents', { userId: user.id, number: String(1001 + i), displayName: `Agent ${i + 1}`, phone: { mode: 'fixed', extension: phone } });
    agents.push({ agentId: agent.id, phone, role, api: await admin.login(phone, AGENT_PASSWORD) });
  }
  // Wrap-up is as long as allowed: an agent in wrap-up stays so for the whole run.
  const support = await admin.post<{ id: string }>('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', wrapUpSeconds: 3600, members: agents.map((a) => ({ agentId: a.agentId })) });
  const overflow = await admin.post<{ id: string }>('/api/queues', { name: 'overflow', media: 'voice', strategy: 'longest_idle' });
  for (const a of agents) await a.api.post('/api/agent/login', { state: 'not_ready' });
  // The flows name the queues: they run once the daemon re-checked them after the queues appeared.
  await waitFor('the three IVR flows to run', async () => {
    const { flows } = await admin.get<{ flows: { numbers: string[]; problems: unknown[] }[] }>('/api/ivr/flows');
    return flows.filter((f) => f.problems.length === 0 && f.numbers.length > 0).length === 3;
  });
  let callers = 0;
  return { admin, pbx, agents, queues: { support: support.id, overflow: overflow.id }, waitingCallers: [], nextCaller: () => `+4930${String(100000 + ++callers)}` };
}

export interface LiveLeg {
  id: string;
  role: string;
  agentId?: string;
  endedAt?: number;
  answeredAt?: number;
}
export interface LiveCall {
  id: string;
  state: string;
  agentId?: string;
  contactId?: string;
  legs: LiveLeg[];
}

export const liveCalls = async (admin: Api): Promise<LiveCall[]> => (await admin.get<{ calls: LiveCall[] }>('/api/calls')).calls;

const ringingAt = (channels: PbxChannel[], phone: string) => channels.find((c) => c.kind === 'leg' && c.target === phone && !c.up);

/** The one caller of `from` on the PBX once the daemon has made it a call. */
async function callOf(w: World, callerChannel: string): Promise<LiveCall> {
  return waitFor(`the daemon takes the call of channel ${callerChannel}`, async () => (await liveCalls(w.admin)).find((c) => c.legs.some((l) => l.id === callerChannel)));
}

/** One caller to the support line, offered to `agent` alone; answered unless `ringOnly`. */
async function callToAgent(w: World, agent: Agent, ringOnly: boolean): Promise<LiveCall> {
  await agent.api.post('/api/agent/state', { state: 'available' });
  const caller = await w.pbx.place(w.nextCaller(), SUPPORT_LINE);
  await waitFor(`${agent.phone} rings`, async () => ringingAt(await w.pbx.channels(), agent.phone));
  if (!ringOnly) {
    await w.pbx.answer(agent.phone);
    await waitFor(`${agent.phone} talks`, async () => (await callOf(w, caller)).state === 'connected');
  }
  return callOf(w, caller);
}

/** Puts the world's calls in every state of the mix. */
export async function startTraffic(w: World, mix: Mix): Promise<void> {
  const by = (role: Agent['role']) => w.agents.filter((a) => a.role === role);
  for (const a of by('wrap_up')) {
    const call = await callToAgent(w, a, false);
    const customer = call.legs.find((l) => l.role === 'customer' && l.endedAt === undefined);
    if (customer) await w.pbx.send({ op: 'hangup', id: customer.id });
    await waitFor(`${a.phone} in wrap-up`, async () => (await agentStates(w.admin)).get(a.agentId) === 'wrap_up');
  }
  const talking: { agent: Agent; call: LiveCall }[] = [];
  for (const a of by('talking')) talking.push({ agent: a, call: await callToAgent(w, a, false) });
  for (const { agent, call } of talking.slice(0, mix.hold)) await agent.api.post(`/api/calls/${call.id}/hold`);
  const consulted = by('consulted');
  for (const [i, target] of consulted.entries()) {
    const from = talking[talking.length - 1 - i];
    if (!from) break;
    await target.api.post('/api/agent/state', { state: 'available' });
    await from.agent.api.post(`/api/calls/${from.call.id}/consult`, { target: { kind: 'agent', agentId: target.agentId } });
    await waitFor(`${target.phone} rings for a consultation`, async () => ringingAt(await w.pbx.channels(), target.phone));
    await w.pbx.answer(target.phone);
    await waitFor(`${from.agent.phone} consults`, async () => (await liveCalls(w.admin)).find((c) => c.id === from.call.id)?.state === 'consulting');
  }
  for (const a of by('ringing')) await callToAgent(w, a, true);
  for (let i = 0; i < mix.waiting; i++) w.waitingCallers.push(await w.pbx.place(w.nextCaller(), OVERFLOW_LINE));
  for (let i = 0; i < mix.ivr; i++) await w.pbx.place(w.nextCaller(), IVR_LINE);
  const expected = mix.talking + mix.ringing + mix.waiting + mix.ivr;
  await waitFor(`${expected} live calls`, async () => (await liveCalls(w.admin)).length >= expected);
}

export async function agentStates(admin: Api): Promise<Map<string, string>> {
  const { agents } = await admin.get<{ agents: { agentId: string; state: string }[] }>('/api/realtime/agents');
  return new Map(agents.map((a) => [a.agentId, a.state]));
}

/**
 * The composition root end to end: the contact center exactly as src/main.ts builds it (config
 * REST -> routing engine, IVR flow files -> runner, call handling, simulated media server), driven
 * only through the public API and the simulated far side.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import type { Logger } from '../../../src/core/log.js';
import { buildApp } from '../../../src/main.js';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';
import { LINE_FLOW } from '../../helpers/daemon-line.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

/** A logger that keeps what it was given, to check what operators would read. */
function capturingLogger(): { logger: Logger; lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, msg: msg ?? '', obj });
  // fatal and trace too: the HTTP server is given the same logger and checks for them.
  const logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), trace: at('trace'), child: (): Logger => logger };
  return { logger, lines };
}

const FLOW = LINE_FLOW;

describe('the daemon as main.ts wires it', () => {
  let t: TestApp;
  let dir: string;
  let admin: AuthHeaders;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-daemon-'));
    await writeFile(path.join(dir, 'line.yaml'), FLOW);
    t = await createTestApp({ config: { ivrFlowsDir: dir, recordingsDir: path.join(dir, 'recordings') } });
    admin = await t.loginAs('admin');
  });

  let running = true;
  afterEach(async () => {
    if (running) await t.deps.contactCenter.stop();
    running = true;
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = async (url: string, body: unknown, headers: AuthHeaders = admin) => {
    const res = await t.inject({ method: 'POST', url, headers, payload: body as Record<string, unknown> });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  /**
   * Advance simulated time a second at a time until `done` holds (bounded: no wall-clock waits).
   * Before each step the routing engine's and call handling's pending database writes finish, so
   * simulated time never runs ahead of the work (PostgreSQL answers slower than PGlite).
   */
  const until = async (what: string, done: () => Promise<boolean> | boolean, seconds = 60) => {
    for (let i = 0; i < seconds; i++) {
      await t.deps.contactCenter.acd.flush();
      await t.deps.contactCenter.callHandling.calls.service.settle();
      if (await done()) return;
      await t.clock.advanceAsync(1_000);
    }
    throw new Error(`still waiting after ${seconds} simulated seconds for: ${what}`);
  };

  it('given a configured queue, agent and flow when a caller dials the DID then the agent is rung, talks, and the call is recorded with its outcome', async () => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }], wrapUpSeconds: 5, noAnswerTimeoutSeconds: 20 });
    await t.deps.contactCenter.start();
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems).toEqual([]);

    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    const desk = await post('/api/agent/login', { state: 'available' }, aliceHeaders);
    expect(desk.state).toBe('available');

    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller hears someone', () => pbx.control.farSide(caller).hears.length > 0);
    const deskNow = (await t.inject({ method: 'GET', url: '/api/agent/desk', headers: aliceHeaders })).json();
    expect(deskNow.state).toBe('on_contact');
    // The one the caller hears is the leg that rang agent1's phone.
    const agentLeg = pbx.control.farSide(caller).hears[0] as string;
    expect(pbx.control.farSide(agentLeg).hears).toContain(caller);

    const mine = await t.inject({ method: 'GET', url: '/api/calls/mine', headers: aliceHeaders });
    expect(mine.json().call).toMatchObject({ state: 'connected' });

    await pbx.control.farEndHangup(caller);
    await until('the call record is closed', async () => {
      const res = await t.inject({ method: 'GET', url: '/api/call-records', headers: admin });
      return res.json().calls?.some((c: { state?: string }) => c.state === 'ended') ?? false;
    });
    const records = (await t.inject({ method: 'GET', url: '/api/call-records', headers: admin })).json();
    expect(records.calls).toHaveLength(1);
    expect(records.calls[0]).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'caller', agentId: agent.id, ivrPath: ['q'] });
    expect(records.calls[0].recordingIds).toHaveLength(1);
  });

  it('given a flow whose queue node names a skill when a caller dials then the agent holding that skill (stored by id) is rung', async () => {
    await writeFile(path.join(dir, 'line.yaml'), FLOW.replace('queue: support', 'queue: support\n    skills: [English]'));
    const english = await post('/api/skills', { name: 'english' });
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', {
      userId: alice.user.id,
      number: '1001',
      displayName: 'Alice',
      phone: { mode: 'fixed', extension: 'agent1' },
      skills: [{ skillId: english.id, level: 5 }],
    });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }] });
    await t.deps.contactCenter.start();
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems).toEqual([]);
    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    await post('/api/agent/login', { state: 'available' }, aliceHeaders);

    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller hears the agent', () => pbx.control.farSide(caller).hears.length > 0);
    const agentLeg = pbx.control.farSide(caller).hears[0] as string;
    expect(pbx.control.farSide(agentLeg).hears).toContain(caller);
    const deskNow = (await t.inject({ method: 'GET', url: '/api/agent/desk', headers: aliceHeaders })).json();
    expect(deskNow.state).toBe('on_contact');
  });

  it('given a flow whose queue node names a skill nobody configured when the flows load then the flow is rejected at the skill with file:line:col, and accepted once the skill is created', async () => {
    await writeFile(path.join(dir, 'line.yaml'), FLOW.replace('queue: support', 'queue: support\n    skills: [english]'));
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle' });
    await t.deps.contactCenter.start();
    const problems = t.deps.contactCenter.ivr.registry.stateOf('line')?.problems ?? [];
    expect(problems.map((p) => `${path.basename(p.file)}:${p.line}:${p.col}: ${p.reason}`)).toEqual(['line.yaml:9:14: skill "english" is not configured']);
    const loaded = new Promise<void>((resolve) => {
      const off = t.deps.bus.subscribe((e) => {
        if (e.type === 'ivr.flow_loaded' && e.flow === 'line') {
          off();
          resolve();
        }
      });
    });
    await post('/api/skills', { name: 'english' });
    await t.clock.advanceAsync(1_000); // past the re-check's quiet time
    await loaded;
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems).toEqual([]);
  });

  it('given a flow that names a queue that does not exist when an admin creates the queue then the flow is re-checked and runs', async () => {
    await t.deps.contactCenter.start();
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems.map((p) => p.reason).join()).toMatch(/queue "support" is not configured/);
    const loaded = new Promise<void>((resolve) => {
      const off = t.deps.bus.subscribe((e) => {
        if (e.type === 'ivr.flow_loaded' && e.flow === 'line') {
          off();
          resolve();
        }
      });
    });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle' });
    await t.clock.advanceAsync(1_000); // past the re-check's quiet time
    await loaded;
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.problems).toEqual([]);
    expect(t.deps.contactCenter.ivr.registry.stateOf('line')?.version).toBe(1);
  });

  it('given a caller waiting when the daemon restarts on a media server that lost the call then the recovered contact is closed, not offered to agents whose phones would never ring', async () => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } });
    await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }] });
    await t.deps.contactCenter.start();
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller waits in the queue', () => t.deps.contactCenter.acd.liveForRealtime().waiting.length === 1);
    // The first process dies here: its calls are gone, what it stored stays.
    await t.deps.contactCenter.stop();
    running = false;

    // A second daemon process on the same database: the first one's calls died with it.
    const second = buildApp({ config: t.deps.config, db: t.db, clock: t.clock });
    try {
      await second.deps.contactCenter.start();
      await second.deps.contactCenter.restored();
      expect(second.deps.contactCenter.acd.liveForRealtime().waiting).toEqual([]);
      const desk = second.deps.contactCenter.acd.login(agent.id, { state: 'available' });
      expect(second.deps.contactCenter.acd.openOffers(agent.id)).toEqual([]);
      expect(desk.state).toBe('available');
    } finally {
      await second.deps.contactCenter.stop();
      await second.server.close();
    }
  });

  it('given a flow whose queue was removed behind the API when the daemon restarts and a caller dials then the caller hears the error announcement, the call is an ivr_error, and an error alert and log are raised', async () => {
    const queue = await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle' });
    await t.deps.contactCenter.start();
    expect(t.deps.contactCenter.ivr.registry.runningVersion('line')?.version).toBe(1);
    await t.deps.contactCenter.stop();
    running = false;
    // Removed by hand in the database while the daemon was down: the API would have refused it.
    await t.configRepos.queues.delete(queue.id);

    const { logger, lines } = capturingLogger();
    const second = buildApp({ config: t.deps.config, db: t.db, clock: t.clock, pino: logger as never });
    const alerts: DomainEvent[] = [];
    second.deps.bus.subscribe((e) => {
      if (e.type === 'alert.raised') alerts.push(e);
    });
    try {
      await second.deps.contactCenter.start();
      expect(second.deps.contactCenter.ivr.registry.runningVersion('line')).toBeUndefined();
      const pbx = second.deps.contactCenter.pbx as SimulatedMediaServer;
      const caller = await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
      let records: { outcome?: string }[] = [];
      // Not settle(): the announcement's playback is itself a pending media step that only
      // simulated time ends.
      for (let i = 0; i < 60 && records[0]?.outcome === undefined; i++) {
        records = await second.deps.contactCenter.callStore.list({});
        if (records[0]?.outcome === undefined) await t.clock.advanceAsync(1_000);
      }
      expect(records).toMatchObject([{ outcome: 'ivr_error', hungUpBy: 'system' }]);
      // The announcement plays out (simulated seconds), then the caller is hung up.
      for (let i = 0; i < 5; i++) await t.clock.advanceAsync(1_000);
      await second.deps.contactCenter.callHandling.calls.service.settle();
      expect(pbx.control.farSide(caller).heardPrompts).toEqual(['prompt:closed']);
      expect(alerts).toEqual([expect.objectContaining({ severity: 'error', code: 'IVR_FLOW_FAILED', scope: {}, message: expect.stringContaining('the error announcement') })]);
      expect(lines.filter((l) => l.level === 'error').map((l) => l.msg)).toContain('IVR flow could not run; the caller goes to the safe destination');
    } finally {
      await second.deps.contactCenter.stop();
      await second.server.close();
    }
    // Two daemon starts on a shared machine: more than the default per-test time.
  }, 90_000);

  it('given a safe destination queue configured when a caller dials a number whose flow cannot run then they wait in that queue marked with the error, and an alert is raised', async () => {
    await t.close();
    t = await createTestApp({ config: { ivrFlowsDir: dir, recordingsDir: path.join(dir, 'recordings'), ivrSafeDestination: { kind: 'queue', queue: 'fallback' } } });
    admin = await t.loginAs('admin');
    const fallback = await post('/api/queues', { name: 'fallback', media: 'voice', strategy: 'longest_idle' });
    const alerts: DomainEvent[] = [];
    t.deps.bus.subscribe((e) => {
      if (e.type === 'alert.raised') alerts.push(e);
    });
    await t.deps.contactCenter.start();
    // "support" was never created: line has no running version.
    expect(t.deps.contactCenter.ivr.registry.runningVersion('line')).toBeUndefined();
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller waits in the safe queue', () => t.deps.contactCenter.acd.liveForRealtime().waiting.length === 1);
    const waiting = t.deps.contactCenter.acd.liveForRealtime().waiting[0];
    expect(waiting?.queueId).toBe(fallback.id);
    expect(t.deps.contactCenter.acd.contact(waiting?.contactId ?? '').attributes.ivr_error).toMatch(/no IVR flow named "main"/);
    expect(alerts).toEqual([expect.objectContaining({ code: 'IVR_FLOW_FAILED', message: expect.stringContaining('queue "fallback"') })]);
  }, 90_000);

  it('given a flow routing to a queue with a caller waiting in it when an admin deletes the queue, renames it or deletes the flow\'s skill then each is refused with CONFIG_IN_USE listing the flow and the waiting contact, and nothing changes', async () => {
    await writeFile(path.join(dir, 'line.yaml'), FLOW.replace('queue: support', 'queue: support\n    skills: [english]'));
    const english = await post('/api/skills', { name: 'english' });
    const queue = await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle' });
    await t.deps.contactCenter.start();
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    await pbx.control.placeInboundCall({ from: '+4930999', to: '+15550100' });
    await until('the caller waits in the queue', () => t.deps.contactCenter.acd.liveForRealtime().waiting.length === 1);

    const del = await t.inject({ method: 'DELETE', url: `/api/queues/${queue.id}`, headers: admin });
    expect(del.statusCode).toBe(409);
    expect(del.json()).toEqual({
      code: 'CONFIG_IN_USE',
      message: 'queue "support" cannot be deleted: it is used by IVR flow line and 1 waiting contact',
      details: { entity: 'queue', id: queue.id, flows: [{ flow: 'line', file: path.join(dir, 'line.yaml') }], waitingContacts: 1 },
    });
    const rename = await t.inject({ method: 'PUT', url: `/api/queues/${queue.id}`, headers: admin, payload: { name: 'helpdesk', media: 'voice', strategy: 'longest_idle' } });
    expect(rename.statusCode).toBe(409);
    expect(rename.json().code).toBe('CONFIG_IN_USE');
    const skill = await t.inject({ method: 'DELETE', url: `/api/skills/${english.id}`, headers: admin });
    expect(skill.statusCode).toBe(409);
    expect(skill.json()).toMatchObject({ code: 'CONFIG_IN_USE', details: { entity: 'skill', flows: [{ flow: 'line' }], waitingContacts: 1 } });

    expect((await t.inject({ method: 'GET', url: `/api/queues/${queue.id}`, headers: admin })).json().name).toBe('support');
    expect((await t.inject({ method: 'GET', url: `/api/skills/${english.id}`, headers: admin })).statusCode).toBe(200);
    expect(t.deps.contactCenter.acd.liveForRealtime().waiting).toHaveLength(1);
  }, 90_000);

  it('given callers waiting in a queue when an admin disables it then disabling is refused while a flow routes there, and once allowed the queue takes no new callers but still serves the waiting one', async () => {
    const alice = await t.deps.users.create({ username: 'alice', roles: ['agent'], password: t.password }, {});
    const agent = await post('/api/agents', { userId: alice.user.id, number: '1001', displayName: 'Alice', phone: { mode: 'fixed', extension: 'agent1' } });
    const queue = await post('/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }] });
    await post('/api/queues', { name: 'other', media: 'voice', strategy: 'longest_idle' });
    await t.deps.contactCenter.start();
    const pbx = t.deps.contactCenter.pbx as SimulatedMediaServer;
    const waiting = await pbx.control.placeInboundCall({ from: '+4930111', to: '+15550100' });
    await until('the first caller waits', () => t.deps.contactCenter.acd.liveForRealtime().waiting.length === 1);

    const disable = { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: agent.id }], enabled: false };
    const refused = await t.inject({ method: 'PUT', url: `/api/queues/${queue.id}`, headers: admin, payload: disable });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'CONFIG_IN_USE', details: { flows: [{ flow: 'line' }], waitingContacts: 0 } });

    // The flow moves to another queue; the waiting caller is what is left to drain.
    await writeFile(path.join(dir, 'line.yaml'), FLOW.replace('queue: support', 'queue: other'));
    await t.deps.contactCenter.ivr.registry.reload('line');
    const disabled = await t.inject({ method: 'PUT', url: `/api/queues/${queue.id}`, headers: admin, payload: disable });
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json().enabled).toBe(false);

    // A flow saved later that still routes to the disabled queue: its callers go to the safe destination.
    await writeFile(path.join(dir, 'late.yaml'), FLOW.replace('+15550100', '+15550200'));
    await t.deps.contactCenter.ivr.registry.reload('late');
    const late = await pbx.control.placeInboundCall({ from: '+4930222', to: '+15550200' });
    // Until the caller is hung up, not merely until the outcome is stored: the closing prompt plays
    // on simulated time after the record is written, and settle() waits for it.
    for (let i = 0; i < 30 && !pbx.control.farSide(late).gone; i++) await t.clock.advanceAsync(1_000);
    await t.deps.contactCenter.callHandling.calls.service.settle();
    const records = await t.deps.contactCenter.callStore.list({});
    expect(records.find((r) => r.from === '+4930222')?.outcome).toBe('ivr_error');
    expect(t.deps.contactCenter.acd.liveForRealtime().waiting.map((w) => w.queueId)).toEqual([queue.id]);

    const aliceHeaders = (await t.login('agent', 'alice')).headers;
    await post('/api/agent/login', { state: 'available' }, aliceHeaders);
    await until('the waiting caller reaches the agent', () => pbx.control.farSide(waiting).hears.length > 0);
  }, 120_000);
});

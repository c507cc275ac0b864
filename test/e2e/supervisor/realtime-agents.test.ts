/**
 * Issue 11: GET /api/realtime/agents, the supervisor console's read, against the daemon as main.ts
 * wires it on the simulated media server: agents with state, reason, current contact, monitor and
 * today's figures, and the floor counts matching the engine; a second listen on a monitored agent
 * is refused with ALREADY_MONITORED; a team lead sees only their team; an agent is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { makeToolbarWorld, type ToolbarWorld } from '../toolbar/toolbar-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

describe('GET /api/realtime/agents', () => {
  let w: ToolbarWorld;
  let sue: AuthHeaders;
  let sam: AuthHeaders;
  let lead: AuthHeaders;
  let callId: string;

  beforeAll(async () => {
    w = await makeToolbarWorld();
    const supervisor = async (username: string, extension: string) => {
      await w.ok('POST', '/api/users', w.admin, { username, roles: ['supervisor'], password: w.t.password, phone: { mode: 'fixed', extension } });
      return (await w.t.login('supervisor', username)).headers;
    };
    sue = await supervisor('sue', 'sue-desk');
    sam = await supervisor('sam', 'sam-desk');
    const lena = await w.ok('POST', '/api/users', w.admin, { username: 'lena', roles: ['team_lead'], password: w.t.password });
    await w.ok('PUT', `/api/teams/${w.teams.care}`, w.admin, { name: 'Care', leadUserIds: [lena.user.id] });
    lead = (await w.t.login('team_lead', 'lena')).headers;
  }, 60_000);

  afterAll(async () => {
    await w?.close();
  });

  const read = async (headers: AuthHeaders = sue): Promise<Json> => w.ok('GET', '/api/realtime/agents', headers);
  const row = (body: Json, agentId: string) => body.agents.find((a: Json) => a.agentId === agentId);

  it('given Alice on a call and Bob not ready for a meeting when a supervisor reads the floor then the agents, their contact and the counts match the engine', async () => {
    await w.ok('POST', '/api/agent/login', w.bob.headers, { state: 'not_ready', reason: 'meeting' });
    ({ callId } = await w.callAlice('+4930777'));
    await w.until("Alice's call is stored as handled", async () => row(await read(), w.alice.id).today.handled === 1);
    const body = await read();
    expect(body.floor.agents).toMatchObject({ online: 2, available: 0, notReady: { meeting: 1 }, handling: { ringing: 0, talking: 1, onHold: 0 } });
    expect(body.floor.calls).toMatchObject({ inboundInProgress: 1, waiting: 0, inIvr: 0 });
    const alice = row(body, w.alice.id);
    expect(alice).toMatchObject({ name: 'Alice', teams: [{ id: w.teams.sales, name: 'Sales' }], state: 'on_contact', activity: { group: 'handling', phase: 'talking' }, monitor: null });
    expect(alice.contact).toMatchObject({ callId, media: 'voice', caller: '+4930777', queueId: w.queueId });
    expect(alice.stateSince).toBe(w.cc().acd.agentSnapshot(w.alice.id).stateSince);
    expect(row(body, w.bob.id)).toMatchObject({ name: 'Bob', state: 'not_ready', reason: 'meeting', activity: { group: 'notReady', reason: 'meeting' }, contact: null });
  });

  it('given the call on hold when read then Alice counts as handling on hold', async () => {
    await w.ok('POST', `/api/calls/${callId}/hold`, w.alice.headers);
    const body = await read();
    expect(body.floor.agents.handling).toEqual({ ringing: 0, talking: 0, onHold: 1 });
    expect(row(body, w.alice.id).activity).toEqual({ group: 'handling', phase: 'onHold' });
    await w.ok('POST', `/api/calls/${callId}/unhold`, w.alice.headers);
  });

  it('given a supervisor listening to Alice when read then she shows as monitored and the floor counts one supervisor listening', async () => {
    await w.ok('POST', `/api/calls/${callId}/supervise/listen`, sue);
    const supervision = w.cc().callHandling.supervision;
    await w.until("Sue's phone joins the call", () => supervision.list().some((s) => s.callId === callId && s.state === 'active'));
    const body = await read();
    expect(body.floor.supervisors).toEqual({ listening: 1, barging: 0, handling: 0, dialingOut: 0 });
    expect(row(body, w.alice.id).monitor).toMatchObject({ mode: 'listen', state: 'active' });
  });

  it('given Alice already monitored when another supervisor listens, whispers or barges then each is refused with ALREADY_MONITORED (409)', async () => {
    for (const mode of ['listen', 'whisper', 'barge']) {
      const res = await w.inject('POST', `/api/calls/${callId}/supervise/${mode}`, sam);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'ALREADY_MONITORED', details: { agentId: w.alice.id } });
    }
    expect(w.cc().callHandling.supervision.list()).toHaveLength(1);
  });

  it('given a team lead of Care when they read then they see only Bob, and a floor without Alice or her call', async () => {
    const body = await read(lead);
    expect(body.agents.map((a: Json) => a.agentId)).toEqual([w.bob.id]);
    expect(body.floor.agents).toMatchObject({ online: 1, notReady: { meeting: 1 }, handling: { talking: 0 } });
    expect(body.floor.calls.inboundInProgress).toBe(0);
    expect(body.floor.supervisors.listening).toBe(0);
  });

  it('given an agent when they ask for the console read then 403', async () => {
    const res = await w.inject('GET', '/api/realtime/agents', w.alice.headers);
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('FORBIDDEN');
  });
});

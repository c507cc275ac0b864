/**
 * Issue 11, the console's contact actions against the daemon as main.ts wires it on the simulated
 * media server: the console read lists the waiting contacts with their caller and each agent's
 * contact id; a supervisor force-transfers an agent's call to another agent and assigns a waiting
 * call to a chosen agent (each audited, the target's phone rings); a team lead is refused both on
 * an agent outside their teams; a barge shows on the agent's row as a barge.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { makeToolbarWorld, type ToolbarWorld } from '../toolbar/toolbar-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

const FIRST = '+4930111222';
const SECOND = '+4930333444';

describe('supervisor actions on contacts', () => {
  let w: ToolbarWorld;
  let sue: AuthHeaders;
  let lead: AuthHeaders;
  let sueId: string;

  beforeAll(async () => {
    w = await makeToolbarWorld();
    const created = await w.ok('POST', '/api/users', w.admin, { username: 'sue', roles: ['supervisor'], password: w.t.password, phone: { mode: 'fixed', extension: 'sue-desk' } });
    sueId = created.user.id;
    sue = (await w.t.login('supervisor', 'sue')).headers;
    const lena = await w.ok('POST', '/api/users', w.admin, { username: 'lena', roles: ['team_lead'], password: w.t.password });
    // Lena leads Care (Bob's team), not Sales (Alice's).
    await w.ok('PUT', `/api/teams/${w.teams.care}`, w.admin, { name: 'Care', leadUserIds: [lena.user.id] });
    lead = (await w.t.login('team_lead', 'lena')).headers;
  }, 60_000);

  afterAll(async () => {
    await w?.close();
  });

  const read = async (headers: AuthHeaders = sue): Promise<Json> => w.ok('GET', '/api/realtime/agents', headers);
  const row = (body: Json, agentId: string) => body.agents.find((a: Json) => a.agentId === agentId);
  const callOf = (agentId: string) => w.cc().callHandling.calls.control.callOfAgent(agentId);
  /** The audit entry of `action` on `contactId` (entries of one simulated instant have no order between them). */
  const audited = async (action: string, contactId: string) => (await w.t.deps.auditReader.query({ action, limit: 50 })).filter((e) => e.target === `contact:${contactId}`);

  it("given Alice talking with a caller and Bob not ready when a supervisor force-transfers Alice's contact to Bob then Bob's phone rings, he has the caller, and the transfer is audited", async () => {
    await w.ok('POST', '/api/agent/login', w.bob.headers, { state: 'not_ready', reason: 'meeting' });
    const { callId } = await w.callAlice(FIRST);
    const contact = row(await read(), w.alice.id).contact;
    expect(contact).toMatchObject({ callId, caller: FIRST });
    expect(contact.contactId).toBe(w.cc().acd.agentSnapshot(w.alice.id).work[0]?.contactId);

    const res = await w.ok('POST', `/api/contacts/${contact.contactId}/transfer`, sue, { agentId: w.bob.id });
    // A call moves by its own transfer: the offer to Bob follows, it is not in the answer.
    expect(res.offer).toBeNull();
    await w.until('Bob talks with the caller', () => callOf(w.bob.id)?.id === callId && callOf(w.bob.id)?.state === 'connected');
    const body = await read();
    expect(row(body, w.bob.id).contact).toMatchObject({ callId, caller: FIRST });
    expect(row(body, w.alice.id).contact).toBeNull();
    expect(w.cc().callHandling.calls.control.view(callId).legs.filter((l) => l.endedAt === undefined).map((l) => l.agentId ?? l.role)).not.toContain(w.alice.id);
    expect(await audited('contact.force_transfer', contact.contactId)).toEqual([expect.objectContaining({ actorId: sueId, details: { agentId: w.bob.id } })]);
  });

  it('given Alice not ready and Bob busy when a second caller dials then the console lists the call as waiting, with its caller and queue', async () => {
    // Alice wraps up the call she handled before it was moved; she ends it to go on with the next.
    expect(w.cc().acd.agentSnapshot(w.alice.id).state).toBe('wrap_up');
    await w.ok('POST', '/api/agent/wrap-up/finish', w.alice.headers, {});
    await w.ok('POST', '/api/agent/state', w.alice.headers, { state: 'not_ready', reason: 'meeting' });
    await w.pbx.control.placeInboundCall({ from: SECOND, to: '+15550100' });
    await w.until('the caller waits', () => w.cc().acd.liveForRealtime().waiting.length === 1);
    const body = await read();
    expect(body.waiting).toHaveLength(1);
    expect(body.waiting[0]).toMatchObject({ caller: SECOND, queueId: w.queueId, contactId: w.cc().acd.liveForRealtime().waiting[0]?.contactId });
    expect(body.waiting[0].callId).toEqual(expect.any(String));
    expect(body.floor.calls.waiting).toBe(1);
  });

  it('given the call waiting when the lead of Care assigns it to Alice (Sales) or moves Bob’s call to Alice then both are refused with FORBIDDEN and nothing moves', async () => {
    const [waiting] = (await read()).waiting;
    // The lead's read lists the waiting call: Bob, in their team, serves its queue.
    expect((await read(lead)).waiting.map((c: Json) => c.contactId)).toEqual([waiting.contactId]);
    const assign = await w.inject('POST', `/api/contacts/${waiting.contactId}/assign`, lead, { agentId: w.alice.id });
    expect(assign.statusCode, assign.body).toBe(403);
    expect(assign.json()).toMatchObject({ code: 'FORBIDDEN', details: { agentId: w.alice.id } });
    const bobsContact = row(await read(), w.bob.id).contact.contactId;
    const transfer = await w.inject('POST', `/api/contacts/${bobsContact}/transfer`, lead, { agentId: w.alice.id });
    expect(transfer.statusCode, transfer.body).toBe(403);
    expect(transfer.json()).toMatchObject({ code: 'FORBIDDEN', details: { agentId: w.alice.id } });
    expect(w.cc().acd.liveForRealtime().waiting.map((c) => c.contactId)).toEqual([waiting.contactId]);
    expect(w.cc().acd.openOffers(w.alice.id)).toEqual([]);
  });

  it('given the call waiting when a supervisor assigns it to Alice, not ready, then her phone rings and answers, the line is empty, and the assignment is audited', async () => {
    const [waiting] = (await read()).waiting;
    const offer = await w.ok('POST', `/api/contacts/${waiting.contactId}/assign`, sue, { agentId: w.alice.id });
    expect(offer).toMatchObject({ agentId: w.alice.id, contactId: waiting.contactId });
    await w.until('Alice talks with the second caller', () => callOf(w.alice.id)?.id === waiting.callId && callOf(w.alice.id)?.state === 'connected');
    const body = await read();
    expect(body.waiting).toEqual([]);
    expect(row(body, w.alice.id).contact).toMatchObject({ callId: waiting.callId, caller: SECOND });
    expect(await audited('contact.assign', waiting.contactId)).toEqual([expect.objectContaining({ actorId: sueId, details: { agentId: w.alice.id } })]);
  });

  it("given Bob on a call when a supervisor barges then Bob's row shows the barge, active, and the floor counts one supervisor barging", async () => {
    const callId = row(await read(), w.bob.id).contact.callId;
    await w.ok('POST', `/api/calls/${callId}/supervise/barge`, sue);
    await w.until("Sue's phone joins Bob's call", () => w.cc().callHandling.supervision.list().some((s) => s.callId === callId && s.state === 'active'));
    const body = await read();
    expect(row(body, w.bob.id).monitor).toEqual({ supervisorId: sueId, mode: 'barge', state: 'active' });
    expect(body.floor.supervisors.barging).toBe(1);
  });

  it("given Alice and Bob both on calls when a supervisor force-transfers Alice's call to Bob, or to Alice herself, then each is refused with a coded error and Alice keeps her caller", async () => {
    const contact = row(await read(), w.alice.id).contact;
    const busy = await w.inject('POST', `/api/contacts/${contact.contactId}/transfer`, sue, { agentId: w.bob.id });
    expect(busy.statusCode, busy.body).toBe(409);
    expect(busy.json()).toMatchObject({ code: 'CAPACITY_EXCEEDED', details: { agentId: w.bob.id } });
    const self = await w.inject('POST', `/api/contacts/${contact.contactId}/transfer`, sue, { agentId: w.alice.id });
    expect(self.statusCode, self.body).toBe(409);
    expect(self.json().code).toBe('CONFLICT');
    await w.until('nothing moves', () => callOf(w.alice.id)?.state === 'connected');
    expect(callOf(w.alice.id)?.id).toBe(contact.callId);
  });

  it("given Alice on a call when a supervisor force-transfers it back into the queue then Alice is freed, the caller waits in line again, and the move is audited", async () => {
    const contact = row(await read(), w.alice.id).contact;
    const res = await w.ok('POST', `/api/contacts/${contact.contactId}/transfer`, sue, { queueId: w.queueId });
    expect(res.offer).toBeNull();
    await w.until('the caller waits in line', () => w.cc().acd.liveForRealtime().waiting.length === 1 && callOf(w.alice.id) === undefined);
    const body = await read();
    expect(body.waiting).toHaveLength(1);
    expect(body.waiting[0]).toMatchObject({ callId: contact.callId, caller: SECOND, queueId: w.queueId });
    expect(row(body, w.alice.id).contact).toBeNull();
    expect(await audited('contact.force_transfer', contact.contactId)).toEqual([expect.objectContaining({ actorId: sueId, details: { queueId: w.queueId } })]);
  });
});

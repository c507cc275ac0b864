/** /api/tickets end to end over the full app: permissions, team scope, history, bad input. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrincipalLinks } from '../../../src/accounts/ports.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';

describe('/api/tickets', () => {
  let t: TestApp;
  const linkOf = new Map<string, { agentId?: string; ledTeamIds: string[] }>();
  const links: PrincipalLinks = { linksFor: async (userId) => linkOf.get(userId) ?? { ledTeamIds: [] } };
  let alice: AuthHeaders; // agent a1 in team tA
  let bob: AuthHeaders; // agent b1 in team tB
  let sup: AuthHeaders;
  let admin: AuthHeaders;
  // Real directory entries: a ticket naming an id that does not exist is refused.
  let tA = '';
  let tB = '';
  let tP = '';
  let a1 = '';
  let customer = '';

  const agentUser = async (username: string, number: string, teamId: string) => {
    const created = await t.deps.users.create({ username, roles: ['agent'], password: t.password }, {});
    const agent = await t.inject({ method: 'POST', url: '/api/agents', headers: admin, payload: { userId: created.user.id, number, displayName: username, teamId, phone: { mode: 'fixed', extension: `ext${number}` } } });
    if (agent.statusCode !== 201) throw new Error(agent.body);
    const agentId = agent.json().id as string;
    t.deps.contactCenter.acd.upsertAgentProfile({ id: agentId, skills: {}, teamIds: [teamId] });
    linkOf.set(created.user.id, { agentId, ledTeamIds: [] });
    return { headers: (await t.login('agent', username)).headers, agentId };
  };
  const made = async (url: string, payload: object) => {
    const res = await t.inject({ method: 'POST', url, headers: admin, payload });
    if (res.statusCode !== 201) throw new Error(res.body);
    return res.json().id as string;
  };
  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, headers: AuthHeaders, payload?: object) => {
    const res = await t.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> & { code?: string } };
  };

  beforeAll(async () => {
    t = await createTestApp({ links });
    admin = await t.loginAs('admin');
    tA = await made('/api/teams', { name: 'Team A' });
    tB = await made('/api/teams', { name: 'Team B' });
    tP = await made('/api/teams', { name: 'Paging' });
    customer = await made('/api/customers', { name: 'Erika Mustermann' });
    const a = await agentUser('alice', '1001', tA);
    a1 = a.agentId;
    alice = a.headers;
    bob = (await agentUser('bob', '1002', tB)).headers;
    sup = await t.loginAs('supervisor');
  });
  afterAll(async () => {
    await t.close();
  });

  it('given an agent when they create, change and reply to a ticket then GET shows the replies and every change in the history', async () => {
    const created = await call('POST', '/api/tickets', alice, { subject: 'Broken router', teamId: tA, customerId: customer, description: 'line 1\nline 2' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'new', priority: 'normal', customerId: customer, overdue: false });
    expect((await call('PATCH', `/api/tickets/${id}`, alice, { priority: 'urgent', assigneeId: a1 })).status).toBe(200);
    expect((await call('POST', `/api/tickets/${id}/replies`, alice, { visibility: 'internal', body: 'ask for the serial' })).status).toBe(201);
    expect((await call('POST', `/api/tickets/${id}/replies`, alice, { visibility: 'public', body: 'We will call you' })).status).toBe(201);
    expect((await call('POST', `/api/tickets/${id}/transitions`, alice, { to: 'pending' })).body.status).toBe('pending');

    const got = await call('GET', `/api/tickets/${id}`, alice);
    expect(got.status).toBe(200);
    const replies = got.body.replies as { visibility: string; body: string }[];
    expect(replies.map((r) => `${r.visibility}: ${r.body}`)).toEqual(['internal: ask for the serial', 'public: We will call you']);
    const history = got.body.history as { field: string; from: string | null; to: string | null }[];
    expect(history.map((h) => h.field)).toEqual(['status', 'priority', 'dueAt', 'assigneeId', 'reply', 'reply', 'status']);
    expect(history.at(-1)).toMatchObject({ from: 'new', to: 'pending' });

    const mine = await call('GET', '/api/tickets?view=mine', alice);
    expect((mine.body.tickets as { id: string }[]).map((x) => x.id)).toEqual([id]);
    const audit = await t.deps.auditReader.query({ action: 'ticket.' });
    expect(audit.filter((e) => e.target === `ticket:${id}`).length).toBe(5);
  });

  it('given an agent without tickets.close when closing a solved ticket then a coded 403 and nothing changes; a supervisor closes it', async () => {
    const id = (await call('POST', '/api/tickets', alice, { subject: 'Close me', teamId: tA })).body.id as string;
    await call('POST', `/api/tickets/${id}/transitions`, alice, { to: 'solved' });
    const before = await call('GET', `/api/tickets/${id}`, alice);

    const refused = await call('POST', `/api/tickets/${id}/transitions`, alice, { to: 'closed' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('TICKET_CLOSE_FORBIDDEN');
    expect(await call('GET', `/api/tickets/${id}`, alice)).toEqual(before);

    const closed = await call('POST', `/api/tickets/${id}/transitions`, sup, { to: 'closed' });
    expect(closed.body.status).toBe('closed');
  });

  it('given a deleted ticket when replied to then 409 TICKET_DELETED; an illegal transition is 409 TICKET_TRANSITION', async () => {
    const id = (await call('POST', '/api/tickets', alice, { subject: 'Spam' })).body.id as string;
    const illegal = await call('POST', `/api/tickets/${id}/transitions`, alice, { to: 'closed' });
    // Closing is checked for permission before the table: an agent learns only that they may not.
    expect(illegal.body.code).toBe('TICKET_CLOSE_FORBIDDEN');
    expect((await call('POST', `/api/tickets/${id}/transitions`, sup, { to: 'closed' })).body.code).toBe('TICKET_TRANSITION');
    expect((await call('POST', `/api/tickets/${id}/transitions`, alice, { to: 'deleted' })).body.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', `/api/tickets/${id}/transitions`, alice, { to: 'deleted', reason: 'spam' })).body.status).toBe('deleted');
    const reply = await call('POST', `/api/tickets/${id}/replies`, alice, { visibility: 'public', body: 'hello?' });
    expect(reply.status).toBe(409);
    expect(reply.body.code).toBe('TICKET_DELETED');
    expect((await call('GET', `/api/tickets/${id}`, alice)).body.replies).toEqual([]);
  });

  it('given a ticket of team tA when an agent of tB reads, changes or lists it then it is not there for them', async () => {
    const id = (await call('POST', '/api/tickets', alice, { subject: 'Team A only', teamId: tA })).body.id as string;
    expect((await call('GET', `/api/tickets/${id}`, bob)).body.code).toBe('TICKET_NOT_FOUND');
    expect((await call('PATCH', `/api/tickets/${id}`, bob, { priority: 'low' })).status).toBe(404);
    const listed = (await call('GET', '/api/tickets', bob)).body.tickets as { id: string }[];
    expect(listed.map((x) => x.id)).not.toContain(id);
    expect((await call('POST', '/api/tickets', bob, { subject: 'x', teamId: tA })).status).toBe(403);
    expect((await call('GET', `/api/tickets/${id}`, sup)).status).toBe(200);
  });

  it('given bad input or no permission then a coded 4xx and nothing is stored', async () => {
    const before = ((await call('GET', '/api/tickets?limit=200&status=new&status=open&status=pending&status=solved&status=closed&status=deleted', sup)).body.tickets as unknown[]).length;
    expect((await call('POST', '/api/tickets', alice, { subject: 'x', colour: 'red' })).body.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/api/tickets', alice, { subject: '' })).body.code).toBe('VALIDATION_FAILED');
    expect((await call('POST', '/api/tickets', alice, { subject: 'x', priority: 'asap' })).body.code).toBe('VALIDATION_FAILED');
    const nowhere = await call('POST', '/api/tickets', sup, { subject: 'x', customerId: 'no-such-customer', assigneeId: 'no-such-agent', teamId: 'no-such-team' });
    expect((nowhere.body.details as { problems: { where: string }[] }).problems.map((p) => p.where)).toEqual(['/customerId', '/assigneeId', '/teamId']);
    const nobody = await t.loginAs([]);
    expect((await call('POST', '/api/tickets', nobody, { subject: 'x' })).status).toBe(403);
    expect((await call('GET', '/api/tickets', nobody)).status).toBe(403);
    const after = ((await call('GET', '/api/tickets?limit=200&status=new&status=open&status=pending&status=solved&status=closed&status=deleted', sup)).body.tickets as unknown[]).length;
    expect(after).toBe(before);
  });

  it('given more tickets than a page when following next then every ticket comes once and filters apply', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await call('POST', '/api/tickets', sup, { subject: `page ${i}`, teamId: tP, priority: 'high' })).body.id as string);
    const seen: string[] = [];
    let url = `/api/tickets?team=${tP}&priority=high&limit=2`;
    for (;;) {
      const page = await call('GET', url, sup);
      seen.push(...(page.body.tickets as { id: string }[]).map((x) => x.id));
      const next = page.body.next as { beforeAt: number; beforeId: string } | null;
      if (!next) break;
      url = `/api/tickets?team=${tP}&priority=high&limit=2&beforeAt=${next.beforeAt}&beforeId=${next.beforeId}`;
    }
    expect(seen.sort()).toEqual([...made].sort());
    expect(new Set(seen).size).toBe(5);
    t.clock.advance(9 * 3_600_000);
    // Nine hours idle end the session; a fresh one reads what the clock did to the tickets.
    const overdue = (await call('GET', `/api/tickets?view=overdue&team=${tP}`, await t.loginAs('supervisor'))).body.tickets as { overdue: boolean }[];
    expect(overdue.length).toBe(5);
    expect(overdue.every((x) => x.overdue)).toBe(true);
  });
});

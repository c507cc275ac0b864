/** /api/qa end to end over the full app: scorecards, samples, evaluations, disputes, scope, report, audit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrincipalLinks } from '../../../src/accounts/ports.js';
import { createTestApp, type AuthHeaders, type TestApp } from '../../helpers/test-app.js';
import { callCard } from '../../unit/qa/fixtures.js';

const MON = Date.UTC(2026, 10, 2);
const full = { greeting: { value: true }, identity: { value: true }, solution: { value: 5 }, closing: { value: true } };

describe('/api/qa', () => {
  let t: TestApp;
  const linkOf = new Map<string, { agentId?: string; ledTeamIds: string[] }>();
  const links: PrincipalLinks = { linksFor: async (userId) => linkOf.get(userId) ?? { ledTeamIds: [] } };
  let admin: AuthHeaders;
  let sup: AuthHeaders;
  let supUser = '';
  let lead: AuthHeaders; // leads team tA
  let alice: AuthHeaders; // agent in tA
  let bob: AuthHeaders; // agent in tB
  let aliceId = '';
  let bobId = '';
  let card = '';
  let leadUserId = '';
  let tA = '';

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are checked field by field
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: AuthHeaders, payload?: object): Promise<{ status: number; body: any }> => {
    const res = await t.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? res.json() : undefined };
  };
  const made = async (url: string, payload: object) => {
    const res = await call('POST', url, admin, payload);
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    return res.body.id as string;
  };
  const agentUser = async (username: string, number: string, teamId: string) => {
    const created = await t.deps.users.create({ username, roles: ['agent'], password: t.password }, {});
    const agentId = await made('/api/agents', { userId: created.user.id, number, displayName: username, teamId, phone: { mode: 'fixed', extension: `ext${number}` } });
    t.deps.contactCenter.acd.upsertAgentProfile({ id: agentId, skills: {}, teamIds: [teamId] });
    linkOf.set(created.user.id, { agentId, ledTeamIds: [] });
    return { headers: (await t.login('agent', username)).headers, agentId };
  };
  const handledCall = async (id: string, agentId: string, startedAt: number, over: { queueId?: string; talkMs?: number; from?: string } = {}) => {
    await t.db
      .insertInto('calls')
      .values({ id, direction: 'inbound', state: 'ended', from_number: over.from ?? '+8613800000000', to_number: '400', caller_name: '', queue_id: over.queueId ?? null, contact_id: null, agent_id: agentId, customer: null, ivr_path: '[]', variables: '{}', started_at: new Date(startedAt), answered_at: new Date(startedAt + 5000), ended_at: new Date(startedAt + 5000 + (over.talkMs ?? 55_000)), outcome: 'agent_answered', hung_up_by: 'caller', recording_ids: '[]' })
      .execute();
  };
  const handledChat = async (id: string, agentId: string, startedAt: number) => {
    await t.db.insertInto('chat_visitors').values({ id: `v-${id}`, token_hash: `h-${id}`, created_at: new Date(startedAt) }).execute();
    await t.db.insertInto('chats').values({ id, visitor_id: `v-${id}`, queue_id: 'q', state: 'ended', agent_id: agentId, visitor_name: '王女士', page: 'https://shop.example/cart', created_at: new Date(startedAt), assigned_at: new Date(startedAt + 1000), ended_at: new Date(startedAt + 90_000), end_reason: 'agent_ended', outcome: 'solved', outcome_reason: null, last_seq: 2 }).execute();
    await t.db
      .insertInto('chat_messages')
      .values([
        { chat_id: id, seq: 1, author: 'visitor', agent_id: null, client_id: 'v:1', body: '订单还没发货', at: new Date(startedAt + 2000) },
        { chat_id: id, seq: 2, author: 'agent', agent_id: agentId, client_id: 'a:1', body: '我帮您查一下', at: new Date(startedAt + 3000) },
      ])
      .execute();
  };

  beforeAll(async () => {
    t = await createTestApp({ links });
    admin = await t.loginAs('admin');
    const supLogin = await t.login('supervisor');
    [sup, supUser] = [supLogin.headers, supLogin.userId];
    tA = await made('/api/teams', { name: 'Team A' });
    const tB = await made('/api/teams', { name: 'Team B' });
    const a = await agentUser('alice', '1001', tA);
    const b = await agentUser('bob', '1002', tB);
    [alice, aliceId, bob, bobId] = [a.headers, a.agentId, b.headers, b.agentId];
    const leadUser = await t.deps.users.create({ username: 'lead', roles: ['team_lead'], password: t.password }, {});
    linkOf.set(leadUser.user.id, { ledTeamIds: [tA] });
    leadUserId = leadUser.user.id;
    lead = (await t.login('team_lead', 'lead')).headers;
    for (let i = 0; i < 6; i++) await handledCall(`ca${i}`, aliceId, MON + i * 3_600_000);
    for (let i = 0; i < 3; i++) await handledCall(`cb${i}`, bobId, MON + i * 3_600_000);
    await handledChat('chat-a', aliceId, MON + 10 * 3_600_000);
    const created = await call('POST', '/api/qa/scorecards', sup, callCard());
    expect(created.status).toBe(201);
    card = created.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('given weights adding up to 90 when an admin saves the scorecard then QA_WEIGHTS and nothing is stored', async () => {
    const bad = callCard();
    bad.sections[1]!.items[1]!.weight = 20;
    const res = await call('POST', '/api/qa/scorecards', admin, bad);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'QA_WEIGHTS', details: { sum: 90 } });
    const list = await call('GET', '/api/qa/scorecards', admin);
    expect(list.body.map((c: { id: string }) => c.id)).toEqual([card]);
  });

  it('given a team lead and an agent when they try to define a scorecard then 403', async () => {
    expect((await call('POST', '/api/qa/scorecards', lead, callCard())).status).toBe(403);
    expect((await call('POST', '/api/qa/scorecards', alice, callCard())).status).toBe(403);
  });

  it('given a team lead when sampling two per agent then only their team’s agent is sampled, asking again adds nothing and asking for 3 adds one', async () => {
    const first = await call('POST', '/api/qa/samples', lead, { from: MON, to: MON + 86_400_000, perAgent: 2 });
    expect(first.status).toBe(201);
    expect(first.body).toHaveLength(2);
    expect(new Set(first.body.map((a: { agentId: string }) => a.agentId))).toEqual(new Set([aliceId]));
    const again = await call('POST', '/api/qa/samples', lead, { from: MON, to: MON + 86_400_000, perAgent: 2 });
    expect(again.body).toEqual([]);
    const more = await call('POST', '/api/qa/samples', lead, { from: MON, to: MON + 86_400_000, perAgent: 3 });
    expect(more.body).toHaveLength(1);
    const open = await call('GET', '/api/qa/assignments', lead);
    expect(new Set(open.body.map((a: { contact: { id: string } }) => a.contact.id)).size).toBe(3);
  });

  it('given a team lead when evaluating a call of another team then QA_CONTACT_NOT_FOUND and nothing is stored', async () => {
    const res = await call('POST', '/api/qa/evaluations', lead, { scorecardId: card, contact: { kind: 'call', id: 'cb0' } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('QA_CONTACT_NOT_FOUND');
    const rows = await t.db.selectFrom('qa_evaluations').select('id').where('contact_id', '=', 'cb0').execute();
    expect(rows).toEqual([]);
  });

  it('given an evaluation when drafted, submitted, disputed and resolved by a second reviewer then each step shows and is audited', async () => {
    const started = await call('POST', '/api/qa/evaluations', lead, { scorecardId: card, contact: { kind: 'call', id: 'ca5' } });
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    expect(started.body).toMatchObject({ state: 'draft', agentId: aliceId, scorecardVersion: 1 });

    // The agent does not see a draft.
    expect((await call('GET', `/api/qa/evaluations/${id}`, alice)).status).toBe(404);
    const draft = await call('PUT', `/api/qa/evaluations/${id}`, lead, { answers: { greeting: { value: true } }, comment: '开场很好' });
    expect(draft.body).toMatchObject({ state: 'draft', answers: { greeting: { value: true } }, comment: '开场很好' });

    const incomplete = await call('POST', `/api/qa/evaluations/${id}/submit`, lead, { answers: { greeting: { value: true } } });
    expect(incomplete.status).toBe(400);
    expect(incomplete.body.details.problems.map((p: { where: string }) => p.where)).toEqual(expect.arrayContaining(['/answers/identity', '/answers/solution', '/answers/closing']));

    const submitted = await call('POST', `/api/qa/evaluations/${id}/submit`, lead, { answers: { ...full, solution: { value: 3 }, closing: { value: false, comment: '没有询问其他需求' } } });
    expect(submitted.body).toMatchObject({ state: 'submitted', score: 45, criticalFailed: false });
    expect((await call('POST', `/api/qa/evaluations/${id}/submit`, lead, { answers: full })).body.code).toBe('QA_TRANSITION');

    const mine = await call('GET', '/api/qa/evaluations', alice);
    expect(mine.body.map((e: { id: string }) => e.id)).toEqual([id]);
    expect((await call('POST', `/api/qa/evaluations/${id}/dispute`, bob, { reason: 'not mine' })).status).toBe(404);
    const disputed = await call('POST', `/api/qa/evaluations/${id}/dispute`, alice, { reason: '客户已经说不需要其他帮助' });
    expect(disputed.body).toMatchObject({ state: 'disputed', dispute: { reason: '客户已经说不需要其他帮助' } });

    const byEvaluator = await call('POST', `/api/qa/evaluations/${id}/resolve`, lead, { outcome: 'upheld', note: '' });
    expect(byEvaluator.body.code).toBe('QA_SECOND_REVIEWER');
    const revised = await call('POST', `/api/qa/evaluations/${id}/resolve`, sup, { outcome: 'revised', note: 'closing does not apply', answers: { ...full, solution: { value: 3 } } });
    expect(revised.body).toMatchObject({ state: 'resolved', score: 45, resolution: { outcome: 'revised', score: 75 } });

    const audit = await t.db.selectFrom('audit_log').select('action').where('target', '=', `evaluation:${id}`).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['qa.evaluation_dispute', 'qa.evaluation_resolve', 'qa.evaluation_save', 'qa.evaluation_start', 'qa.evaluation_submit'].sort());
  });

  it('given a chat evaluation when its transcript is read then the messages come in order and another team’s lead cannot read it', async () => {
    const started = await call('POST', '/api/qa/evaluations', sup, { scorecardId: card, contact: { kind: 'chat', id: 'chat-a' } });
    expect(started.status).toBe(201);
    const tr = await call('GET', `/api/qa/evaluations/${started.body.id}/transcript`, lead);
    expect(tr.status).toBe(200);
    expect(tr.body).toMatchObject({ kind: 'chat', visitorName: '王女士', messages: [{ seq: 1, from: 'visitor', text: '订单还没发货' }, { seq: 2, from: 'agent' }] });
    expect((await call('GET', `/api/qa/evaluations/${started.body.id}/transcript`, bob)).status).toBe(404);
  });

  it('given a scorecard changed after an evaluation when the old evaluation is read then it keeps its version', async () => {
    const started = await call('POST', '/api/qa/evaluations', sup, { scorecardId: card, contact: { kind: 'call', id: 'cb1' } });
    const changed = callCard();
    changed.sections[0]!.items[0]!.label = 'Greets warmly';
    const v2 = await call('PUT', `/api/qa/scorecards/${card}`, admin, changed);
    expect(v2.body.version).toBe(2);
    const old = await call('GET', `/api/qa/scorecards/${card}?version=1`, bob);
    expect(old.body.sections[0].items[0].label).toBe('Greets with name and company');
    const submitted = await call('POST', `/api/qa/evaluations/${started.body.id}/submit`, sup, { answers: full });
    expect(submitted.body).toMatchObject({ scorecardVersion: 1, score: 100 });
    const accepted = await call('POST', `/api/qa/evaluations/${started.body.id}/accept`, bob);
    expect(accepted.body.state).toBe('accepted');
    expect((await call('POST', `/api/qa/evaluations/${started.body.id}/dispute`, bob, { reason: 'late' })).body.code).toBe('QA_TRANSITION');
  });

  it('given evaluations when the report is read then the lead sees only their team and the supervisor everyone', async () => {
    const q = `from=${MON}&to=${MON + 7 * 86_400_000}&tz=UTC&interval=day`;
    const bySup = await call('GET', `/api/qa/report?${q}&groupBy=agent`, sup);
    expect(bySup.status).toBe(200);
    expect(Object.fromEntries(bySup.body.rows.map((r: { key: string; average: number }) => [r.key, r.average]))).toEqual({ [aliceId]: 75, [bobId]: 100 });
    const byLead = await call('GET', `/api/qa/report?${q}&groupBy=agent`, lead);
    expect(byLead.body.rows.map((r: { key: string }) => r.key)).toEqual([aliceId]);
    const items = await call('GET', `/api/qa/report?${q}&groupBy=item`, sup);
    expect(items.body.rows.find((r: { key: string }) => r.key === `${card}:solution`)).toMatchObject({ average: 75, evaluations: 2 });
    expect((await call('GET', `/api/qa/report?from=${MON}&to=${MON - 1}`, sup)).body.code).toBe('INVALID_RANGE');
    expect((await call('GET', `/api/qa/report?${q}&groupBy=agent`, alice)).status).toBe(403);
  });
  describe('assigned, filtered and weekly samples', () => {
    const W3 = MON + 21 * 86_400_000; // a Monday three weeks on, away from the evaluations above
    const WEEK = 7 * 86_400_000;
    const assignedTo = async (headers: AuthHeaders) => (await call('GET', '/api/qa/assignments', headers)).body as { contact: { id: string }; agentId: string; evaluatorId: string; startedAt: number }[];

    beforeAll(async () => {
      for (let i = 0; i < 3; i++) await handledCall(`w3a${i}`, aliceId, W3 + i * 3_600_000);
      await handledCall('w3a3', aliceId, W3 + 4 * 3_600_000, { queueId: 'q-sales', talkMs: 200_000 });
      for (let i = 0; i < 3; i++) await handledCall(`w4a${i}`, aliceId, W3 + WEEK + i * 3_600_000);
      await handledCall('w3b0', bobId, W3 + 3_600_000, { queueId: 'q-sales', talkMs: 300_000 });
    });

    it('given filters when contacts are listed to pick by hand then they match, newest first, in the asker’s scope, and nothing is assigned', async () => {
      const range = `from=${W3}&to=${W3 + 2 * WEEK}`;
      const bySup = await call('GET', `/api/qa/candidates?${range}&queueId=q-sales`, sup);
      expect(bySup.status).toBe(200);
      expect(bySup.body.map((c: { id: string }) => c.id)).toEqual(['w3a3', 'w3b0']);
      const byLead = await call('GET', `/api/qa/candidates?${range}&minSeconds=120`, lead);
      expect(byLead.body.map((c: { id: string }) => c.id)).toEqual(['w3a3']);
      const calls = await call('GET', `/api/qa/candidates?${range}&media=call&limit=3`, lead);
      expect(calls.body.map((c: { id: string }) => c.id)).toEqual(['w4a2', 'w4a1', 'w4a0']);
      expect((await call('GET', `/api/qa/candidates?${range}&agentId=${bobId}`, lead)).status).toBe(403);
      expect((await call('GET', `/api/qa/candidates?${range}`, alice)).status).toBe(403);
      expect((await call('GET', `/api/qa/candidates?from=${W3}&to=${W3}`, sup)).body.code).toBe('INVALID_RANGE');
      const held = await t.db.selectFrom('qa_assignments').select('id').where('contact_id', 'in', ['w3a3', 'w3b0']).execute();
      expect(held).toEqual([]);
    });

    it('given a queue, a team and a handling time when the supervisor samples then only the long sales call of that team is drawn', async () => {
      const res = await call('POST', '/api/qa/samples', sup, { from: W3, to: W3 + 2 * WEEK, perAgent: 5, media: ['call'], queueIds: ['q-sales'], teamIds: [tA], minSeconds: 120 });
      expect(res.status).toBe(201);
      expect(res.body.map((a: { contact: { id: string } }) => a.contact.id)).toEqual(['w3a3']);
      // Sampled: no longer offered to pick by hand.
      expect((await call('GET', `/api/qa/candidates?from=${W3}&to=${W3 + 2 * WEEK}&queueId=q-sales`, sup)).body.map((c: { id: string }) => c.id)).toEqual(['w3b0']);
      const audits = await t.db.selectFrom('audit_log').select('details').where('action', '=', 'qa.sample').execute();
      expect(audits.map((a) => a.details)).toContainEqual(expect.objectContaining({ queueIds: ['q-sales'], teamIds: [tA], minSeconds: 120, picked: 1 }));
    });

    it('given a supervisor when sampling one per agent per week for the team lead then the lead holds one of Alice’s calls from each week and none of Bob’s', async () => {
      const body = { from: W3, to: W3 + 2 * WEEK, perAgent: 1, perWeek: true, tz: 'UTC', media: ['call'], evaluatorId: leadUserId };
      const res = await call('POST', '/api/qa/samples', sup, body);
      expect(res.status).toBe(201);
      expect(res.body).toHaveLength(2);
      expect(res.body.every((a: { agentId: string; evaluatorId: string }) => a.agentId === aliceId && a.evaluatorId === leadUserId)).toBe(true);
      const weeks = res.body.map((a: { startedAt: number }) => Math.floor((a.startedAt - W3) / WEEK)).sort();
      expect(weeks).toEqual([0, 1]);
      // Assigned, not kept by the supervisor: they are in the lead's list and not in hers.
      const leads = (await assignedTo(lead)).map((a) => a.contact.id);
      for (const a of res.body as { contact: { id: string } }[]) expect(leads).toContain(a.contact.id);
      expect((await assignedTo(sup)).map((a) => a.contact.id)).not.toContain(res.body[0].contact.id);
      // The lead already holds one of each week: the same request again adds nothing.
      expect((await call('POST', '/api/qa/samples', sup, body)).body).toEqual([]);
      // Without perWeek, one per agent over the two weeks is what the lead already holds (two): nothing either.
      expect((await call('POST', '/api/qa/samples', sup, { ...body, perWeek: false, perAgent: 2 })).body).toEqual([]);
    });

    it('given an agent or an unknown user named as the evaluator when sampling then QA_NOT_EVALUATOR and nothing is assigned', async () => {
      const aliceUser = [...linkOf].find(([, l]) => l.agentId === aliceId)?.[0] ?? '';
      for (const evaluatorId of [aliceUser, 'nobody']) {
        const res = await call('POST', '/api/qa/samples', sup, { from: W3, to: W3 + 2 * WEEK, perAgent: 5, media: ['call'], evaluatorId });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ code: 'QA_NOT_EVALUATOR', details: { where: '/evaluatorId' } });
      }
      const held = await t.db.selectFrom('qa_assignments').select('id').where('evaluator_id', 'in', [aliceUser, 'nobody']).execute();
      expect(held).toEqual([]);
    });

    it('given a team lead when naming another team’s agent in a sample then 403; sampling for the supervisor reaches only the lead’s team', async () => {
      const res = await call('POST', '/api/qa/samples', lead, { from: W3, to: W3 + 2 * WEEK, perAgent: 5, media: ['call'], agentIds: [bobId] });
      expect(res.status).toBe(403);
      const handed = await call('POST', '/api/qa/samples', lead, { from: W3, to: W3 + 2 * WEEK, perAgent: 5, media: ['call'], evaluatorId: supUser });
      expect(handed.status).toBe(201);
      expect(handed.body.length).toBeGreaterThan(0);
      expect(handed.body.every((a: { agentId: string }) => a.agentId === aliceId)).toBe(true);
      expect(handed.body.map((a: { contact: { id: string } }) => a.contact.id)).not.toContain('w3b0');
    });

    it('given open assignments when the supervisor lists everyone’s and hands one of the lead’s to herself then it moves, audited; the lead cannot reach another team’s nor hand one to an agent', async () => {
      const everyone = await call('GET', '/api/qa/assignments?holder=anyone', sup);
      expect(everyone.status).toBe(200);
      const holders = new Set(everyone.body.map((a: { evaluatorId: string }) => a.evaluatorId));
      expect(holders).toEqual(new Set([leadUserId, supUser]));
      const leadsOne = everyone.body.find((a: { evaluatorId: string }) => a.evaluatorId === leadUserId) as { id: string; contact: { id: string } };
      const moved = await call('PUT', `/api/qa/assignments/${leadsOne.id}`, sup, { evaluatorId: supUser });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ id: leadsOne.id, evaluatorId: supUser });
      expect((await assignedTo(lead)).map((a) => a.contact.id)).not.toContain(leadsOne.contact.id);
      expect((await assignedTo(sup)).map((a) => a.contact.id)).toContain(leadsOne.contact.id);
      const audit = await t.db.selectFrom('audit_log').select(['actor_id', 'details']).where('target', '=', `assignment:${leadsOne.id}`).execute();
      expect(audit).toEqual([expect.objectContaining({ details: expect.objectContaining({ from: leadUserId, to: supUser }) })]);

      // Bob's call, held by the supervisor: out of the lead's reach, in the list and by id.
      const bobs = await call('POST', '/api/qa/samples', sup, { from: W3, to: W3 + 2 * WEEK, perAgent: 1, media: ['call'], agentIds: [bobId] });
      expect(bobs.body.map((a: { contact: { id: string } }) => a.contact.id)).toEqual(['w3b0']);
      const byLead = await call('GET', '/api/qa/assignments?holder=anyone', lead);
      expect(byLead.body.length).toBeGreaterThan(0);
      expect(byLead.body.every((a: { agentId: string }) => a.agentId === aliceId)).toBe(true);
      expect((await call('PUT', `/api/qa/assignments/${bobs.body[0].id}`, lead, { evaluatorId: leadUserId })).body.code).toBe('QA_ASSIGNMENT_NOT_FOUND');
      const aliceUser = [...linkOf].find(([, l]) => l.agentId === aliceId)?.[0] ?? '';
      const toAgent = await call('PUT', `/api/qa/assignments/${leadsOne.id}`, lead, { evaluatorId: aliceUser });
      expect(toAgent.body).toMatchObject({ code: 'QA_NOT_EVALUATOR', details: { where: '/evaluatorId' } });
    });

    it('given evaluators when listed then the team lead and the supervisor are there and the agents are not', async () => {
      const res = await call('GET', '/api/qa/evaluators', lead);
      expect(res.status).toBe(200);
      const ids = res.body.map((u: { userId: string }) => u.userId);
      expect(ids).toContain(leadUserId);
      expect(res.body.map((u: { name: string }) => u.name)).not.toContain('alice');
      expect((await call('GET', '/api/qa/evaluators', alice)).status).toBe(403);
    });
  });

  describe('what the evaluator reads beside the contact', () => {
    const BEFORE = MON - 7 * 86_400_000;

    it('given a call from a known customer when its evaluation’s context is read then the customer shows; the other team and the agent of a draft get 404', async () => {
      await made('/api/customers', { name: '陈先生', company: '华南贸易', level: 'gold', phones: ['+86 139 0000 1111'], tags: ['vip'] });
      await handledCall('ctx-call', aliceId, BEFORE, { from: '+8613900001111', queueId: 'q-sales' });
      const e = await call('POST', '/api/qa/evaluations', sup, { scorecardId: card, contact: { kind: 'call', id: 'ctx-call' } });
      expect(e.status).toBe(201);
      const ctx = await call('GET', `/api/qa/evaluations/${e.body.id}/context`, lead);
      expect(ctx.status).toBe(200);
      expect(ctx.body).toMatchObject({ kind: 'call', direction: 'inbound', number: '+8613900001111', queueId: 'q-sales', customer: { name: '陈先生', company: '华南贸易', level: 'gold', tags: ['vip'] } });
      expect((await call('GET', `/api/qa/evaluations/${e.body.id}/context`, bob)).status).toBe(404);
      expect((await call('GET', `/api/qa/evaluations/${e.body.id}/context`, alice)).status).toBe(404);

      // Everything else earned, the caller not verified: the critical item zeroes the form.
      const zeroed = await call('POST', `/api/qa/evaluations/${e.body.id}/submit`, sup, { answers: { ...full, identity: { value: false, comment: '未核实身份' } } });
      expect(zeroed.body).toMatchObject({ state: 'submitted', score: 0, criticalFailed: true, fractions: { greeting: 1, solution: 1, closing: 1, identity: 0 } });
      const q = `from=${BEFORE}&to=${BEFORE + 86_400_000}&tz=UTC&interval=day&groupBy=agent`;
      expect((await call('GET', `/api/qa/report?${q}`, sup)).body.total).toEqual({ evaluations: 1, average: 0, criticalFailed: 1, disputed: 0 });
    });

    it('given a chat after a visit of three pages when its context is read then the trail of that visit shows, not the later visit', async () => {
      const at = BEFORE + 3_600_000;
      await t.db.insertInto('chat_visitors').values({ id: 'v-ctx', token_hash: 'h-ctx', created_at: new Date(at - 600_000) }).execute();
      const visit = (id: string, start: number) => ({ id, visitor_id: 'v-ctx', started_at: new Date(start), ended_at: new Date(start + 900_000), returning_visitor: id === 'visit-2', landing_page: `https://shop.example/${id}`, referrer: 'https://www.baidu.com/s?wd=退货', search_engine: 'baidu', search_keywords: '退货', device_type: 'mobile', browser: 'Chrome 120', os: 'Android 14', country: 'CN', region: 'Guangdong', city: 'Shenzhen' });
      await t.db.insertInto('chat_visits').values([visit('visit-1', at - 300_000), visit('visit-2', at + 86_400_000)]).execute();
      await t.db
        .insertInto('chat_visit_pages')
        .values([
          { visit_id: 'visit-1', seq: 1, url: 'https://shop.example/', title: '首页', entered_at: new Date(at - 300_000), left_at: new Date(at - 240_000) },
          { visit_id: 'visit-1', seq: 2, url: 'https://shop.example/returns', title: '退货政策', entered_at: new Date(at - 240_000), left_at: new Date(at - 60_000) },
          { visit_id: 'visit-1', seq: 3, url: 'https://shop.example/orders/88', title: '订单 88', entered_at: new Date(at - 60_000), left_at: null },
          { visit_id: 'visit-2', seq: 1, url: 'https://shop.example/later', title: 'Later', entered_at: new Date(at + 86_400_000), left_at: null },
        ])
        .execute();
      await t.db.insertInto('chats').values({ id: 'ctx-chat', visitor_id: 'v-ctx', queue_id: 'q', state: 'ended', agent_id: aliceId, visitor_name: '林女士', page: 'https://shop.example/orders/88', created_at: new Date(at), assigned_at: new Date(at + 1000), ended_at: new Date(at + 90_000), end_reason: 'agent_ended', outcome: 'solved', outcome_reason: null, last_seq: 0 }).execute();
      await made('/api/customers', { name: '林女士', chatVisitors: ['v-ctx'] });
      const e = await call('POST', '/api/qa/evaluations', sup, { scorecardId: card, contact: { kind: 'chat', id: 'ctx-chat' } });
      const ctx = await call('GET', `/api/qa/evaluations/${e.body.id}/context`, sup);
      expect(ctx.status).toBe(200);
      expect(ctx.body).toMatchObject({ kind: 'chat', visitorName: '林女士', outcome: 'solved', customer: { name: '林女士' } });
      expect(ctx.body.trail).toMatchObject({ landingPage: 'https://shop.example/visit-1', searchEngine: 'baidu', searchKeywords: '退货', device: { type: 'mobile' }, region: { city: 'Shenzhen' }, returning: false });
      expect(ctx.body.trail.pages.map((p: { title: string }) => p.title)).toEqual(['首页', '退货政策', '订单 88']);
    });
  });

  it('given evaluations of two teams when the team lead lists them then only their team’s; an agent naming another agent gets only their own', async () => {
    const byLead = await call('GET', '/api/qa/evaluations', lead);
    expect(byLead.status).toBe(200);
    expect(byLead.body.length).toBeGreaterThan(0);
    expect(byLead.body.every((e: { agentId: string }) => e.agentId === aliceId)).toBe(true);
    expect((await call('GET', `/api/qa/evaluations?agentId=${bobId}`, lead)).body).toEqual([]);
    const bobAsks = await call('GET', `/api/qa/evaluations?agentId=${aliceId}`, bob);
    expect(bobAsks.body.every((e: { agentId: string }) => e.agentId === bobId)).toBe(true);
    const q = `from=${MON}&to=${MON + 7 * 86_400_000}&tz=UTC&interval=week&groupBy=team`;
    expect((await call('GET', `/api/qa/report?${q}`, lead)).body.rows.map((r: { key: string }) => r.key)).toEqual([tA]);
    expect((await call('GET', `/api/qa/report?${q}`, sup)).body.rows).toHaveLength(2);
  });
});

/**
 * Automatic invitations by admin rules (issue 12), through the real widget socket, routes and
 * store on a fake clock: a rule fires for a matching page after its time on the page, only for
 * the visitors it names, once per visit, never after a decline, only when an agent of its queue
 * has a free chat slot; accepting enters the rule's queue; every invitation is stored with its
 * answer, an agent's audited; a bad pattern is refused and nothing stored; open invitations
 * survive a restart of the service.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvitationService } from '../../../src/chat/invitation-service.js';
import { FakeClock } from '../../../src/core/clock.js';
import { silentLogger } from '../../../src/core/log.js';
import { newId } from '../../../src/core/ids.js';
import { KyselyInvitationStore } from '../../../src/store/chat/invitation-store.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

describe('automatic invitations by rule', () => {
  let w: ChatWorld;
  let clock: FakeClock;
  const open: Visitor[] = [];

  beforeEach(async () => {
    w = await startChatWorld({ chatCapacity: 1 });
    clock = w.t.clock;
  });
  afterEach(async () => {
    for (const v of open.splice(0)) await v.close();
    await w.close();
  });

  const cc = () => w.t.deps.contactCenter;
  const addRule = (body: Record<string, unknown>, headers = w.admin) =>
    w.t.inject({
      method: 'POST',
      url: '/api/chat-invitation-rules',
      headers,
      payload: { name: 'pricing', urlPattern: '/pricing*', minSecondsOnPage: 30, visitorKind: 'any', message: { en: 'Questions about our plans?', zh: '对套餐有疑问吗？' }, queueId: w.queueId, ...body },
    });
  /** Every frame sent so far was handled, and every decision it set off has run. */
  const handled = async (...vs: Visitor[]) => {
    for (const v of vs) await v.request({ type: 'tickets' }, 'tickets');
    await cc().visits.idle();
    await cc().autoInvitations.idle();
    await w.settle();
  };
  /** Time passes in steps the sockets' heartbeat (30 s) survives: the clients answer its pings. */
  const pass = async (ms: number, ...vs: Visitor[]) => {
    for (let left = ms; left > 0; left -= 10_000) {
      clock.advance(Math.min(10_000, left));
      await handled(...vs);
    }
  };
  const arrive = async (url: string, token?: string) => {
    const v = await Visitor.connect(w.wsUrl);
    open.push(v);
    const welcome = (await v.request({ type: 'hello', ...(token ? { visitorToken: token } : {}) }, 'welcome')) as { visitorToken: string };
    v.send({ type: 'page_view', url, title: 'Page' });
    await handled(v);
    return { v, token: welcome.visitorToken };
  };
  const invitations = (v: Visitor) => v.frames.filter((f) => f.type === 'invitation');
  const rows = () => w.t.db.selectFrom('chat_invitations').selectAll().orderBy('created_at').execute();

  it('given a rule for the pricing pages after 30 s when a visitor has been on /pricing 30 s then the widget gets an automatic invitation in both languages, stored with the rule', async () => {
    const rule = await addRule({});
    expect(rule.statusCode, rule.body).toBe(201);
    const { v } = await arrive('https://shop.example/pricing?plan=pro');
    await pass(20_000, v);
    expect(invitations(v)).toEqual([]);

    await pass(10_000, v);
    const shown = await v.next('invitation');
    expect(shown).toMatchObject({ agentName: null, message: 'Questions about our plans?', messageZh: '对套餐有疑问吗？' });
    expect(await rows()).toMatchObject([{ id: shown.invitationId, agent_id: null, rule_id: rule.json().id, rule_name: 'pricing', queue_id: w.queueId, answer: null }]);
    const listed = (await w.t.inject({ method: 'GET', url: '/api/visitors', headers: w.alice })).json().visitors[0];
    expect(listed.lastInvitation).toMatchObject({ ruleName: 'pricing', agentName: null, answer: null });
  });

  it('given a returning-only rule when a new visitor lingers on a matching page then no invitation; when they come back another day then it fires', async () => {
    await addRule({ visitorKind: 'returning', minSecondsOnPage: 0 });
    const { v, token } = await arrive('https://shop.example/pricing');
    await pass(40_000, v);
    expect(invitations(v)).toEqual([]);
    await v.close();
    await handled();
    clock.advance(24 * 60 * 60_000);

    const back = await arrive('https://shop.example/pricing', token);
    expect(await back.v.next('invitation')).toMatchObject({ agentName: null });
  });

  it('given a visitor who declined an automatic invitation when they open more matching pages in the same visit then no invitation comes back, from that rule or another', async () => {
    await addRule({ minSecondsOnPage: 5 });
    await addRule({ name: 'any page', urlPattern: '*', minSecondsOnPage: 60 });
    const { v } = await arrive('https://shop.example/pricing');
    await pass(10_000, v);
    const shown = await v.next('invitation');
    v.send({ type: 'invitation_answer', invitationId: shown.invitationId, accept: false });
    await handled(v);

    v.send({ type: 'page_view', url: 'https://shop.example/pricing/enterprise' });
    await pass(90_000, v);
    expect(invitations(v)).toHaveLength(1);
    expect(await rows()).toMatchObject([{ rule_name: 'pricing', answer: 'declined' }]);
    expect((await rows())[0]?.answered_at).not.toBeNull();
  });

  it('given the only agent has no free chat slot when a visitor matches a rule then no invitation; once the agent is free again then it comes', async () => {
    await addRule({ minSecondsOnPage: 0 });
    // Another visitor's chat takes Alice's one chat slot.
    const busy = await Visitor.connect(w.wsUrl);
    open.push(busy);
    await busy.request({ type: 'hello' }, 'welcome');
    await busy.request({ type: 'start', queue: w.queueId, name: 'Ben' }, 'started');
    await busy.next('assigned');

    const { v } = await arrive('https://shop.example/pricing');
    await pass(30_000, v, busy);
    expect(invitations(v)).toEqual([]);
    expect(await rows()).toEqual([]);

    busy.send({ type: 'end' });
    await busy.next('ended');
    await pass(20_000, v, busy);
    expect(await v.next('invitation')).toMatchObject({ agentName: null });
  });

  it('given an automatic invitation when the visitor accepts then a chat starts in the rule\'s queue, and the invitation is stored accepted with the chat', async () => {
    const rule = (await addRule({ minSecondsOnPage: 0 })).json();
    const { v } = await arrive('https://shop.example/pricing');
    const shown = await v.next('invitation');
    const started = (await v.request({ type: 'invitation_answer', invitationId: shown.invitationId, accept: true }, 'started')) as { chatId: string };
    expect(await v.next('assigned')).toEqual({ type: 'assigned', agentName: 'Alice' });
    // The row follows the chat's lane (the visitor may hear "assigned" from memory first): read it once the lane is idle.
    await handled(v);
    const chat = await w.t.db.selectFrom('chats').select(['queue_id', 'agent_id', 'page']).where('id', '=', started.chatId).executeTakeFirstOrThrow();
    expect(chat).toEqual({ queue_id: rule.queueId, agent_id: w.aliceId, page: 'https://shop.example/pricing' });
    expect(await rows()).toMatchObject([{ id: shown.invitationId, answer: 'accepted', chat_id: started.chatId }]);
  });

  it('given an automatic invitation left unanswered when two minutes pass then it is stored expired and the rule does not invite again in this visit', async () => {
    await addRule({ minSecondsOnPage: 0 });
    const { v } = await arrive('https://shop.example/pricing');
    await v.next('invitation');
    await pass(130_000, v);
    expect(await rows()).toMatchObject([{ answer: 'expired' }]);
    expect(invitations(v)).toHaveLength(1);
  });

  it("given an agent's invitation when it is made then it is stored with the agent and audited as who invited whom", async () => {
    const { v } = await arrive('https://shop.example/bikes');
    const visitorId = cc().visits.online()[0]?.visit.visitorId as string;
    const res = await w.t.inject({ method: 'POST', url: `/api/visitors/${visitorId}/invite`, headers: w.alice, payload: { message: 'Need a hand?' } });
    expect(res.statusCode, res.body).toBe(200);
    await v.next('invitation');
    expect(await rows()).toMatchObject([{ agent_id: w.aliceId, agent_name: 'Alice', rule_id: null, message: 'Need a hand?', answer: null }]);
    const audit = await w.t.db.selectFrom('audit_log').select(['action', 'target', 'details']).where('action', '=', 'visitor.invited').execute();
    expect(audit).toMatchObject([{ target: `visitor:${visitorId}`, details: { agentId: w.aliceId, invitationId: res.json().invitationId } }]);
  });

  it('given a pattern that is a regular expression when an admin adds the rule then INVITATION_RULE_PATTERN_INVALID at /urlPattern and nothing is stored or audited', async () => {
    for (const urlPattern of ['^/pricing(/.*)?$', '', '/a*b*c*d*e*f*']) {
      const res = await addRule({ urlPattern });
      expect([res.statusCode, res.json().code, res.json().details?.where], urlPattern).toEqual([400, 'INVITATION_RULE_PATTERN_INVALID', '/urlPattern']);
    }
    const noQueue = await addRule({ queueId: 'no-such-queue' });
    expect([noQueue.statusCode, noQueue.json().code]).toEqual([400, 'INVITATION_RULE_QUEUE_UNKNOWN']);
    expect(await w.t.db.selectFrom('chat_invitation_rules').select('id').execute()).toEqual([]);
    expect(await w.t.db.selectFrom('audit_log').select('id').where('action', 'like', 'chat_invitation_rule.%').execute()).toEqual([]);
  });

  it('given rules when an agent (config.view, no config.edit) changes one then 403; an admin changes one and each change is audited', async () => {
    expect((await addRule({}, w.alice)).statusCode).toBe(403);
    expect((await w.t.inject({ method: 'GET', url: '/api/chat-invitation-rules', headers: await w.t.loginAs([]) })).statusCode).toBe(403);
    const id = (await addRule({})).json().id as string;
    const same = await addRule({ name: 'PRICING' });
    expect([same.statusCode, same.json().code]).toEqual([409, 'INVITATION_RULE_NAME_TAKEN']);
    const put = await w.t.inject({ method: 'PUT', url: `/api/chat-invitation-rules/${id}`, headers: w.admin, payload: { name: 'pricing', enabled: false, urlPattern: '/plans*', minSecondsOnPage: 10, visitorKind: 'new', message: { en: 'Hi', zh: '你好' }, queueId: w.queueId } });
    expect(put.json()).toMatchObject({ enabled: false, urlPattern: '/plans*', visitorKind: 'new' });
    expect((await w.t.inject({ method: 'GET', url: '/api/chat-invitation-rules', headers: w.admin })).json().rules).toMatchObject([{ id, enabled: false }]);
    expect((await w.t.inject({ method: 'DELETE', url: `/api/chat-invitation-rules/${id}`, headers: w.admin })).statusCode).toBe(204);
    const audit = await w.t.db.selectFrom('audit_log').select('action').where('action', 'like', 'chat_invitation_rule.%').orderBy('at').execute();
    expect(audit.map((a) => a.action)).toEqual(['chat_invitation_rule.created', 'chat_invitation_rule.updated', 'chat_invitation_rule.deleted']);
  });

  it('given an invitation open when the daemon restarts then one still within its two minutes is held again, and one past them is stored expired', async () => {
    await addRule({ minSecondsOnPage: 0 });
    const { v } = await arrive('https://shop.example/pricing');
    const shown = await v.next('invitation');
    const visitorId = cc().visits.online()[0]?.visit.visitorId as string;
    const restarted = () => {
      const s = new InvitationService({ chat: cc().chat, visits: cc().visits, routing: { queuesOf: () => [] }, names: { displayName: async () => '' }, store: new KyselyInvitationStore(w.t.db), audit: w.t.deps.audit, clock, bus: w.t.deps.bus, log: silentLogger, newId });
      return s;
    };
    const soon = restarted();
    await soon.start();
    expect(soon.current(visitorId)?.id).toBe(shown.invitationId);
    soon.stop();

    clock.advance(121_000);
    const late = restarted();
    await late.start();
    expect(late.current(visitorId)).toBeUndefined();
    expect(await rows()).toMatchObject([{ id: shown.invitationId, answer: 'expired' }]);
    late.stop();
  });
});

/** GET /api/calls/:id/pop: the screen-pop from the moment the agent's phone rings. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { DID, makeToolbarWorld, type ToolbarWorld } from './toolbar-world.js';

const MENU_FLOW = `description: test line with a menu
numbers: ["${DID}"]
timezone: UTC
start: menu
nodes:
  menu:
    type: menu
    prompt: { sound: hello-world }
    choices:
      "1": account
    timeout: 5s
    retries: 1
    onFail: q
  account:
    type: collect
    prompt: { sound: hello-world }
    variable: account
    maxDigits: 6
    timeout: 5s
    next: q
    onFail: q
  q:
    type: queue
    queue: support
`;

describe('the screen-pop', () => {
  let w: ToolbarWorld;
  const events: DomainEvent[] = [];
  let leads: { sales: AuthHeaders; care: AuthHeaders };
  let customerId: string;

  beforeAll(async () => {
    w = await makeToolbarWorld({ flow: MENU_FLOW });
    w.t.deps.bus.subscribe((e) => events.push(e));
    const lead = async (name: string, team: string, teamName: string) => {
      const user = await w.t.deps.users.create({ username: name, roles: ['team_lead'], password: w.t.password }, {});
      await w.ok('PUT', `/api/teams/${team}`, w.admin, { name: teamName, leadUserIds: [user.user.id] });
      return (await w.t.login('team_lead', name)).headers;
    };
    leads = { sales: await lead('lead-sales', w.teams.sales, 'Sales'), care: await lead('lead-care', w.teams.care, 'Care') };
    customerId = (await w.ok('POST', '/api/customers', w.admin, { name: 'Erika Muster', level: 'gold', phones: ['+49 30 999 111'], tags: ['reseller'] })).id;
  });
  afterAll(async () => {
    await w.close();
  });

  const at = (type: DomainEvent['type'], pred: (e: DomainEvent) => boolean = () => true) => events.find((e) => e.type === type && pred(e));

  it('given a caller who went through the menu and typed an account number when Alice is rung then her pop shows caller, queue, wait, IVR path with keys, the customer and earlier calls; supervisors and her lead see it, others do not', async () => {
    // An earlier call of the same number, stored the way PBXs often report it (with the +).
    const earlierAt = w.t.clock.now() - 3_600_000;
    await w.cc().callStore.saveCall({ id: 'earlier-1', direction: 'inbound', state: 'ended', from: '+4930999111', to: DID, callerName: 'Erika', queueId: w.queueId, agentId: w.alice.id, ivrPath: ['q'], variables: {}, startedAt: earlierAt, endedAt: earlierAt + 60_000, outcome: 'agent_answered', recordingIds: [] });
    await w.ok('POST', '/api/agent/login', w.alice.headers, { state: 'available' });
    w.pbx.control.setPhoneBehaviour(w.alice.phone, 'manual');

    const caller = await w.pbx.control.placeInboundCall({ from: '4930999111', fromName: 'Erika M', to: DID });
    await w.until('the menu plays', () => at('ivr.node_entered', (e) => 'node' in e && e.node === 'menu') !== undefined);
    await w.pbx.control.pressDigits(caller, '1');
    await w.until('the account number is asked', () => at('ivr.node_entered', (e) => 'node' in e && e.node === 'account') !== undefined);
    await w.pbx.control.pressDigits(caller, '123456');
    await w.until("Alice's phone rings", () => w.pbx.control.ringingAt(w.alice.phone).length === 1);
    const queuedAt = at('contact.enqueued')?.at as number;
    await w.t.clock.advanceAsync(4_000);
    const callId = (at('call.offered') as { callId: string }).callId;

    const res = await w.inject('GET', `/api/calls/${callId}/pop`, w.alice.headers);
    expect(res.statusCode, res.body).toBe(200);
    const pop = {
      callId,
      from: '4930999111',
      callerName: 'Erika M',
      to: DID,
      queue: { id: w.queueId, name: 'support' },
      waitedMs: w.t.clock.now() - queuedAt,
      ivr: [
        { node: 'menu', kind: 'menu', digits: '1' },
        { node: 'account', kind: 'collect', digits: '123456' },
        { node: 'q', kind: 'queue' },
      ],
      customer: { id: customerId, name: 'Erika Muster', level: 'gold', tags: ['reseller'], numbers: ['+4930999111'] },
      // No CRM lookup is configured here (docs/crm-lookup.md).
      crm: null,
      previousCalls: [{ id: 'earlier-1', startedAt: earlierAt, direction: 'inbound', outcome: 'agent_answered', agentName: 'Alice', queueName: 'support' }],
    };
    expect(res.json()).toEqual(pop);
    expect(pop.waitedMs).toBeGreaterThanOrEqual(4_000);

    expect((await w.inject('GET', `/api/calls/${callId}/pop`, await w.t.loginAs('supervisor'))).json()).toEqual(pop);
    expect((await w.inject('GET', `/api/calls/${callId}/pop`, leads.sales)).statusCode).toBe(200);
    for (const other of [w.bob.headers, leads.care]) {
      const hidden = await w.inject('GET', `/api/calls/${callId}/pop`, other);
      expect([hidden.statusCode, hidden.json().code]).toEqual([404, 'NOT_FOUND']);
    }
    const nobody = await w.inject('GET', `/api/calls/${callId}/pop`, await w.t.loginAs([]));
    expect(nobody.statusCode).toBe(403);

    // Answered, the wait stops growing; once the call is over the pop comes from the store.
    await w.pbx.control.answerPhone(w.alice.phone);
    await w.until('Alice talks with the caller', () => w.pbx.control.farSide(caller).hears.length > 0);
    const answered = (await w.ok('GET', `/api/calls/${callId}/pop`, w.alice.headers)).waitedMs;
    await w.t.clock.advanceAsync(10_000);
    await w.pbx.control.farEndHangup(caller);
    await w.until('the call is stored as ended', async () => (await w.ok('GET', `/api/call-records/${callId}`)).call.state === 'ended');
    const stored = await w.ok('GET', `/api/calls/${callId}/pop`, w.alice.headers);
    expect(stored).toEqual({ ...pop, waitedMs: answered });
  });

  it('given an unknown call then 404', async () => {
    const res = await w.inject('GET', '/api/calls/no-such-call/pop', w.alice.headers);
    expect([res.statusCode, res.json().code]).toEqual([404, 'NOT_FOUND']);
  });
});

/**
 * Multi-party chats (the owner invites a colleague, who reads, writes and leaves or is removed) and
 * supervisors' assign / force-transfer of chats with their team scope, end to end.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { Visitor } from './chat-world.js';
import { startTransferWorld, type TransferAgent, type TransferWorld } from './transfer-world.js';

describe('multi-party chats and supervisors moving chats', () => {
  let w: TransferWorld;
  const visitors: Visitor[] = [];
  const events: DomainEvent[] = [];

  beforeEach(async () => {
    w = await startTransferWorld({ aliceCapacity: 1 });
    events.length = 0;
    w.t.deps.bus.subscribe((e) => {
      if (e.type.startsWith('chat.')) events.push(e);
    });
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w.close();
  });

  const call = (headers: AuthHeaders, method: 'GET' | 'POST' | 'DELETE' | 'PUT', url: string, body?: unknown) =>
    w.t.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
  const post = (a: TransferAgent, url: string, body?: unknown) => call(a.headers, 'POST', url, body);
  const slots = (a: TransferAgent) => w.t.deps.contactCenter.acd.agentSnapshot(a.id).work.filter((x) => x.media === 'chat').length;
  const auditActions = async () => (await w.t.db.selectFrom('audit_log').select(['action']).where('action', 'like', 'chat.%').orderBy('at').execute()).map((r) => r.action);
  const ownerOf = async (id: string) => (await w.t.db.selectFrom('chats').select(['agent_id']).where('id', '=', id).executeTakeFirstOrThrow()).agent_id;

  const startChat = async (name: string) => {
    const v = await Visitor.connect(w.wsUrl);
    visitors.push(v);
    await v.request({ type: 'hello' }, 'welcome');
    const started = (await v.request({ type: 'start', queue: w.webQueue, name }, 'started')) as { chatId: string };
    return { v, chatId: started.chatId };
  };

  it('given Alice invites Carol then Carol reads the history, writes under her own name without a chat slot, cannot end or transfer, and leaves', async () => {
    const { v, chatId } = await startChat('Vera');
    await v.next('assigned');
    await v.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'A tricky question' }, 'ack');

    const invited = await post(w.alice, `/api/chats/${chatId}/colleagues`, { agentId: w.carol.id });
    expect(invited.statusCode, invited.body).toBe(200);
    expect(invited.json()).toMatchObject({ owner: { agentId: w.alice.id, name: 'Alice' }, colleagues: [{ agentId: w.carol.id, name: 'Carol' }], transfer: null });
    // Carol has no chat slot (capacity 0) and uses none.
    expect(slots(w.carol)).toBe(0);
    expect((await post(w.alice, `/api/chats/${chatId}/colleagues`, { agentId: w.carol.id })).json().code).toBe('CHAT_COLLEAGUE_ALREADY_IN');
    expect((await post(w.alice, `/api/chats/${chatId}/colleagues`, { agentId: w.alice.id })).json().code).toBe('CHAT_TRANSFER_TO_SELF');
    expect((await post(w.alice, `/api/chats/${chatId}/colleagues`, { agentId: w.dave.id })).json().code).toBe('CHAT_AGENT_UNAVAILABLE');

    const list = (await call(w.carol.headers, 'GET', '/api/chats')).json();
    expect(list.active.map((c: { id: string }) => c.id)).toEqual([chatId]);
    const history = (await call(w.carol.headers, 'GET', `/api/chats/${chatId}/messages?after=0&limit=10`)).json().messages;
    expect(history.map((m: { text: string }) => m.text)).toEqual(['A tricky question']);

    // The visitor's typing line names whoever types, not always the owner.
    const typedBefore = v.frames.length;
    expect((await post(w.carol, `/api/chats/${chatId}/typing`)).statusCode).toBe(204);
    expect(await v.next('typing', () => true, typedBefore)).toEqual({ type: 'typing', from: 'agent', agentName: 'Carol' });
    const aliceTypes = v.frames.length;
    expect((await post(w.alice, `/api/chats/${chatId}/typing`)).statusCode).toBe(204);
    expect(await v.next('typing', () => true, aliceTypes)).toEqual({ type: 'typing', from: 'agent', agentName: 'Alice' });
    expect((await post(w.carol, `/api/chats/${chatId}/messages`, { clientId: 'c-1', text: 'Carol here, I know this one.' })).statusCode).toBe(200);
    // Carol's name on her line, marked a colleague's: the widget keeps naming Alice, who has the chat.
    expect(await v.next('message', (m) => m.seq === 2)).toMatchObject({ from: 'agent', agentName: 'Carol', colleague: true, text: 'Carol here, I know this one.' });
    expect((await post(w.alice, `/api/chats/${chatId}/messages`, { clientId: 'a-1', text: 'Thanks, Carol.' })).statusCode).toBe(200);
    const owners = await v.next('message', (m) => m.seq === 3);
    expect(owners).toMatchObject({ from: 'agent', agentName: 'Alice' });
    expect(owners).not.toHaveProperty('colleague');
    await w.settle();
    // Both agents' sockets hear it: the owner by agentId, the colleague by agentIds.
    expect(events.find((e) => e.type === 'chat.message' && e.seq === 2)).toMatchObject({ agentId: w.alice.id, authorAgentId: w.carol.id, scope: { agentId: w.alice.id, agentIds: [w.carol.id] } });

    // Only the owner ends, transfers, invites and removes.
    expect((await post(w.carol, `/api/chats/${chatId}/end`, { outcome: 'solved' })).json().code).toBe('CHAT_NOT_OWNER');
    expect((await post(w.carol, `/api/chats/${chatId}/transfer`, { agentId: w.bob.id })).json().code).toBe('CHAT_NOT_OWNER');
    expect((await post(w.carol, `/api/chats/${chatId}/colleagues`, { agentId: w.bob.id })).json().code).toBe('CHAT_NOT_OWNER');
    expect((await post(w.alice, `/api/chats/${chatId}/leave`)).json().code).toBe('CHAT_COLLEAGUE_NOT_IN');

    expect((await post(w.carol, `/api/chats/${chatId}/leave`)).statusCode).toBe(204);
    expect((await post(w.carol, `/api/chats/${chatId}/messages`, { clientId: 'c-2', text: 'still here?' })).json().code).toBe('CHAT_NOT_YOURS');
    expect((await call(w.carol.headers, 'GET', '/api/chats')).json().active).toEqual([]);
    expect(v.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(await ownerOf(chatId)).toBe(w.alice.id);
    expect(await auditActions()).toEqual(['chat.colleague_invite', 'chat.colleague_leave']);
  });

  it('given a colleague in the chat when the owner removes them or the chat ends then they are out and told', async () => {
    const { v, chatId } = await startChat('Vera');
    await v.next('assigned');
    await post(w.alice, `/api/chats/${chatId}/colleagues`, { agentId: w.bob.id });
    const removed = await call(w.alice.headers, 'DELETE', `/api/chats/${chatId}/colleagues/${w.bob.id}`);
    expect(removed.json()).toMatchObject({ colleagues: [] });
    expect((await call(w.alice.headers, 'DELETE', `/api/chats/${chatId}/colleagues/${w.bob.id}`)).json().code).toBe('CHAT_COLLEAGUE_NOT_IN');
    expect((await call(w.bob.headers, 'GET', `/api/chats/${chatId}/messages?after=0&limit=10`)).json().code).toBe('CHAT_NOT_YOURS');
    await post(w.alice, `/api/chats/${chatId}/colleagues`, { agentId: w.carol.id });
    expect((await post(w.alice, `/api/chats/${chatId}/end`, { outcome: 'solved' })).statusCode).toBe(200);
    await w.settle();
    const changes = events.filter((e) => e.type === 'chat.colleague_changed').map((e) => (e as { change: string; colleagueAgentId: string }).change);
    expect(changes).toEqual(['joined', 'removed', 'joined', 'ended']);
  });

  it('given a waiting chat and an active one when a supervisor assigns and force-transfers them then they move at once, audited', async () => {
    const first = await startChat('Vera');
    await first.v.next('assigned');
    const second = await startChat('Walt');
    expect(await second.v.next('queued')).toMatchObject({ position: 1 });
    await w.settle();

    // An agent cannot; the supervisor can.
    expect((await post(w.alice, `/api/chats/${second.chatId}/assign`, { agentId: w.bob.id })).statusCode).toBe(403);
    expect((await call(w.sam, 'POST', `/api/chats/${second.chatId}/assign`, { agentId: w.carol.id })).json().code).toBe('CHAT_AGENT_NO_CAPACITY');
    expect((await call(w.sam, 'POST', `/api/chats/${first.chatId}/assign`, { agentId: w.bob.id })).json().code).toBe('CHAT_NOT_WAITING');
    const assigned = await call(w.sam, 'POST', `/api/chats/${second.chatId}/assign`, { agentId: w.bob.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({ state: 'active', agentId: w.bob.id });
    expect(await second.v.next('assigned')).toEqual({ type: 'assigned', agentName: 'Bob' });

    // Alice's chat to Bob without anyone answering; then Bob's first chat back into the web queue (Alice is free now).
    expect((await call(w.sam, 'POST', `/api/chats/${first.chatId}/force-transfer`, { agentId: w.alice.id })).json().code).toBe('CHAT_TRANSFER_TO_SELF');
    const forced = await call(w.sam, 'POST', `/api/chats/${first.chatId}/force-transfer`, { agentId: w.bob.id });
    expect(forced.statusCode, forced.body).toBe(200);
    expect(await first.v.next('assigned', (f) => f.agentName === 'Bob')).toBeTruthy();
    await w.settle();
    expect([slots(w.alice), slots(w.bob)]).toEqual([0, 2]);
    const back = await call(w.sam, 'POST', `/api/chats/${second.chatId}/force-transfer`, { queueId: w.webQueue });
    expect(back.json()).toMatchObject({ state: 'active', agentId: w.alice.id, queueId: w.webQueue });
    await w.settle();
    expect([slots(w.alice), slots(w.bob)]).toEqual([1, 1]);
    expect(events.filter((e) => e.type === 'chat.transferred').map((e) => (e as { forcedBy?: string }).forcedBy !== undefined)).toEqual([true, true]);
    expect(await auditActions()).toEqual(['chat.assign', 'chat.force_transfer', 'chat.force_transfer']);
  });

  it('given a team lead granted chat.supervise then they move chats within their teams only, and a refusal changes nothing', async () => {
    expect((await call(w.admin, 'PUT', '/api/role-grants/chat.supervise', { roles: ['supervisor', 'admin', 'team_lead'] })).statusCode).toBe(200);
    const first = await startChat('Vera');
    await first.v.next('assigned');
    const second = await startChat('Walt');
    await second.v.next('queued');
    await w.settle();
    // Lena leads Sales (Alice, Dave), not Care (Bob, Carol).
    const outOfTeam = await call(w.lena, 'POST', `/api/chats/${second.chatId}/assign`, { agentId: w.bob.id });
    expect([outOfTeam.statusCode, outOfTeam.json().code]).toEqual([403, 'FORBIDDEN']);
    const forced = await call(w.lena, 'POST', `/api/chats/${first.chatId}/force-transfer`, { agentId: w.bob.id });
    expect([forced.statusCode, forced.json().code]).toEqual([403, 'FORBIDDEN']);
    await w.settle();
    expect(await ownerOf(first.chatId)).toBe(w.alice.id);
    expect(await ownerOf(second.chatId)).toBeNull();
    expect(await auditActions()).toEqual([]);
    // Within her team: Alice's chat into the billing queue is hers to move.
    const moved = await call(w.lena, 'POST', `/api/chats/${first.chatId}/force-transfer`, { queueId: w.billingQueue });
    expect(moved.json()).toMatchObject({ agentId: w.bob.id, queueId: w.billingQueue });
    expect(await auditActions()).toEqual(['chat.force_transfer']);
  });
});

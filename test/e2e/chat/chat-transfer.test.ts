/**
 * Chat transfers end to end through the real routing engine, store and widget socket: to an agent
 * (accepted, declined, timed out under the fake clock), to a queue, and every refusal changing
 * nothing. The visitor's side is counted message by message: no gap, no duplicate.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import { Visitor } from './chat-world.js';
import { startTransferWorld, type TransferAgent, type TransferWorld } from './transfer-world.js';

describe('chat transfers', () => {
  let w: TransferWorld;
  const visitors: Visitor[] = [];
  const events: DomainEvent[] = [];

  beforeEach(async () => {
    w = await startTransferWorld({ chat: { transferTimeoutMs: 30_000 } });
    events.length = 0;
    w.t.deps.bus.subscribe((e) => {
      if (e.type.startsWith('chat.')) events.push(e);
    });
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w.close();
  });

  const post = (a: TransferAgent, url: string, body?: unknown) => w.t.inject({ method: 'POST', url, headers: a.headers, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
  const get = (a: TransferAgent, url: string) => w.t.inject({ method: 'GET', url, headers: a.headers });
  const slots = (a: TransferAgent) => w.t.deps.contactCenter.acd.agentSnapshot(a.id).work.filter((x) => x.media === 'chat').length;
  const auditActions = async () => (await w.t.db.selectFrom('audit_log').select(['action']).where('action', 'like', 'chat.%').orderBy('at').execute()).map((r) => r.action);
  const chatRow = async (id: string) => w.t.db.selectFrom('chats').select(['state', 'agent_id', 'queue_id']).where('id', '=', id).executeTakeFirstOrThrow();

  /** A visitor whose chat Alice took; returns the visitor and the chat id. */
  const chatWithAlice = async (name = 'Vera') => {
    const v = await Visitor.connect(w.wsUrl);
    visitors.push(v);
    await v.request({ type: 'hello' }, 'welcome');
    const started = (await v.request({ type: 'start', queue: w.webQueue, name }, 'started')) as { chatId: string };
    expect(await v.next('assigned')).toEqual({ type: 'assigned', agentName: 'Alice' });
    await w.settle();
    return { v, chatId: started.chatId };
  };
  const say = async (v: Visitor, clientId: string, text: string) => v.request({ type: 'message', clientId, kind: 'text', text }, 'ack');

  it('given an active chat when Alice transfers it to Bob and Bob accepts then Bob has the whole history, the visitor keeps chatting without loss, and the slot moves', async () => {
    const { v, chatId } = await chatWithAlice();
    await say(v, 'v-1', 'My invoice is wrong');
    expect((await post(w.alice, `/api/chats/${chatId}/messages`, { clientId: 'a-1', text: 'Let me pass you to billing.' })).statusCode).toBe(200);

    const asked = await post(w.alice, `/api/chats/${chatId}/transfer`, { agentId: w.bob.id, note: 'invoice 1234' });
    expect(asked.statusCode, asked.body).toBe(200);
    const transfer = asked.json().transfer as { id: string; state: string; expiresAt: number };
    expect(transfer).toMatchObject({ state: 'pending', fromAgentId: w.alice.id, toAgentId: w.bob.id, note: 'invoice 1234', visitorName: 'Vera' });
    expect(transfer.expiresAt - w.t.clock.now()).toBe(30_000);

    // Pending: Alice still holds the chat and writes; the visitor writes; Bob sees the offer.
    await say(v, 'v-2', 'Still there?');
    expect((await post(w.alice, `/api/chats/${chatId}/messages`, { clientId: 'a-2', text: 'Yes, one moment.' })).statusCode).toBe(200);
    expect((await get(w.bob, '/api/chat-transfers')).json().incoming.map((t: { id: string }) => t.id)).toEqual([transfer.id]);
    expect((await get(w.alice, `/api/chats/${chatId}/parties`)).json()).toMatchObject({ owner: { agentId: w.alice.id, name: 'Alice' }, transfer: { id: transfer.id, state: 'pending' } });
    expect((await post(w.bob, `/api/chats/${chatId}/messages`, { clientId: 'b-0', text: 'too early' })).json().code).toBe('CHAT_NOT_YOURS');

    const accepted = await post(w.bob, `/api/chat-transfers/${transfer.id}/accept`);
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().state).toBe('accepted');
    expect(await v.next('assigned', (f) => f.agentName === 'Bob')).toEqual({ type: 'assigned', agentName: 'Bob' });
    await w.settle();
    expect(await chatRow(chatId)).toMatchObject({ state: 'active', agent_id: w.bob.id });
    expect([slots(w.alice), slots(w.bob)]).toEqual([0, 1]);

    const history = (await get(w.bob, `/api/chats/${chatId}/messages?after=0&limit=100`)).json().messages as { seq: number; text: string }[];
    expect(history.map((m) => m.text)).toEqual(['My invoice is wrong', 'Let me pass you to billing.', 'Still there?', 'Yes, one moment.']);
    expect((await post(w.alice, `/api/chats/${chatId}/messages`, { clientId: 'a-3', text: 'gone' })).json().code).toBe('CHAT_NOT_YOURS');
    expect((await get(w.alice, '/api/chats')).json().active).toEqual([]);

    await say(v, 'v-3', 'Hello Bob');
    expect((await post(w.bob, `/api/chats/${chatId}/messages`, { clientId: 'b-1', text: 'Fixed it.' })).statusCode).toBe(200);
    expect(await v.next('message', (m) => m.text === 'Fixed it.')).toMatchObject({ from: 'agent', agentName: 'Bob', seq: 6 });
    expect(v.messages().map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(v.messages().filter((m) => m.from === 'agent').map((m) => m.agentName)).toEqual(['Alice', 'Alice', 'Bob']);

    const moved = events.filter((e) => e.type === 'chat.transferred');
    expect(moved).toMatchObject([{ chatId, fromAgentId: w.alice.id, toAgentId: w.bob.id, scope: { agentIds: [w.alice.id, w.bob.id] } }]);
    expect(await auditActions()).toEqual(['chat.transfer', 'chat.transfer_accept']);
  });

  it('given a pending transfer when Bob declines with a reason then Alice keeps the chat, is told why, and the visitor saw nothing', async () => {
    const { v, chatId } = await chatWithAlice();
    const transfer = (await post(w.alice, `/api/chats/${chatId}/transfer`, { agentId: w.bob.id })).json().transfer as { id: string };
    const declined = await post(w.bob, `/api/chat-transfers/${transfer.id}/decline`, { reason: 'Not my area' });
    expect(declined.json()).toMatchObject({ state: 'declined', reason: 'Not my area' });
    await w.settle();
    expect(events.filter((e) => e.type === 'chat.transfer_changed').map((e) => (e as { state: string }).state)).toEqual(['pending', 'declined']);
    expect(events.find((e) => e.type === 'chat.transfer_changed' && e.state === 'declined')).toMatchObject({ reason: 'Not my area', scope: { agentIds: [w.alice.id, w.bob.id] } });
    expect(await chatRow(chatId)).toMatchObject({ agent_id: w.alice.id });
    expect([slots(w.alice), slots(w.bob)]).toEqual([1, 0]);
    expect((await post(w.alice, `/api/chats/${chatId}/messages`, { clientId: 'a-1', text: 'Still me.' })).statusCode).toBe(200);
    expect(v.frames.filter((f) => f.type === 'assigned')).toHaveLength(1);
    // A late accept changes nothing.
    expect((await post(w.bob, `/api/chat-transfers/${transfer.id}/accept`)).json().code).toBe('CHAT_TRANSFER_NOT_PENDING');
    expect(await chatRow(chatId)).toMatchObject({ agent_id: w.alice.id });
  });

  it('given a pending transfer when nobody answers before the timeout then it expires back to Alice and a later accept is refused', async () => {
    const { chatId } = await chatWithAlice();
    const transfer = (await post(w.alice, `/api/chats/${chatId}/transfer`, { agentId: w.bob.id })).json().transfer as { id: string };
    await w.t.clock.advanceAsync(29_000);
    expect((await get(w.alice, `/api/chats/${chatId}/parties`)).json().transfer).toMatchObject({ state: 'pending' });
    await w.t.clock.advanceAsync(1_000);
    expect((await get(w.alice, `/api/chats/${chatId}/parties`)).json().transfer).toBeNull();
    expect(events.find((e) => e.type === 'chat.transfer_changed' && e.state === 'expired')).toMatchObject({ fromAgentId: w.alice.id });
    expect((await post(w.bob, `/api/chat-transfers/${transfer.id}/accept`)).json().code).toBe('CHAT_TRANSFER_NOT_PENDING');
    await w.settle();
    expect(await chatRow(chatId)).toMatchObject({ agent_id: w.alice.id });
    // The chat can be offered again once the first has ended.
    expect((await post(w.alice, `/api/chats/${chatId}/transfer`, { agentId: w.bob.id })).statusCode).toBe(200);
  });

  it('given an active chat when Alice transfers it to the billing queue then Bob, who serves it, gets it with its history and the visitor is told', async () => {
    const { v, chatId } = await chatWithAlice();
    await say(v, 'v-1', 'Billing please');
    const moved = await post(w.alice, `/api/chats/${chatId}/transfer`, { queueId: w.billingQueue });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().chat).toMatchObject({ id: chatId, state: 'active', agentId: w.bob.id, queueId: w.billingQueue });
    expect(await v.next('assigned', (f) => f.agentName === 'Bob')).toBeTruthy();
    await w.settle();
    expect(await chatRow(chatId)).toMatchObject({ state: 'active', agent_id: w.bob.id, queue_id: w.billingQueue });
    expect([slots(w.alice), slots(w.bob)]).toEqual([0, 1]);
    expect((await get(w.bob, `/api/chats/${chatId}/messages?after=0&limit=10`)).json().messages.map((m: { text: string }) => m.text)).toEqual(['Billing please']);
    await say(v, 'v-2', 'Thanks');
    expect(v.messages().map((m) => m.seq)).toEqual([1, 2]);
  });

  it('given bad transfer requests then each is a coded refusal and nothing changes or is audited', async () => {
    const { chatId } = await chatWithAlice();
    const refuse = async (a: TransferAgent, body: unknown, code: string, status: number) => {
      const r = await post(a, `/api/chats/${chatId}/transfer`, body);
      expect([r.statusCode, r.json().code], JSON.stringify(body)).toEqual([status, code]);
    };
    await refuse(w.alice, { agentId: w.alice.id }, 'CHAT_TRANSFER_TO_SELF', 400);
    await refuse(w.alice, { agentId: w.dave.id }, 'CHAT_AGENT_UNAVAILABLE', 409);
    await refuse(w.alice, { agentId: w.carol.id }, 'CHAT_AGENT_NO_CAPACITY', 409);
    await refuse(w.alice, { agentId: 'no-such-agent' }, 'CHAT_AGENT_UNAVAILABLE', 409);
    await refuse(w.alice, { queueId: 'no-such-queue' }, 'CHAT_QUEUE_UNKNOWN', 400);
    await refuse(w.alice, { agentId: w.bob.id, queueId: w.billingQueue }, 'VALIDATION_FAILED', 400);
    await refuse(w.alice, {}, 'VALIDATION_FAILED', 400);
    await refuse(w.bob, { agentId: w.carol.id }, 'CHAT_NOT_YOURS', 403);
    expect((await post(w.bob, `/api/chats/${chatId}/end`, { outcome: 'solved' })).json().code).toBe('CHAT_NOT_YOURS');
    // One pending at a time.
    expect((await post(w.alice, `/api/chats/${chatId}/transfer`, { agentId: w.bob.id })).statusCode).toBe(200);
    await refuse(w.alice, { queueId: w.billingQueue }, 'CHAT_TRANSFER_PENDING', 409);
    await w.settle();
    expect(await chatRow(chatId)).toMatchObject({ state: 'active', agent_id: w.alice.id, queue_id: w.webQueue });
    expect(await auditActions()).toEqual(['chat.transfer']);
    // The owner withdraws it; a closed chat cannot be transferred.
    const pending = (await get(w.alice, '/api/chat-transfers')).json().outgoing[0] as { id: string };
    expect((await post(w.alice, `/api/chat-transfers/${pending.id}/cancel`)).json().state).toBe('cancelled');
    expect((await post(w.alice, `/api/chats/${chatId}/end`, { outcome: 'solved' })).statusCode).toBe(200);
    await refuse(w.alice, { agentId: w.bob.id }, 'CHAT_CLOSED', 409);
    expect(await auditActions()).toEqual(['chat.transfer', 'chat.transfer_cancel']);
  });

  it('given a pending transfer when the visitor leaves then the transfer is dropped and Bob can no longer accept', async () => {
    const { v, chatId } = await chatWithAlice();
    const transfer = (await post(w.alice, `/api/chats/${chatId}/transfer`, { agentId: w.bob.id })).json().transfer as { id: string };
    v.send({ type: 'end' });
    await v.next('ended');
    await w.settle();
    expect(events.find((e) => e.type === 'chat.transfer_changed' && e.state === 'dropped')).toBeTruthy();
    expect((await post(w.bob, `/api/chat-transfers/${transfer.id}/accept`)).json().code).toBe('CHAT_TRANSFER_NOT_PENDING');
    expect(slots(w.bob)).toBe(0);
  });
});

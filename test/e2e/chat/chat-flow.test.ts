/**
 * A chat from the visitor's widget to an agent and back, through the real routing engine, store
 * and sockets: messages both ways, a resend stored once, a reconnect that resumes without loss or
 * duplicate, a second chat waiting while the agent is at capacity, and the slot freed at the end.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

describe('a web chat end to end', () => {
  let w: ChatWorld;
  const visitors: Visitor[] = [];
  const visitor = async () => {
    const v = await Visitor.connect(w.wsUrl);
    visitors.push(v);
    return v;
  };

  beforeEach(async () => {
    w = await startChatWorld({ chatCapacity: 1 });
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w.close();
  });

  const agentGet = (url: string) => w.t.inject({ method: 'GET', url, headers: w.alice });
  const agentPost = (url: string, body?: unknown) => w.t.inject({ method: 'POST', url, headers: w.alice, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }) });
  const storedRows = async (chatId: string) =>
    (await w.t.db.selectFrom('chat_messages').select(['seq', 'author', 'client_id', 'body']).where('chat_id', '=', chatId).orderBy('seq').execute());
  const chatSlots = () => w.t.deps.contactCenter.acd.agentSnapshot(w.aliceId).work.filter((x) => x.media === 'chat').length;

  it('given an available agent with chat capacity when a visitor chats, resends, reconnects and the agent ends it solved then nothing is lost or doubled and the slot frees', async () => {
    const vera = await visitor();
    const welcome = await vera.request({ type: 'hello' }, 'welcome');
    expect(welcome).toMatchObject({ type: 'welcome', chatId: null, state: null, lastSeq: 0 });
    const token = (welcome as { visitorToken: string }).visitorToken;

    const started = await vera.request({ type: 'start', queue: w.queueId, name: 'Vera', page: 'https://shop.example/cart' }, 'started');
    expect(started.type).toBe('started');
    const chatId = (started as { chatId: string }).chatId;
    expect(await vera.next('assigned')).toEqual({ type: 'assigned', agentName: 'Alice' });
    await w.settle();
    expect(chatSlots()).toBe(1);

    const list = (await agentGet('/api/chats')).json();
    expect(list.active.map((c: { id: string }) => c.id)).toEqual([chatId]);
    expect(list.active[0]).toMatchObject({ state: 'active', agentId: w.aliceId, visitorName: 'Vera', page: 'https://shop.example/cart' });

    const ack1 = await vera.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'Where is my order?' }, 'ack');
    expect(ack1).toMatchObject({ type: 'ack', clientId: 'v-1', seq: 1 });

    const sent = await agentPost(`/api/chats/${chatId}/messages`, { clientId: 'a-1', text: 'Let me look.' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ clientId: 'a-1', seq: 2 });
    expect(await vera.next('message', (m) => m.seq === 2)).toMatchObject({ from: 'agent', agentName: 'Alice', text: 'Let me look.' });
    // The agent's resend answers the same and stores nothing.
    expect((await agentPost(`/api/chats/${chatId}/messages`, { clientId: 'a-1', text: 'Let me look.' })).json()).toEqual(sent.json());

    // The widget resends v-1 (its ack was lost): the same ack, one row.
    const again = await vera.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'Where is my order?' }, 'ack');
    expect(again).toEqual(ack1);
    await w.settle();
    expect((await storedRows(chatId)).map((r) => [r.seq, r.author, r.client_id])).toEqual([
      [1, 'visitor', 'v:v-1'],
      [2, 'agent', 'a:a-1'],
    ]);

    // The visitor's connection drops; the agent writes meanwhile; the widget resumes from seq 2.
    await vera.close();
    expect((await agentPost(`/api/chats/${chatId}/messages`, { clientId: 'a-2', text: 'It ships today.' })).json()).toMatchObject({ seq: 3 });
    const back = await visitor();
    const rewelcome = await back.request({ type: 'hello', visitorToken: token, chatId, resume: 2 }, 'welcome');
    expect(rewelcome).toMatchObject({ chatId, state: 'active', lastSeq: 3 });
    expect(await back.next('assigned')).toEqual({ type: 'assigned', agentName: 'Alice' });
    const ack2 = await back.request({ type: 'message', clientId: 'v-2', kind: 'text', text: 'Thanks!' }, 'ack');
    expect(ack2).toMatchObject({ seq: 4 });
    await back.next('message', (m) => m.seq === 4);
    // Every seq reached the visitor exactly once across both sockets.
    expect([...vera.messages(), ...back.messages()].map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    const agentView = (await agentGet(`/api/chats/${chatId}/messages?after=0`)).json();
    expect(agentView.messages.map((m: { seq: number; from: string }) => [m.seq, m.from])).toEqual([
      [1, 'visitor'],
      [2, 'agent'],
      [3, 'agent'],
      [4, 'visitor'],
    ]);

    const ended = await agentPost(`/api/chats/${chatId}/end`, { outcome: 'solved' });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(ended.json()).toMatchObject({ state: 'ended', outcome: 'solved', endReason: 'agent_ended' });
    expect(await back.next('ended')).toEqual({ type: 'ended', reason: 'agent_ended', survey: true });
    await w.settle();
    expect(chatSlots()).toBe(0);
    const row = await w.t.db.selectFrom('chats').select(['state', 'outcome', 'end_reason', 'last_seq']).where('id', '=', chatId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'ended', outcome: 'solved', end_reason: 'agent_ended', last_seq: 4 });
    expect((await agentGet('/api/chats')).json().active).toEqual([]);
  });

  it('given the agent at chat capacity when a second visitor starts then it is queued with its position and is assigned once the first chat ends', async () => {
    const first = await visitor();
    await first.request({ type: 'hello' }, 'welcome');
    const one = (await first.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string };
    await first.next('assigned');

    const second = await visitor();
    await second.request({ type: 'hello' }, 'welcome');
    const two = (await second.request({ type: 'start', queue: w.queueId, name: 'Sam' }, 'started')) as { chatId: string };
    const queued = await second.next('queued');
    expect(queued.position).toBe(1);
    await w.settle();
    const list = (await agentGet('/api/chats')).json();
    expect(list.waiting.map((c: { id: string }) => c.id)).toEqual([two.chatId]);
    expect(list.waiting[0]).toMatchObject({ state: 'waiting', visitorName: 'Sam', agentId: null });
    // The floor's chat figures (wallboard and strips): Alice has one chat of her one slot, one waits.
    const board = (await w.t.inject({ method: 'GET', url: '/api/wallboard', headers: w.admin })).json();
    expect(board.chat).toMatchObject({ online: 1, available: 0, handling: 1, inboundInProgress: 1, waiting: 1 });
    expect(board.values).toMatchObject({ waiting: 0 });

    // The first visitor leaves: Alice's slot frees and the waiting chat is connected to her.
    first.send({ type: 'end' });
    expect(await first.next('ended')).toEqual({ type: 'ended', reason: 'visitor_left' });
    expect(await second.next('assigned')).toEqual({ type: 'assigned', agentName: 'Alice' });
    await w.settle();
    const after = (await agentGet('/api/chats')).json();
    expect(after.active.map((c: { id: string }) => c.id)).toEqual([two.chatId]);
    expect(after.waiting).toEqual([]);
    const firstRow = await w.t.db.selectFrom('chats').select(['state', 'end_reason']).where('id', '=', one.chatId).executeTakeFirstOrThrow();
    expect(firstRow).toEqual({ state: 'ended', end_reason: 'visitor_left' });
    // The seq counters are per chat.
    const ack = await second.request({ type: 'message', clientId: 'x', kind: 'text', text: 'hi' }, 'ack');
    expect(ack).toMatchObject({ seq: 1 });
    expect(Number((await sql<{ n: string }>`select count(*)::text as n from chat_messages`.execute(w.t.db)).rows[0]?.n)).toBe(1);
  });
});

describe('an agent who takes no chats', () => {
  let w: ChatWorld;
  let v: Visitor | undefined;
  beforeEach(async () => {
    w = await startChatWorld({ chatCapacity: 0 });
  });
  afterEach(async () => {
    await v?.close();
    await w.close();
  });

  it('given chat capacity 0 when a visitor starts a chat then it waits and the agent is offered nothing, until the agent picks it', async () => {
    v = await Visitor.connect(w.wsUrl);
    await v.request({ type: 'hello' }, 'welcome');
    const started = (await v.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string };
    expect((await v.next('queued')).position).toBe(1);
    for (let i = 0; i < 30; i++) await w.t.clock.advanceAsync(1_000);
    await w.settle();
    expect(w.t.deps.contactCenter.acd.openOffers(w.aliceId)).toEqual([]);
    expect(w.t.deps.contactCenter.acd.agentSnapshot(w.aliceId).work).toEqual([]);
    expect(v.frames.some((f) => f.type === 'assigned')).toBe(false);

    // Picking needs a free chat slot too: the engine refuses and the chat keeps waiting.
    const pick = await w.t.inject({ method: 'POST', url: `/api/chats/${started.chatId}/pick`, headers: w.alice });
    expect(pick.statusCode, pick.body).toBe(409);
    expect(pick.json().code).toBe('CAPACITY_EXCEEDED');
    const row = await w.t.db.selectFrom('chats').select(['state', 'agent_id']).where('id', '=', started.chatId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'waiting', agent_id: null });

    await w.t.inject({ method: 'POST', url: '/api/agent/chat-capacity', headers: w.alice, payload: { capacity: 1 } });
    expect(await v.next('assigned')).toEqual({ type: 'assigned', agentName: 'Alice' });
  });
});

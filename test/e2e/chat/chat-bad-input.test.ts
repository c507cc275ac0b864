/**
 * What the widget socket and the agent's chat routes refuse: each with its code, and nothing
 * stored changes (rows of chat_visitors, chats and chat_messages counted before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAT_LIMITS } from '../../../src/chat/protocol.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

describe('bad input to chats', () => {
  let w: ChatWorld;
  let vera: Visitor;
  let veraToken: string;
  let chatId: string;
  const sockets: Visitor[] = [];
  const connect = async () => {
    const v = await Visitor.connect(w.wsUrl);
    sockets.push(v);
    return v;
  };

  const counts = async () => {
    await w.settle();
    const n = async (table: 'chat_visitors' | 'chats' | 'chat_messages') => Number((await w.t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const chats = await w.t.db.selectFrom('chats').select(['id', 'state', 'agent_id', 'last_seq', 'outcome']).orderBy('id').execute();
    return { visitors: await n('chat_visitors'), messages: await n('chat_messages'), chats };
  };

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 2 });
    vera = await connect();
    veraToken = ((await vera.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
    chatId = ((await vera.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    await vera.next('assigned');
    await vera.request({ type: 'message', clientId: 'ok-1', kind: 'text', text: 'hello' }, 'ack');
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w.close();
  });

  it('given frames the protocol does not allow when sent then each gets its coded error and nothing stored changes', async () => {
    const before = await counts();
    const cases: [unknown, string, string?][] = [
      ['not json', 'BAD_JSON'],
      [{ type: 'upload', file: 'x' }, 'CHAT_UNKNOWN_MESSAGE', '/type'],
      [[1, 2], 'CHAT_UNKNOWN_MESSAGE', '/type'],
      [{ type: 'message', clientId: 'big', kind: 'text', text: 'x'.repeat(CHAT_LIMITS.maxTextLength + 1) }, 'CHAT_MESSAGE_TOO_LARGE', '/text'],
      [{ type: 'message', clientId: 'frame', kind: 'text', text: 'ok', pad: 'y'.repeat(CHAT_LIMITS.maxFrameBytes) }, 'CHAT_MESSAGE_TOO_LARGE'],
      [{ type: 'message', clientId: 'img', kind: 'image', text: 'x' }, 'VALIDATION_FAILED', '/kind'],
      [{ type: 'message', clientId: 'bad id with spaces', kind: 'text', text: 'x' }, 'VALIDATION_FAILED', '/clientId'],
      [{ type: 'message', clientId: 'ctl', kind: 'text', text: 'bell\u0007' }, 'VALIDATION_FAILED', '/text'],
      [{ type: 'hello' }, 'VALIDATION_FAILED', '/type'],
    ];
    for (const [frame, code, where] of cases) {
      const since = vera.frames.length;
      if (typeof frame === 'string') vera.sendRaw(frame);
      else vera.send(frame as Record<string, unknown>);
      const error = await vera.next('error', () => true, since);
      expect({ frame: JSON.stringify(frame).slice(0, 60), code: error.code }).toEqual({ frame: JSON.stringify(frame).slice(0, 60), code });
      if (where) expect(error.where).toBe(where);
    }
    expect(await counts()).toEqual(before);
  });

  it('given a socket that has not said hello or not started a chat when it sends then it is told so and nothing is stored', async () => {
    const before = await counts();
    const fresh = await connect();
    expect(await fresh.request({ type: 'message', clientId: 'n-1', kind: 'text', text: 'hi' }, 'ack')).toMatchObject({ type: 'error', code: 'CHAT_HELLO_REQUIRED' });
    await fresh.request({ type: 'hello' }, 'welcome');
    expect(await fresh.request({ type: 'message', clientId: 'n-1', kind: 'text', text: 'hi' }, 'ack')).toMatchObject({ type: 'error', code: 'CHAT_NOT_STARTED', clientId: 'n-1' });
    const after = await counts();
    // The hello issued a visitor (that is what hello is for); no chat and no message.
    expect({ ...after, visitors: after.visitors - 1 }).toEqual(before);
  });

  it("given another visitor's token when it names Vera's chat, or a made-up token, then coded errors and nothing changes", async () => {
    const sam = await connect();
    const samToken = ((await sam.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
    const before = await counts();
    const other = await connect();
    expect(await other.request({ type: 'hello', visitorToken: samToken, chatId }, 'welcome')).toMatchObject({ type: 'error', code: 'CHAT_TOKEN_NOT_FOR_CHAT', where: '/chatId' });
    const forged = await connect();
    expect(await forged.request({ type: 'hello', visitorToken: 'A'.repeat(43), chatId }, 'welcome')).toMatchObject({ type: 'error', code: 'CHAT_TOKEN_INVALID' });
    expect(await counts()).toEqual(before);
    // Vera's own token still resumes her chat.
    const again = await connect();
    expect(await again.request({ type: 'hello', visitorToken: veraToken, chatId, resume: 1 }, 'welcome')).toMatchObject({ type: 'welcome', chatId, state: 'active' });
  });

  it('given an ended chat when the visitor or the agent writes to it then CHAT_CLOSED, and a resend of an earlier message still gets its ack', async () => {
    const spam = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/end`, headers: w.alice, payload: { outcome: 'spam' } });
    expect(spam.statusCode).toBe(400);
    expect(spam.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(spam.json())).toContain('/reason');
    const ended = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/end`, headers: w.alice, payload: { outcome: 'unresolved' } });
    expect(ended.statusCode, ended.body).toBe(200);
    await vera.next('ended');
    const before = await counts();

    expect(await vera.request({ type: 'message', clientId: 'late', kind: 'text', text: 'wait' }, 'ack')).toMatchObject({ type: 'error', code: 'CHAT_CLOSED', clientId: 'late' });
    expect(await vera.request({ type: 'message', clientId: 'ok-1', kind: 'text', text: 'hello' }, 'ack')).toMatchObject({ type: 'ack', clientId: 'ok-1', seq: 1 });
    const agent = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/messages`, headers: w.alice, payload: { clientId: 'late-a', text: 'hm' } });
    expect(agent.json()).toMatchObject({ code: 'CHAT_CLOSED' });
    const twice = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/end`, headers: w.alice, payload: { outcome: 'solved' } });
    expect(twice.json()).toMatchObject({ code: 'CHAT_CLOSED' });
    expect(await counts()).toEqual(before);
  });

  it("given an agent who is not on the chat when they write to it then CHAT_NOT_YOURS", async () => {
    const bob = await w.t.deps.users.create({ username: 'bob', roles: ['agent'], password: w.t.password }, {});
    await w.t.inject({ method: 'POST', url: '/api/agents', headers: w.admin, payload: { userId: bob.user.id, number: '1002', displayName: 'Bob', phone: { mode: 'fixed', extension: 'agent2' } } });
    const bobHeaders = (await w.t.login('agent', 'bob')).headers;
    const res = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/messages`, headers: bobHeaders, payload: { clientId: 'b', text: 'hi' } });
    expect(res.json()).toMatchObject({ code: 'CHAT_NOT_YOURS' });
    const read = await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/messages`, headers: bobHeaders });
    expect(read.json()).toMatchObject({ code: 'CHAT_NOT_YOURS' });
    const sup = await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/messages`, headers: await w.t.loginAs('supervisor') });
    expect(sup.statusCode, sup.body).toBe(200);
  });
  it('given a chat queue outside its business hours when a visitor starts a chat there then QUEUE_CLOSED, the chat is recorded as ended without an agent, and no contact waits', async () => {
    const calendar = await w.t.inject({ method: 'POST', url: '/api/calendars', headers: w.admin, payload: { name: 'never open', timeZone: 'UTC', weekly: {} } });
    expect(calendar.statusCode, calendar.body).toBe(201);
    const queue = await w.t.inject({
      method: 'POST',
      url: '/api/queues',
      headers: w.admin,
      payload: { name: 'after hours', media: 'chat', strategy: 'longest_idle', members: [{ agentId: w.aliceId }], calendarId: calendar.json().id, closedAction: 'hangup' },
    });
    expect(queue.statusCode, queue.body).toBe(201);
    await w.settle();
    const v = await connect();
    await v.request({ type: 'hello' }, 'welcome');
    expect(await v.request({ type: 'start', queue: queue.json().id }, 'started')).toMatchObject({ type: 'error', code: 'QUEUE_CLOSED' });
    await w.settle();
    const rows = await w.t.db.selectFrom('chats').select(['state', 'end_reason', 'agent_id']).where('queue_id', '=', queue.json().id).execute();
    expect(rows).toEqual([{ state: 'ended', end_reason: 'no_agent', agent_id: null }]);
    expect(w.t.deps.contactCenter.acd.queueSnapshot(queue.json().id).contacts).toEqual([]);
    // A queue that is not a chat queue (here: none at all) is refused before anything is stored.
    const before = await counts();
    expect(await v.request({ type: 'start', queue: 'no-such-queue' }, 'started')).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED', where: '/queue' });
    expect(await counts()).toEqual(before);
  });
});

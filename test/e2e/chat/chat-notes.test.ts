/**
 * Private notes and tags through the real app and the widget's own socket: the visitor receives
 * every public message and never a note, live or in the catch-up after a reconnect; the agent
 * and a supervisor read the notes; another agent cannot. Tags are normalized, capped and filter
 * the chat list.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

describe('private notes and tags on a chat', () => {
  let w: ChatWorld;
  const visitors: Visitor[] = [];
  const visitor = async () => {
    const v = await Visitor.connect(w.wsUrl);
    visitors.push(v);
    return v;
  };
  beforeEach(async () => {
    w = await startChatWorld({ chatCapacity: 2 });
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, headers = w.alice, payload?: unknown) =>
    w.t.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  const startChat = async () => {
    const v = await visitor();
    const welcome = (await v.request({ type: 'hello' }, 'welcome')) as { visitorToken: string };
    const started = (await v.request({ type: 'start', queue: w.queueId, name: 'Vera' }, 'started')) as { chatId: string };
    await v.next('assigned');
    await w.settle();
    return { v, token: welcome.visitorToken, chatId: started.chatId };
  };

  it('given notes written between messages when the visitor reads live and after a resume then they get every message and no note', async () => {
    const { v, token, chatId } = await startChat();
    await v.request({ type: 'message', clientId: 'v-1', kind: 'text', text: 'Hello?' }, 'ack');
    expect((await call('POST', `/api/chats/${chatId}/messages`, w.alice, { clientId: 'a-1', text: 'Hi Vera' })).statusCode).toBe(200);
    const note = await call('POST', `/api/chats/${chatId}/notes`, w.alice, { text: '  SECRET-NOTE-1 customer sounds upset  ' });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json()).toMatchObject({ chatId, authorName: 'Alice', text: 'SECRET-NOTE-1 customer sounds upset', afterSeq: 2 });
    const supervisor = await w.t.loginAs('supervisor');
    expect((await call('POST', `/api/chats/${chatId}/notes`, supervisor, { text: 'SECRET-NOTE-2 offer a voucher' })).statusCode).toBe(201);
    expect((await call('POST', `/api/chats/${chatId}/messages`, w.alice, { clientId: 'a-2', text: 'Here is a voucher' })).json()).toMatchObject({ seq: 3 });
    await v.next('message', (m) => m.seq === 3);

    // The visitor drops, a note and a message are written meanwhile, then it resumes from seq 1.
    await v.close();
    expect((await call('POST', `/api/chats/${chatId}/notes`, w.alice, { text: 'SECRET-NOTE-3 while away' })).statusCode).toBe(201);
    expect((await call('POST', `/api/chats/${chatId}/messages`, w.alice, { clientId: 'a-3', text: 'Still there?' })).json()).toMatchObject({ seq: 4 });
    const back = await visitor();
    const rewelcome = await back.request({ type: 'hello', visitorToken: token, chatId, resume: 1 }, 'welcome');
    // The message numbering has no gap for notes: the widget's watermark keeps moving.
    expect(rewelcome).toMatchObject({ lastSeq: 4 });
    await back.next('message', (m) => m.seq === 4);
    await back.next('assigned');
    // The widget's ticket view reads only tickets; ask it too, to see every frame the visitor can get.
    await back.request({ type: 'tickets' }, 'tickets');

    expect(v.messages().map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(back.messages().map((m) => [m.seq, m.text])).toEqual([
      [2, 'Hi Vera'],
      [3, 'Here is a voucher'],
      [4, 'Still there?'],
    ]);
    expect(JSON.stringify([...v.frames, ...back.frames])).not.toContain('SECRET-NOTE');

    // The agent and the supervisor read the notes in order; the messages hold none of them.
    const notes = (await call('GET', `/api/chats/${chatId}/notes`)).json().notes as { text: string; authorName: string; afterSeq: number }[];
    expect(notes.map((n) => [n.afterSeq, n.text.slice(0, 13)])).toEqual([
      [2, 'SECRET-NOTE-1'],
      [2, 'SECRET-NOTE-2'],
      [3, 'SECRET-NOTE-3'],
    ]);
    expect((await call('GET', `/api/chats/${chatId}/notes`, supervisor)).json().notes).toHaveLength(3);
    expect(JSON.stringify((await call('GET', `/api/chats/${chatId}/messages`)).json())).not.toContain('SECRET-NOTE');
  });

  it('given another agent when they read or write notes of a chat not theirs then CHAT_NOT_YOURS; a blank note is refused naming the text', async () => {
    const { chatId } = await startChat();
    const user = await w.t.deps.users.create({ username: 'bob', roles: ['agent'], password: w.t.password }, {});
    const created = await call('POST', '/api/agents', w.admin, { userId: user.user.id, number: '1002', displayName: 'Bob', phone: { mode: 'fixed', extension: 'agent2' } });
    expect(created.statusCode, created.body).toBe(201);
    const bob = (await w.t.login('agent', 'bob')).headers;
    expect((await call('GET', `/api/chats/${chatId}/notes`, bob)).json().code).toBe('CHAT_NOT_YOURS');
    expect((await call('POST', `/api/chats/${chatId}/notes`, bob, { text: 'x' })).json().code).toBe('CHAT_NOT_YOURS');
    expect((await call('PUT', `/api/chats/${chatId}/tags`, bob, { tags: ['x'] })).json().code).toBe('CHAT_NOT_YOURS');
    const blank = await call('POST', `/api/chats/${chatId}/notes`, w.alice, { text: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(JSON.stringify(blank.json().details)).toContain('/text');
    expect((await call('GET', `/api/chats/${chatId}/notes`)).json().notes).toEqual([]);
  });

  it('given tags when set, changed and filtered then they are normalized, capped at 20 of 40 characters, and filter the chat list', async () => {
    const one = await startChat();
    const two = await startChat();
    const set = await call('PUT', `/api/chats/${one.chatId}/tags`, w.alice, { tags: [' VIP ', 'Refund  Request', 'vip'] });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json()).toEqual({ tags: ['vip', 'refund request'] });
    expect((await call('PUT', `/api/chats/${two.chatId}/tags`, w.alice, { tags: ['billing'] })).json()).toEqual({ tags: ['billing'] });
    expect((await call('PUT', `/api/chats/${one.chatId}/tags`, w.alice, { tags: ['vip', 'upsell'] })).json()).toEqual({ tags: ['vip', 'upsell'] });
    expect((await call('GET', `/api/chats/${one.chatId}/tags`)).json()).toEqual({ tags: ['vip', 'upsell'] });

    const tooMany = await call('PUT', `/api/chats/${one.chatId}/tags`, w.alice, { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) });
    expect(tooMany.json()).toMatchObject({ code: 'CHAT_TAGS_TOO_MANY', details: { where: '/tags' } });
    const tooLong = await call('PUT', `/api/chats/${one.chatId}/tags`, w.alice, { tags: ['ok', 'x'.repeat(41)] });
    expect(tooLong.statusCode).toBe(400);
    expect(JSON.stringify(tooLong.json().details)).toContain('/tags/1');
    expect((await call('GET', `/api/chats/${one.chatId}/tags`)).json()).toEqual({ tags: ['vip', 'upsell'] });

    const vip = (await call('GET', '/api/chats?tag=VIP')).json();
    expect(vip.active.map((c: { id: string }) => c.id)).toEqual([one.chatId]);
    expect((await call('GET', '/api/chats')).json().active).toHaveLength(2);
  });
});

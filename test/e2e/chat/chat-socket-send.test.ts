/**
 * An agent answers over its /api/ws socket (`chat.send`, src/api/ws/messages.ts): the reply carries
 * the stored seq once the message is committed, the visitor receives it, a resend stores nothing;
 * and every refusal is a coded reply with nothing stored (chat_messages and chats counted before
 * and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHAT_LIMITS } from '../../../src/chat/protocol.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

type Frame = Record<string, unknown> & { type: string };

/** An /api/ws client that sends requests and awaits their replies by id. */
class AgentSocket {
  readonly frames: Frame[] = [];
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private next = 0;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as Frame;
      this.frames.push(f);
      this.waiters = this.waiters.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
  }
  static async open(url: string, authorization: string): Promise<AgentSocket> {
    const s = new AgentSocket(new WebSocket(url, { headers: { authorization } }));
    await s.wait((f) => f.type === 'hello');
    return s;
  }
  wait(pred: (f: Frame) => boolean): Promise<Frame> {
    const have = this.frames.find(pred);
    if (have) return Promise.resolve(have);
    return new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }
  /** Sends a chat.send (or any fields given) with a fresh request id; resolves with its reply. */
  request(fields: Record<string, unknown>): Promise<Frame> {
    const id = `t${++this.next}`;
    this.ws.send(JSON.stringify({ type: 'chat.send', id, ...fields }));
    return this.wait((f) => f.type === 'reply' && f.id === id);
  }
  sendRaw(text: string): void {
    this.ws.send(text);
  }
  close(): void {
    this.ws.close();
  }
}

describe('chat.send over the agent event socket', () => {
  let w: ChatWorld;
  let apiWs: string;
  let alice: AgentSocket;
  let vera: Visitor;
  let chatId: string;
  const sockets: { close(): unknown }[] = [];

  const counts = async () => {
    await w.settle();
    const messages = Number((await w.t.db.selectFrom('chat_messages').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const chats = await w.t.db.selectFrom('chats').select(['id', 'state', 'agent_id', 'last_seq']).orderBy('id').execute();
    return { messages, chats };
  };
  const startChat = async (): Promise<{ v: Visitor; chatId: string }> => {
    const v = await Visitor.connect(w.wsUrl);
    sockets.push(v);
    await v.request({ type: 'hello' }, 'welcome');
    const started = (await v.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string };
    await v.next('assigned');
    return { v, chatId: started.chatId };
  };

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 3 });
    apiWs = w.wsUrl.replace('/api/widget/ws', '/api/ws');
    alice = await AgentSocket.open(apiWs, w.alice.authorization);
    sockets.push(alice);
    ({ v: vera, chatId } = await startChat());
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w.close();
  });

  it('given my chat when I send over the socket then the reply carries the committed seq, the visitor gets it and a resend stores nothing', async () => {
    const before = await counts();
    const reply = await alice.request({ chatId, clientId: 'sock-1', text: 'Hello Vera, how can I help?' });
    expect(reply).toMatchObject({ ok: true, result: { chatId, clientId: 'sock-1', seq: expect.any(Number), at: expect.any(Number) } });
    const seq = (reply.result as { seq: number }).seq;
    // Durable before the reply: the row is there, with the seq the reply named.
    const row = await w.t.db.selectFrom('chat_messages').select(['seq', 'author', 'body', 'client_id']).where('chat_id', '=', chatId).where('seq', '=', seq).executeTakeFirst();
    expect(row).toMatchObject({ author: 'agent', body: 'Hello Vera, how can I help?' });
    const delivered = await vera.next('message', (f) => f.seq === seq);
    expect(delivered).toMatchObject({ from: 'agent', text: 'Hello Vera, how can I help?' });

    const again = await alice.request({ chatId, clientId: 'sock-1', text: 'Hello Vera, how can I help?' });
    expect(again).toMatchObject({ ok: true, result: { seq } });
    const after = await counts();
    expect(after.messages).toBe(before.messages + 1);
  });

  it('given bad input, a chat that is not mine, unknown or closed, or no agent when I send then each reply is coded and nothing is stored', async () => {
    // Bob is an agent too, but Vera's chat is Alice's.
    const bobUser = await w.t.deps.users.create({ username: 'bob', roles: ['agent'], password: w.t.password }, {});
    const made = await w.t.inject({ method: 'POST', url: '/api/agents', headers: w.admin, payload: { userId: bobUser.user.id, number: '1002', displayName: 'Bob', phone: { mode: 'fixed', extension: 'agent2' } } });
    expect(made.statusCode).toBe(201);
    const bob = await AgentSocket.open(apiWs, (await w.t.login('agent', 'bob')).headers.authorization);
    const admin = await AgentSocket.open(apiWs, w.admin.authorization);
    sockets.push(bob, admin);
    // A chat Alice ended, with one message sent before the end.
    const { chatId: endedId } = await startChat();
    const early = await alice.request({ chatId: endedId, clientId: 'early-1', text: 'Bye for now' });
    expect(early).toMatchObject({ ok: true });
    const ended = await w.t.inject({ method: 'POST', url: `/api/chats/${endedId}/end`, headers: w.alice, payload: { outcome: 'solved' } });
    expect(ended.statusCode).toBe(200);

    const before = await counts();
    const cases: [AgentSocket, Record<string, unknown>, string, string?][] = [
      [alice, { chatId: 'no-such-chat', clientId: 'x-1', text: 'hi' }, 'CHAT_NOT_FOUND'],
      [bob, { chatId, clientId: 'x-2', text: 'not my chat' }, 'CHAT_NOT_YOURS'],
      [alice, { chatId: endedId, clientId: 'x-3', text: 'too late' }, 'CHAT_CLOSED'],
      [admin, { chatId, clientId: 'x-4', text: 'no agent' }, 'NOT_AN_AGENT'],
      [alice, { chatId, clientId: 'x-5', text: 'x'.repeat(CHAT_LIMITS.maxTextLength + 1) }, 'CHAT_MESSAGE_TOO_LARGE', '/text'],
      [alice, { chatId, clientId: 'bad id with spaces', text: 'hi' }, 'VALIDATION_FAILED', '/clientId'],
      [alice, { chatId, clientId: 'x-6', text: '' }, 'VALIDATION_FAILED', '/text'],
      [alice, { chatId, clientId: 'x-7', text: 'bell\u0007' }, 'VALIDATION_FAILED', '/text'],
      [alice, { chatId, clientId: 'x-8' }, 'VALIDATION_FAILED'],
      [alice, { chatId, clientId: 'x-9', text: 'hi', extra: true }, 'VALIDATION_FAILED'],
    ];
    for (const [socket, fields, code, where] of cases) {
      const reply = await socket.request(fields);
      expect({ fields: JSON.stringify(fields).slice(0, 50), ok: reply.ok, code: (reply.error as { code: string }).code }).toEqual({ fields: JSON.stringify(fields).slice(0, 50), ok: false, code });
      if (where) expect((reply.error as { details: { where: string } }).details.where).toBe(where);
    }
    // A request without an id cannot be replied to: a plain error frame, and the socket stays open.
    const errorsBefore = alice.frames.filter((f) => f.type === 'error').length;
    alice.sendRaw(JSON.stringify({ type: 'chat.send', chatId, clientId: 'x-10', text: 'hi' }));
    await alice.wait((f) => f.type === 'error' && alice.frames.filter((g) => g.type === 'error').length > errorsBefore);
    expect(await counts()).toEqual(before);

    // A resend of the message stored before the end still gets its seq back.
    expect(await alice.request({ chatId: endedId, clientId: 'early-1', text: 'Bye for now' })).toMatchObject({ ok: true, result: { seq: (early.result as { seq: number }).seq } });
  });
});

/**
 * Issues 12 and 21: the messaging webhook channel end to end. An admin adds a connector (its
 * secret shown once); a platform's adapter posts signed messages to
 * /api/messaging/:connectorId/inbound; the chat (channel `messaging`) is offered to Alice, who
 * answers; her reply, the bot's lines and the chat's end reach the connector's delivery URL (a
 * receiver on 127.0.0.1) through the notification outbox, signed with the same secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACT_FORM } from '../forms/forms-fixtures.js';
import type { OutboundPayload } from '../../../src/chat/messaging/messaging-rules.js';
import { signature } from '../../../src/core/webhook-signature.js';
import { startReceiver, type Receiver } from '../notify/webhook-receiver.js';
import { deliverUntil, startChatWorld, type ChatWorld } from './chat-world.js';

type Reply = OutboundPayload;

describe('the messaging webhook channel', () => {
  let w: ChatWorld;
  let receiver: Receiver;
  let connectorId: string;
  let secret: string;
  let n = 0;

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 10, chat: { defaultQueue: 'web chat' } });
    receiver = await startReceiver();
    const created = await w.t.inject({ method: 'POST', url: '/api/messaging/connectors', headers: w.admin, payload: { name: 'WeChat official account', platform: ' WeChat ', deliveryUrl: receiver.url } });
    expect(created.statusCode, created.body).toBe(201);
    ({ secret } = created.json() as { secret: string });
    connectorId = (created.json() as { connector: { id: string } }).connector.id;
  }, 60_000);

  afterAll(async () => {
    await receiver?.close();
    await w?.close();
  });

  /** Posts `body` signed with `key` at `at` (the daemon's clock by default). */
  const post = (body: unknown, opts: { key?: string; at?: number; connector?: string; raw?: string } = {}) => {
    const raw = opts.raw ?? JSON.stringify(body);
    const ts = String(Math.floor((opts.at ?? w.t.clock.now()) / 1000));
    return w.t.inject({
      method: 'POST',
      url: `/api/messaging/${opts.connector ?? connectorId}/inbound`,
      headers: { 'content-type': 'application/json', 'x-switchboard-timestamp': ts, 'x-switchboard-signature': signature(opts.key ?? secret, ts, raw) },
      payload: raw,
    });
  };
  const message = (from: string, text: string, extra: Record<string, unknown> = {}) => ({ messageId: `m${++n}`, from: { id: from, name: `User ${from}` }, text, ...extra });

  const until = (what: string, done: () => boolean) => deliverUntil(w, what, done);
  const repliesTo = (userId: string): Reply[] => receiver.received.map((r) => JSON.parse(r.body) as Reply).filter((b) => b.to.id === userId);
  const counts = async () => {
    const count = async (table: 'chats' | 'chat_messages' | 'chat_visitors' | 'messaging_inbound' | 'messaging_visitors') => Number((await w.t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return { chats: await count('chats'), messages: await count('chat_messages'), visitors: await count('chat_visitors'), inbound: await count('messaging_inbound'), users: await count('messaging_visitors') };
  };

  it('given a connector when a user sends a signed message then a messaging chat is offered to Alice, her reply reaches the delivery URL signed, and the next message goes to the same chat', async () => {
    const first = await post(message('u-1', 'Hello, my parcel is late'));
    expect(first.statusCode, first.body).toBe(200);
    const { chatId, duplicate } = first.json() as { chatId: string; duplicate: boolean };
    expect(duplicate).toBe(false);
    await w.settle();
    const list = (await w.t.inject({ method: 'GET', url: '/api/chats', headers: w.alice })).json() as { active: { id: string; channel: string; visitorName: string }[] };
    expect(list.active.find((c) => c.id === chatId)).toMatchObject({ channel: 'messaging', visitorName: 'User u-1' });
    const source = await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/source`, headers: w.alice });
    expect(source.json()).toEqual({ messaging: { connectorName: 'WeChat official account', platform: 'wechat' } });

    const answer = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/messages`, headers: w.alice, payload: { clientId: 'a1', text: 'Let me look that up' } });
    expect(answer.statusCode, answer.body).toBe(200);
    await until('the reply arrives', () => repliesTo('u-1').some((r) => r.text === 'Let me look that up'));
    const got = receiver.received.find((r) => r.body.includes('Let me look that up'));
    expect(got?.headers['x-switchboard-signature']).toBe(signature(secret, got?.headers['x-switchboard-timestamp'] as string, got?.body ?? ''));
    expect(repliesTo('u-1').find((r) => r.text === 'Let me look that up')).toMatchObject({ type: 'message', connectorId, chatId, from: 'agent', agentName: 'Alice', messageId: `${chatId}:${(answer.json() as { seq: number }).seq}` });

    const again = await post(message('u-1', 'Any news?'));
    expect(again.json()).toMatchObject({ chatId, duplicate: false });
    const messages = (await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/messages?after=0&limit=50`, headers: w.alice })).json() as { messages: { from: string; text: string }[] };
    expect(messages.messages.filter((m) => m.from === 'visitor').map((m) => m.text)).toEqual(['Hello, my parcel is late', 'Any news?']);
  });

  it('given a message taken when the platform retries the same messageId then the answer is the same chat and nothing new is stored, even after the chat ended', async () => {
    const body = message('u-2', 'Retry me');
    const first = (await post(body)).json() as { chatId: string; seq: number };
    const before = await counts();
    const retry = await post(body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ chatId: first.chatId, seq: first.seq, duplicate: true });
    await w.settle();
    const ended = await w.t.inject({ method: 'POST', url: `/api/chats/${first.chatId}/end`, headers: w.alice, payload: { outcome: 'solved' } });
    expect(ended.statusCode, ended.body).toBe(200);
    expect((await post(body)).json()).toEqual({ chatId: first.chatId, seq: first.seq, duplicate: true });
    expect(await counts()).toEqual(before);
  });

  it('given a chat the agent ended when the user writes again then the end was delivered and a new chat opens', async () => {
    const first = (await post(message('u-3', 'First visit'))).json() as { chatId: string };
    await w.settle();
    expect((await w.t.inject({ method: 'POST', url: `/api/chats/${first.chatId}/end`, headers: w.alice, payload: { outcome: 'solved' } })).statusCode).toBe(200);
    await until('the end arrives', () => repliesTo('u-3').some((r) => r.type === 'ended'));
    expect(repliesTo('u-3').find((r) => r.type === 'ended')).toMatchObject({ chatId: first.chatId, messageId: `${first.chatId}:ended`, reason: 'agent_ended' });
    const next = (await post(message('u-3', 'Back again'))).json() as { chatId: string };
    expect(next.chatId).not.toBe(first.chatId);
  });

  it('given bad requests when posted then each gets its coded error and nothing is stored', async () => {
    await post(message('u-4', 'warm up'));
    await w.settle();
    const before = await counts();
    const cases: [string, () => ReturnType<typeof post>, number, string, string | undefined][] = [
      ['a wrong key', () => post(message('u-4', 'hi'), { key: 'not-the-secret' }), 401, 'MESSAGING_SIGNATURE_INVALID', '/headers/x-switchboard-signature'],
      ['a stale timestamp', () => post(message('u-4', 'hi'), { at: w.t.clock.now() - 6 * 60_000 }), 401, 'MESSAGING_SIGNATURE_INVALID', '/headers/x-switchboard-signature'],
      ['an unknown connector', () => post(message('u-4', 'hi'), { connector: 'no-such-connector' }), 404, 'MESSAGING_CONNECTOR_UNKNOWN', '/params/connectorId'],
      ['no from', () => post({ messageId: 'x1', text: 'hi' }), 400, 'VALIDATION_FAILED', undefined],
      ['an unknown field', () => post({ ...message('u-4', 'hi'), colour: 'red' }), 400, 'VALIDATION_FAILED', undefined],
      ['no text', () => post({ messageId: 'x2', from: { id: 'u-4' } }), 400, 'VALIDATION_FAILED', '/text'],
      ['a file', () => post(message('u-4', '', { attachments: [{ kind: 'image' }] })), 400, 'MESSAGING_ATTACHMENTS_UNSUPPORTED', '/attachments'],
      ['not JSON', () => post(undefined, { raw: '{"messageId": ' }), 400, 'BAD_JSON', '/'],
    ];
    for (const [what, send, status, code, where] of cases) {
      const res = await send();
      expect(res.statusCode, `${what}: ${res.body}`).toBe(status);
      const body = res.json() as { code: string; details?: { where?: string; problems?: { where: string }[] } };
      expect(body.code, what).toBe(code);
      if (where) expect(body.details?.where ?? body.details?.problems?.[0]?.where, what).toBe(where);
      else expect(body.details?.problems?.length, what).toBeGreaterThan(0);
    }
    const unsigned = await w.t.inject({ method: 'POST', url: `/api/messaging/${connectorId}/inbound`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(message('u-4', 'hi')) });
    expect(unsigned.json()).toMatchObject({ code: 'MESSAGING_SIGNATURE_INVALID' });
    await w.settle();
    expect(await counts()).toEqual(before);
  });

  it('given a disabled connector when a signed message arrives then MESSAGING_CONNECTOR_DISABLED and nothing is stored; a rotated secret replaces the old one at once', async () => {
    const made = (await w.t.inject({ method: 'POST', url: '/api/messaging/connectors', headers: w.admin, payload: { name: 'LINE', platform: 'line', deliveryUrl: receiver.url, enabled: false } })).json() as { connector: { id: string }; secret: string };
    const id = made.connector.id;
    const before = await counts();
    const refused = await post(message('l-1', 'hi'), { connector: id, key: made.secret });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'MESSAGING_CONNECTOR_DISABLED' });
    expect(await counts()).toEqual(before);

    expect((await w.t.inject({ method: 'PUT', url: `/api/messaging/connectors/${id}`, headers: w.admin, payload: { name: 'LINE', platform: 'line', deliveryUrl: receiver.url, enabled: true } })).statusCode).toBe(200);
    const rotated = (await w.t.inject({ method: 'POST', url: `/api/messaging/connectors/${id}/rotate`, headers: w.admin })).json() as { secret: string };
    expect(rotated.secret).not.toBe(made.secret);
    expect((await post(message('l-1', 'hi'), { connector: id, key: made.secret })).json()).toMatchObject({ code: 'MESSAGING_SIGNATURE_INVALID' });
    expect((await post(message('l-1', 'hi'), { connector: id, key: rotated.secret })).statusCode).toBe(200);
  });

  it('given connectors when listed or audited then no secret is shown; an agent may read them but not change them', async () => {
    const list = await w.t.inject({ method: 'GET', url: '/api/messaging/connectors', headers: w.alice });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(secret);
    expect((list.json() as { connectors: { platform: string }[] }).connectors.map((c) => c.platform)).toContain('wechat');
    const refused = await w.t.inject({ method: 'POST', url: '/api/messaging/connectors', headers: w.alice, payload: { name: 'x', platform: 'x', deliveryUrl: receiver.url } });
    expect(refused.statusCode).toBe(403);
    const bad = await w.t.inject({ method: 'POST', url: '/api/messaging/connectors', headers: w.admin, payload: { name: 'x', platform: 'x', deliveryUrl: 'ftp://example.invalid/' } });
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/deliveryUrl' }] } });
    const audit = await w.t.db.selectFrom('audit_log').selectAll().where('action', 'like', 'messaging.%').execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  it('given a customer with the messaging identity wechat:u-5 when u-5 writes then the chat is that customer\'s', async () => {
    const customer = await w.t.inject({ method: 'POST', url: '/api/customers', headers: w.admin, payload: { name: 'Wang Fang', messaging: [{ platform: 'wechat', id: 'u-5' }] } });
    expect(customer.statusCode, customer.body).toBe(201);
    const { chatId } = (await post(message('u-5', 'It is Wang'))).json() as { chatId: string };
    await w.settle();
    const found = await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/customer`, headers: w.alice });
    expect(found.json()).toMatchObject({ customer: { id: (customer.json() as { id: string }).id, name: 'Wang Fang' } });
  });

  it('given an internal note in a messaging chat when the outbox sends then the note is never delivered', async () => {
    const { chatId } = (await post(message('u-6', 'Hi there'))).json() as { chatId: string };
    await w.settle();
    expect((await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/notes`, headers: w.alice, payload: { text: 'INTERNAL: angry customer' } })).statusCode).toBe(201);
    await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/messages`, headers: w.alice, payload: { clientId: 'n1', text: 'How can I help?' } });
    await until('the reply arrives', () => repliesTo('u-6').length >= 1);
    const queued = await w.t.db.selectFrom('notify_outbox').select('body').where('channel', '=', 'messaging').execute();
    expect(queued.filter((q) => q.body.includes('INTERNAL'))).toEqual([]);
    expect(repliesTo('u-6').map((r) => r.text)).toEqual(['How can I help?']);
  });

  it('given a messaging chat when an agent sends it a form then FORM_CHANNEL_UNSUPPORTED and nothing is sent or stored', async () => {
    const form = await w.t.inject({ method: 'POST', url: '/api/forms', headers: w.admin, payload: { name: 'Contact details', definition: CONTACT_FORM } });
    expect(form.statusCode, form.body).toBe(201);
    const { chatId } = (await post(message('u-form', 'Where do I send it?'))).json() as { chatId: string };
    await w.settle();
    const sent = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/forms`, headers: w.alice, payload: { formId: (form.json() as { id: string }).id } });
    expect(sent.statusCode).toBe(409);
    expect(sent.json()).toMatchObject({ code: 'FORM_CHANNEL_UNSUPPORTED', details: { where: '/formId' } });
    expect(await w.t.db.selectFrom('chat_form_requests').select('id').where('chat_id', '=', chatId).execute()).toEqual([]);
  });

  it('given a reply whose outbox row a stop lost when the daemon catches up after a start then the reply is sent, and one already in the outbox is not added again', async () => {
    const { chatId } = (await post(message('u-8', 'Hello again'))).json() as { chatId: string };
    await w.settle();
    await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/messages`, headers: w.alice, payload: { clientId: 'r1', text: 'Kept' } });
    await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/messages`, headers: w.alice, payload: { clientId: 'r2', text: 'Lost in a stop' } });
    await until('both replies arrive', () => repliesTo('u-8').length >= 2);
    // As if the daemon had stopped between the second message's commit and its outbox row.
    await w.t.db.deleteFrom('notify_outbox').where('source_id', '=', `${chatId}:3`).execute();
    const rows = async () => (await w.t.db.selectFrom('notify_outbox').select('source_id').where('source_id', 'like', `${chatId}:%`).execute()).map((r) => r.source_id).sort();
    expect(await rows()).toEqual([`${chatId}:2`]);

    await w.t.deps.messaging.catchUp();
    await until('the lost reply is sent again', () => repliesTo('u-8').length >= 3);
    expect(await rows()).toEqual([`${chatId}:2`, `${chatId}:3`]);
    expect(repliesTo('u-8').map((r) => r.text)).toEqual(['Kept', 'Lost in a stop', 'Lost in a stop']);
  });

  it('given the bot on for the messaging channel when a new user writes then the bot answers first and its lines reach the delivery URL', async () => {
    const set = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/settings/messaging', headers: w.admin, payload: { mode: 'always', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: null, vip: false } } });
    expect(set.statusCode, set.body).toBe(200);
    try {
      const { chatId } = (await post(message('u-7', 'How do I reset my password?'))).json() as { chatId: string };
      await until('the bot answers', () => repliesTo('u-7').length >= 2);
      const lines = repliesTo('u-7');
      expect(lines.every((l) => l.from === 'bot' && l.chatId === chatId)).toBe(true);
      const list = (await w.t.inject({ method: 'GET', url: '/api/chats', headers: w.alice })).json() as { active: { id: string }[]; waiting: { id: string }[] };
      expect([...list.active, ...list.waiting].map((c) => c.id)).not.toContain(chatId);
    } finally {
      await w.t.inject({ method: 'PUT', url: '/api/chat-bot/settings/messaging', headers: w.admin, payload: { mode: 'off', calendarId: null, handover: { onRequest: true, unhelpfulTurns: null, negativeStreak: null, vip: false } } });
    }
  });
});

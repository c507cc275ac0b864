/**
 * Issue 14: a chat's ending notifies like a call's outcome. An admin's webhook rule on solved
 * chats of the web-chat queue; a visitor chats with Alice, who ends it solved; the receiver on
 * 127.0.0.1 gets one signed chat.ending with the chat, its queue and agent. A chat that ends
 * another way (the visitor leaves) is not sent to that rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signature } from '../../../src/outbound-http/notify-sender.js';
import { deliverUntil, startChatWorld, Visitor, type ChatWorld } from '../chat/chat-world.js';
import { startReceiver, type Receiver } from './webhook-receiver.js';

const SECRET = 'chat-hook-secret-0123456789';

describe('chat endings as notification triggers', () => {
  let w: ChatWorld;
  let receiver: Receiver;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 2 });
    receiver = await startReceiver();
  }, 60_000);

  afterAll(async () => {
    for (const v of visitors) await v.close();
    await receiver?.close();
    await w?.close();
  });

  const until = (what: string, done: () => boolean) => deliverUntil(w, what, done);

  it('given a webhook rule on solved chats when Alice ends a chat solved and another visitor leaves then exactly one signed chat.ending arrives, for the solved one', async () => {
    const rule = await w.t.inject({
      method: 'POST',
      url: '/api/notify/rules',
      headers: w.admin,
      payload: { name: 'Solved chats to the CRM', trigger: { media: 'chat', endings: ['solved'], queueIds: [w.queueId] }, channel: { kind: 'webhook', url: receiver.url }, secret: SECRET },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const bad = await w.t.inject({ method: 'POST', url: '/api/notify/rules', headers: w.admin, payload: { name: 'x', trigger: { media: 'chat', endings: ['happy'], queueIds: [] }, channel: { kind: 'webhook', url: receiver.url }, secret: SECRET } });
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: { problems: [{ where: '/trigger/endings/0' }] } });

    const vera = await Visitor.connect(w.wsUrl);
    visitors.push(vera);
    await vera.request({ type: 'hello' }, 'welcome');
    const { chatId } = (await vera.request({ type: 'start', queue: w.queueId, name: 'Vera' }, 'started')) as { chatId: string };
    await vera.next('assigned');
    const sam = await Visitor.connect(w.wsUrl);
    visitors.push(sam);
    await sam.request({ type: 'hello' }, 'welcome');
    await sam.request({ type: 'start', queue: w.queueId, name: 'Sam' }, 'started');
    await sam.next('assigned');
    await w.settle();

    sam.send({ type: 'end' });
    await sam.next('ended');
    const ended = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/end`, headers: w.alice, payload: { outcome: 'solved' } });
    expect(ended.statusCode, ended.body).toBe(200);

    await until('the webhook arrives', () => receiver.received.length >= 1);
    await w.settle();
    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0] as (typeof receiver.received)[number];
    const body = JSON.parse(got.body) as { type: string; chat: { id: string; outcome: string; queueId: string; agentId: string; startedAt: string; answeredAt: string; endedAt: string } };
    expect(body.type).toBe('chat.ending');
    expect(body.chat).toMatchObject({ id: chatId, outcome: 'solved', queueId: w.queueId, agentId: w.aliceId });
    expect(Date.parse(body.chat.answeredAt)).toBeGreaterThanOrEqual(Date.parse(body.chat.startedAt));
    expect(got.headers['x-switchboard-signature']).toBe(signature(SECRET, got.headers['x-switchboard-timestamp'] as string, got.body));
  });

  it('given a webhook rule on a chat queue when an agent writes an internal note and a public reply on a ticket made from a chat of it then only the public reply is sent, as ticket.public_reply', async () => {
    const hook = await startReceiver();
    try {
      const rule = await w.t.inject({
        method: 'POST',
        url: '/api/notify/rules',
        headers: w.admin,
        payload: { name: 'Ticket follow-ups', trigger: { media: 'chat', endings: ['unresolved'], queueIds: [w.queueId] }, channel: { kind: 'webhook', url: hook.url }, secret: SECRET },
      });
      expect(rule.statusCode, rule.body).toBe(201);
      const vera = await Visitor.connect(w.wsUrl);
      visitors.push(vera);
      await vera.request({ type: 'hello' }, 'welcome');
      const { chatId } = (await vera.request({ type: 'start', queue: w.queueId, name: 'Vera' }, 'started')) as { chatId: string };
      await vera.next('assigned');
      const post = (url: string, payload: object) => w.t.inject({ method: 'POST', url, headers: w.alice, payload });
      const ticketId = (await post('/api/tickets', { subject: 'Where is my parcel', chatId })).json().id as string;
      expect((await post(`/api/tickets/${ticketId}/replies`, { visibility: 'internal', body: 'INTERNAL: the courier lost it' })).statusCode).toBe(201);
      const reply = (await post(`/api/tickets/${ticketId}/replies`, { visibility: 'public', body: 'Your parcel is on its way' })).json();

      await until('the reply reaches the webhook', () => hook.received.length >= 1);
      await w.settle();
      expect(hook.received).toHaveLength(1);
      const got = hook.received[0] as (typeof hook.received)[number];
      expect(JSON.parse(got.body)).toMatchObject({ type: 'ticket.public_reply', ticket: { id: ticketId, chatId, queueId: w.queueId }, reply: { id: reply.id, body: 'Your parcel is on its way' } });
      expect(got.headers['x-switchboard-signature']).toBe(signature(SECRET, got.headers['x-switchboard-timestamp'] as string, got.body));
      // Not sent, and not even queued: nothing in the outbox carries the internal note.
      const queued = await w.t.db.selectFrom('notify_outbox').select('body').execute();
      expect(queued.length).toBeGreaterThan(0);
      expect(queued.filter((q) => q.body.includes('INTERNAL'))).toEqual([]);
    } finally {
      await hook.close();
    }
  });
});

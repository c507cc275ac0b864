/**
 * A visitor sees the public replies of their own tickets through the widget's own socket, with
 * their visitor token, and never an internal reply nor another visitor's ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatWorld, Visitor, type ChatWorld } from '../chat/chat-world.js';

describe('tickets in the chat widget', () => {
  let w: ChatWorld;
  const sockets: Visitor[] = [];
  const connect = async () => {
    const v = await Visitor.connect(w.wsUrl);
    sockets.push(v);
    return v;
  };

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 2 });
  });
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w.close();
  });

  it('given a ticket made from a chat with public and internal replies when its visitor asks over the widget socket then only the public replies come', async () => {
    const vera = await connect();
    const token = ((await vera.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
    const chatId = ((await vera.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    await vera.next('assigned');
    const post = (url: string, payload: object) => w.t.inject({ method: 'POST', url, headers: w.alice, payload });
    const created = await post('/api/tickets', { subject: 'Parcel missing', chatId });
    expect(created.statusCode).toBe(201);
    const ticketId = created.json().id as string;
    expect((await post(`/api/tickets/${ticketId}/replies`, { visibility: 'public', body: 'We asked the courier' })).statusCode).toBe(201);
    expect((await post(`/api/tickets/${ticketId}/replies`, { visibility: 'internal', body: 'INTERNAL: courier blames us' })).statusCode).toBe(201);
    expect((await post(`/api/tickets/${ticketId}/transitions`, { to: 'pending' })).statusCode).toBe(200);

    // A fresh socket with the stored token: what the widget does after a page reload.
    const again = await connect();
    await again.request({ type: 'hello', visitorToken: token }, 'welcome');
    const answer = await again.request({ type: 'tickets' }, 'tickets');
    expect(answer.type).toBe('tickets');
    const tickets = answer.type === 'tickets' ? answer.tickets : [];
    expect(tickets.map((x) => [x.id, x.subject, x.status])).toEqual([[ticketId, 'Parcel missing', 'pending']]);
    expect(tickets[0]?.replies.map((r) => r.body)).toEqual(['We asked the courier']);
    expect(JSON.stringify(answer)).not.toContain('INTERNAL');
  });

  it('given the visitor online when an agent writes an internal note, a public reply and moves the ticket then only the public reply and the status reach the widget, live', async () => {
    const vera = await connect();
    await vera.request({ type: 'hello' }, 'welcome');
    const chatId = ((await vera.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    await vera.next('assigned');
    const post = (url: string, payload: object) => w.t.inject({ method: 'POST', url, headers: w.alice, payload });
    const ticketId = (await post('/api/tickets', { subject: 'Refund', chatId })).json().id as string;
    // Another visitor online meanwhile hears nothing of it.
    const stranger = await connect();
    await stranger.request({ type: 'hello' }, 'welcome');

    expect((await post(`/api/tickets/${ticketId}/replies`, { visibility: 'internal', body: 'INTERNAL: refund looks like fraud' })).statusCode).toBe(201);
    expect((await post(`/api/tickets/${ticketId}/replies`, { visibility: 'public', body: 'Your refund is on its way' })).statusCode).toBe(201);
    const pushed = await vera.next('ticket_update');
    expect(pushed).toMatchObject({ type: 'ticket_update', ticketId, subject: 'Refund', status: 'new', reply: { body: 'Your refund is on its way' } });
    expect((await post(`/api/tickets/${ticketId}/transitions`, { to: 'solved' })).statusCode).toBe(200);
    const moved = await vera.next('ticket_update', (f) => f.status === 'solved');
    expect(moved).toMatchObject({ ticketId, status: 'solved' });
    expect(moved).not.toHaveProperty('reply');

    // Frames arrive in order: had the internal note been pushed, it would have come before the public reply.
    expect(JSON.stringify(vera.frames)).not.toContain('INTERNAL');
    expect(JSON.stringify(stranger.frames)).not.toContain(ticketId);
  });

  it('given another visitor, or a socket before hello, when asking for tickets then none of Vera’s and a coded error before hello', async () => {
    const stranger = await connect();
    expect(await stranger.request({ type: 'tickets' }, 'tickets')).toMatchObject({ type: 'error', code: 'CHAT_HELLO_REQUIRED' });
    await stranger.request({ type: 'hello' }, 'welcome');
    const answer = await stranger.request({ type: 'tickets' }, 'tickets');
    expect(answer).toEqual({ type: 'tickets', tickets: [] });
  });

  it('given an agent who is not on a chat when making a ticket from it then CHAT_NOT_YOURS and no ticket', async () => {
    const v = await connect();
    await v.request({ type: 'hello' }, 'welcome');
    const chatId = ((await v.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    await w.settle();
    await w.t.deps.users.create({ username: 'bob', roles: ['agent'], password: w.t.password }, {});
    const bob = (await w.t.login('agent', 'bob')).headers;
    const count = async () => (await w.t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n;
    const before = await count();
    const res = await w.t.inject({ method: 'POST', url: '/api/tickets', headers: bob, payload: { subject: 'not mine', chatId } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('CHAT_NOT_YOURS');
    expect(await count()).toBe(before);
  });
});

/**
 * Issues 12 and 13: the three ways an agent ends a chat, each kept as a ticket through the real
 * chat flow (widget socket, routing engine, store): solved -> a solved ticket assigned to the
 * agent; unresolved -> an open ticket for the agent's team with nobody assigned; spam -> a deleted
 * ticket with the reason, which the visitor never sees. A chat tied to a ticket while under way
 * adds its transcript there instead; the ending is kept exactly once, also when done again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatWorld, Visitor, type ChatWorld } from '../chat/chat-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

describe('chat endings kept as tickets', () => {
  let w: ChatWorld;
  let teamId: string;
  const sockets: Visitor[] = [];

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 3 });
    const team = await w.t.inject({ method: 'POST', url: '/api/teams', headers: w.admin, payload: { name: '售后' } });
    expect(team.statusCode, team.body).toBe(201);
    teamId = team.json().id;
    const alice = (await w.t.inject({ method: 'GET', url: `/api/agents/${w.aliceId}`, headers: w.admin })).json();
    const moved = await w.t.inject({
      method: 'PUT',
      url: `/api/agents/${w.aliceId}`,
      headers: w.admin,
      payload: { userId: alice.userId, number: alice.number, displayName: alice.displayName, phone: alice.phone, teamId },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w?.close();
  });

  const post = (url: string, payload: object) => w.t.inject({ method: 'POST', url, headers: w.alice, payload });
  const get = async (url: string): Promise<Json> => {
    const res = await w.t.inject({ method: 'GET', url, headers: w.admin });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const ticketsOfChat = async (chatId: string) => w.t.db.selectFrom('chat_tickets').selectAll().where('chat_id', '=', chatId).execute();
  const ticketCount = async () => Number((await w.t.db.selectFrom('tickets').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  /** A visitor opens a chat, says something, Alice answers; returns the chat and the visitor's token. */
  async function chat(first: string): Promise<{ chatId: string; token: string; visitor: Visitor }> {
    const visitor = await Visitor.connect(w.wsUrl);
    sockets.push(visitor);
    const token = ((await visitor.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
    const chatId = ((await visitor.request({ type: 'start', queue: w.queueId, name: '王芳' }, 'started')) as { chatId: string }).chatId;
    await visitor.next('assigned');
    await visitor.request({ type: 'message', clientId: 'v-1', kind: 'text', text: first }, 'ack');
    expect((await post(`/api/chats/${chatId}/messages`, { clientId: 'a-1', text: '好的，我来处理。' })).statusCode).toBe(200);
    return { chatId, token, visitor };
  }

  async function end(chatId: string, outcome: string, reason?: string): Promise<Json> {
    const res = await post(`/api/chats/${chatId}/end`, { outcome, ...(reason ? { reason } : {}) });
    expect(res.statusCode, res.body).toBe(200);
    await w.settle();
    const links = await ticketsOfChat(chatId);
    expect(links).toHaveLength(1);
    return (await get(`/api/tickets/${links[0]?.ticket_id}`)) as Json;
  }

  it('given a solved chat then a solved ticket assigned to the agent, with the visitor’s words as subject and the transcript inside', async () => {
    const { chatId } = await chat('我的订单三天了还没发货');
    const detail = await end(chatId, 'solved');
    expect(detail.ticket).toMatchObject({ subject: '我的订单三天了还没发货', status: 'solved', assigneeId: w.aliceId, teamId });
    expect(detail.ticket.description).toContain('王芳: 我的订单三天了还没发货');
    expect(detail.ticket.description).toContain('Agent: 好的，我来处理。');
    expect(detail.history.map((h: Json) => [h.field, h.to]).filter((x: Json[]) => x[0] === 'status')).toEqual([
      ['status', 'new'],
      ['status', 'solved'],
    ]);
  });

  it('given an unresolved chat then an open ticket for the agent’s team with nobody assigned', async () => {
    const { chatId } = await chat('发票开错了');
    const detail = await end(chatId, 'unresolved');
    expect(detail.ticket).toMatchObject({ status: 'open', assigneeId: null, teamId });
  });

  it('given a chat rejected as spam then a deleted ticket with the reason, which the visitor does not see', async () => {
    const { chatId, token } = await chat('buy cheap followers');
    const detail = await end(chatId, 'spam', 'advertising');
    expect(detail.ticket).toMatchObject({ status: 'deleted', deletedReason: 'advertising' });
    const again = await Visitor.connect(w.wsUrl);
    sockets.push(again);
    await again.request({ type: 'hello', visitorToken: token }, 'welcome');
    const answer = (await again.request({ type: 'tickets' }, 'tickets')) as { tickets: { id: string }[] };
    expect(answer.tickets.map((t) => t.id)).not.toContain(detail.ticket.id);
  });

  it('given a chat tied to an existing ticket while under way then its ending is added to that ticket, and no new one is made', async () => {
    const existing = await post('/api/tickets', { subject: 'Refund for order 1234' });
    expect(existing.statusCode, existing.body).toBe(201);
    const ticketId = existing.json().id as string;
    const { chatId } = await chat('还是没有退款');
    const linked = await post(`/api/tickets/${ticketId}/chats`, { chatId });
    expect(linked.statusCode, linked.body).toBe(200);
    const before = await ticketCount();
    const detail = await end(chatId, 'unresolved');
    expect(detail.ticket.id).toBe(ticketId);
    expect(detail.ticket.status).toBe('open');
    expect(detail.replies.map((r: Json) => [r.visibility, r.body.includes('还是没有退款')])).toEqual([['internal', true]]);
    expect(await ticketCount()).toBe(before);
  });

  it('given bad links then coded refusals and nothing stored: an ended chat, a chat that is not yours, an unknown ticket', async () => {
    const { chatId } = await chat('hello');
    const target = (await post('/api/tickets', { subject: 'target' })).json().id as string;
    expect((await post(`/api/tickets/no-such/chats`, { chatId })).json().code).toBe('TICKET_NOT_FOUND');
    expect((await post(`/api/tickets/${target}/chats`, { chatId: 'no-such-chat' })).statusCode).toBe(404);
    await end(chatId, 'solved');
    const late = await post(`/api/tickets/${target}/chats`, { chatId });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('CHAT_CLOSED');
    expect((await w.t.db.selectFrom('chat_tickets').select('chat_id').where('ticket_id', '=', target).execute()).length).toBe(0);
    const extra = await post(`/api/tickets/${target}/chats`, { chatId, more: 1 });
    expect(extra.statusCode).toBe(400);
  });
});

/**
 * Issue 11: the chat half of the Today table through the real chat flow: a chat Alice serves, one
 * waiting behind it (her capacity is one), the messages both sides wrote, and the duration of the
 * chat once she ends it, in the center's and the chat queue's rows of GET /api/realtime/today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthHeaders } from '../../helpers/test-app.js';
import { startChatWorld, Visitor, type ChatWorld } from '../chat/chat-world.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON body, read field by field
type Json = any;

describe('Today: chats', () => {
  let w: ChatWorld;
  let sue: AuthHeaders;
  const visitors: Visitor[] = [];

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 1 });
    sue = await w.t.loginAs('supervisor');
  }, 60_000);
  afterAll(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w?.close();
  });

  const today = async (): Promise<Json> => {
    await w.settle();
    const res = await w.t.inject({ method: 'GET', url: '/api/realtime/today', headers: sue });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const chatsOf = (body: Json) => ({ center: body.center.chats, queue: body.queues.find((q: Json) => q.queueId === w.queueId)?.chats });

  it('given no chat yet when read then the chat figures are zero and the duration is empty', async () => {
    const { center, queue } = chatsOf(await today());
    expect(center).toEqual({ active: 0, waiting: 0, messagesToday: 0, ended: 0, averageDurationMs: null });
    expect(queue).toEqual(center);
  });

  it('given one chat served and one waiting with three messages when read then active 1, waiting 1, messages 3; once ended, its duration from the agent joining', async () => {
    const vera = await Visitor.connect(w.wsUrl);
    visitors.push(vera);
    await vera.request({ type: 'hello' }, 'welcome');
    const started = (await vera.request({ type: 'start', queue: w.queueId, name: 'Vera', page: 'https://shop.example/' }, 'started')) as { chatId: string };
    await vera.next('assigned');
    const tom = await Visitor.connect(w.wsUrl);
    visitors.push(tom);
    await tom.request({ type: 'hello' }, 'welcome');
    await tom.request({ type: 'start', queue: w.queueId, name: 'Tom', page: 'https://shop.example/' }, 'started');

    await vera.request({ type: 'message', clientId: 'v-1', kind: 'text', text: '我的订单在哪里？' }, 'ack');
    const post = (url: string, body: unknown) => w.t.inject({ method: 'POST', url, headers: w.alice, payload: body as Record<string, unknown> });
    expect((await post(`/api/chats/${started.chatId}/messages`, { clientId: 'a-1', text: '我查一下。' })).statusCode).toBe(200);
    await vera.request({ type: 'message', clientId: 'v-2', kind: 'text', text: '谢谢' }, 'ack');

    let figures = chatsOf(await today());
    expect(figures.center).toEqual({ active: 1, waiting: 1, messagesToday: 3, ended: 0, averageDurationMs: null });
    expect(figures.queue).toEqual(figures.center);

    await w.t.clock.advanceAsync(90_000);
    const ended = await post(`/api/chats/${started.chatId}/end`, { outcome: 'solved' });
    expect(ended.statusCode, ended.body).toBe(200);
    figures = chatsOf(await today());
    // Tom's chat was waiting for Alice's only slot: it is hers now.
    expect(figures.center).toMatchObject({ active: 1, waiting: 0, ended: 1 });
    const row = await w.t.db.selectFrom('chats').select(['assigned_at', 'ended_at']).where('id', '=', started.chatId).executeTakeFirstOrThrow();
    expect(figures.center.averageDurationMs).toBe((row.ended_at as Date).getTime() - (row.assigned_at as Date).getTime());
    expect(figures.center.averageDurationMs).toBeGreaterThanOrEqual(90_000);
    // The line "an agent joined" and the like are not messages: the three written, plus none.
    expect(figures.center.messagesToday).toBe(3);
  });
});

/**
 * The chat bot end to end over the widget socket and the agent's API: answers from the seeded
 * knowledge base in English and Chinese, the hand-over rules (转人工 at once, three negative
 * messages, a VIP straight to a person), out of hours (articles, then leave a message), article
 * cards and what a visitor may read, settings refused whole, the report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../src/chat/protocol.js';
import { seedKb } from '../kb/kb-seed.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

type MessageFrame = Extract<ServerFrame, { type: 'message' }>;
const LAST_LINES = new Set(['ask_solved', 'no_match', 'glad', 'sorry_retry', 'handing_over', 'no_agent', 'no_person']);
const RULES = { onRequest: true, unhelpfulTurns: 2, negativeStreak: 3, vip: true };

describe('the chat bot', () => {
  let w: ChatWorld;
  let articleOf: Map<string, string>;
  const open: Visitor[] = [];

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 10, chat: { defaultQueue: 'web chat' } });
    ({ articleOf } = await seedKb(w.t, w.admin));
    const set = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/settings/web', headers: w.admin, payload: { mode: 'always', calendarId: null, handover: RULES } });
    expect(set.statusCode, set.body).toBe(200);
  }, 120_000);
  afterAll(async () => {
    for (const v of open) await v.close();
    await w.close();
  });

  async function visitor(start: Record<string, unknown> = {}): Promise<{ v: Visitor; chatId: string; token: string }> {
    const v = await Visitor.connect(w.wsUrl);
    open.push(v);
    const welcome = await v.request({ type: 'hello', channel: 'web' }, 'welcome');
    if (welcome.type !== 'welcome') throw new Error(JSON.stringify(welcome));
    const started = await v.request({ type: 'start', ...start }, 'started');
    if (started.type !== 'started') throw new Error(JSON.stringify(started));
    return { v, chatId: started.chatId, token: welcome.visitorToken };
  }

  /** Sends a visitor text (or a bot button) and waits for the last line of the bot's answer. */
  async function ask(v: Visitor, text: string, choice?: string): Promise<MessageFrame[]> {
    const since = v.frames.length;
    v.send({ type: 'message', clientId: `c${since}`, kind: 'text', text, ...(choice ? { choice } : {}) });
    await v.next('message', (m) => m.bot !== undefined && LAST_LINES.has(m.bot), since);
    return v.frames.slice(since).filter((f): f is MessageFrame => f.type === 'message' && f.from === 'bot');
  }

  const summaryOf = async (chatId: string) => {
    const list = (await w.t.inject({ method: 'GET', url: '/api/chats', headers: w.alice })).json() as { active: { id: string; handover?: unknown; state: string }[]; waiting: { id: string }[] };
    return list.active.find((c) => c.id === chatId);
  };

  it('given the bot on for the web site when a visitor asks in English then it greets and answers with the password article first and asks whether it solved it', async () => {
    const { v } = await visitor();
    await v.next('bot');
    expect((await v.next('message', (m) => m.from === 'bot')).bot).toBe('greeting');
    const answer = await ask(v, 'How do I reset my password?');
    expect(answer.at(-1)?.bot).toBe('ask_solved');
    const cards = answer.filter((m) => m.card);
    expect(cards.length).toBeGreaterThanOrEqual(1);
    expect(cards.length).toBeLessThanOrEqual(3);
    expect(cards[0]?.card).toMatchObject({ articleId: articleOf.get('en-password'), title: 'Reset your password' });
    expect((await ask(v, 'Yes', 'yes')).map((m) => m.bot)).toEqual(['glad']);
  });

  it('given a question in Chinese when asked then the bot answers with the Chinese article first', async () => {
    const { v } = await visitor();
    const answer = await ask(v, '忘记密码了怎么办？');
    expect(answer.find((m) => m.card)?.card).toMatchObject({ articleId: articleOf.get('zh-password'), title: '忘记密码怎么办' });
  });

  it('given a visitor with the bot when they write 转人工 then the chat goes to a person at once with the reason and the whole bot conversation', async () => {
    const { v, chatId } = await visitor();
    await ask(v, '如何申请退款');
    v.send({ type: 'message', clientId: 'p1', kind: 'text', text: '转人工' });
    await v.next('assigned');
    await w.settle();
    expect(await summaryOf(chatId)).toMatchObject({ state: 'active', handover: { reason: 'asked', detail: { phrase: '转人工' } } });
    const history = (await w.t.inject({ method: 'GET', url: `/api/chats/${chatId}/messages`, headers: w.alice })).json() as { messages: { from: string; text: string; card?: unknown }[] };
    expect(history.messages.map((m) => m.from)).toContain('bot');
    expect(history.messages.some((m) => m.card)).toBe(true);
    expect(history.messages.filter((m) => m.from === 'visitor').map((m) => m.text)).toEqual(['如何申请退款', '转人工']);
  });

  it('given three negative messages in a row when the third arrives then the chat is handed over with each score and its words shown to the agent', async () => {
    const { v, chatId } = await visitor();
    // Each question finds articles (no unhelpful turn): only the mood hands it over.
    expect((await ask(v, 'The delivery is terrible')).at(-1)?.bot).toBe('ask_solved');
    expect((await ask(v, '退款太差了')).at(-1)?.bot).toBe('ask_solved');
    v.send({ type: 'message', clientId: 'n3', kind: 'text', text: 'not good, I am angry about my refund' });
    await v.next('assigned');
    await w.settle();
    const chat = await summaryOf(chatId);
    expect(chat?.handover).toMatchObject({ reason: 'negative', detail: { scores: [{ score: -3, words: 'terrible -3' }, { score: -3, words: '太差 -3' }, { score: -3, words: 'not good -1 (good +1 negated by not), angry -2' }] } });
  });

  it('given a hand-over phrase in a language the bot does not know when written then the bot still answers and the chat stays with the bot (the widget keeps its person button)', async () => {
    const { v, chatId } = await visitor();
    const answer = await ask(v, 'quiero hablar con una persona');
    expect(['no_match', 'ask_solved']).toContain(answer.at(-1)?.bot);
    expect(v.frames.some((f) => f.type === 'assigned')).toBe(false);
    const row = await w.t.db.selectFrom('chats').select('state').where('id', '=', chatId).executeTakeFirstOrThrow();
    expect(row.state).toBe('bot');
  });

  it('given a VIP customer when they start a chat then they skip the bot and reach a person with the reason vip', async () => {
    const first = await visitor();
    const visitorId = await w.t.deps.contactCenter.chat.visitorOf(first.chatId, { supervise: true });
    const customer = await w.t.inject({ method: 'POST', url: '/api/customers', headers: w.admin, payload: { name: 'Vera VIP', level: 'vip', chatVisitors: [visitorId] } });
    expect(customer.statusCode, customer.body).toBe(201);
    first.v.send({ type: 'end' });
    await first.v.next('ended');
    const since = first.v.frames.length;
    const again = await first.v.request({ type: 'start' }, 'started');
    expect(again.type).toBe('started');
    await first.v.next('assigned', () => true, since);
    const chatId = (again as { chatId: string }).chatId;
    await w.settle();
    expect(await summaryOf(chatId)).toMatchObject({ handover: { reason: 'vip' } });
    expect(first.v.frames.slice(since).some((f) => f.type === 'message' && f.from === 'bot')).toBe(false);
  });

  it('given the queue closed (outside business hours) when a visitor asks and then wants a person then the bot answers with articles, says nobody is there and the widget is offered to leave a message', async () => {
    const calendar = await w.t.inject({ method: 'POST', url: '/api/calendars', headers: w.admin, payload: { name: 'never open', timeZone: 'UTC', weekly: {} } });
    const queue = await w.t.inject({
      method: 'POST',
      url: '/api/queues',
      headers: w.admin,
      payload: { name: 'after hours', media: 'chat', strategy: 'longest_idle', members: [{ agentId: w.aliceId }], calendarId: calendar.json().id, closedAction: 'hangup' },
    });
    expect(queue.statusCode, queue.body).toBe(201);
    const set = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/settings/mobile_web', headers: w.admin, payload: { mode: 'outside_hours', calendarId: null, handover: RULES } });
    expect(set.statusCode, set.body).toBe(200);
    await w.settle();
    const v = await Visitor.connect(w.wsUrl);
    open.push(v);
    await v.request({ type: 'hello', channel: 'mobile_web' }, 'welcome');
    const started = await v.request({ type: 'start', queue: queue.json().id }, 'started');
    expect(started.type).toBe('started');
    expect((await v.next('message', (m) => m.from === 'bot')).bot).toBe('greeting_closed');
    const answer = await ask(v, 'shipping costs');
    expect(answer.find((m) => m.card)?.card).toMatchObject({ articleId: articleOf.get('en-shipping') });
    expect((await ask(v, 'Talk to a person', 'person')).map((m) => m.bot)).toEqual(['no_agent']);
    expect(await v.request({ type: 'leave_message_options' }, 'leave_message_offer')).toMatchObject({ type: 'leave_message_offer', reason: 'asked' });
    const row = await w.t.db.selectFrom('chats').select(['state', 'channel']).where('id', '=', (started as { chatId: string }).chatId).executeTakeFirstOrThrow();
    expect(row).toEqual({ state: 'bot', channel: 'mobile_web' });
  });

  it('given an article card when the visitor opens it then its published text is served; an article never sent, or another token, is not', async () => {
    const { v, token } = await visitor();
    await ask(v, 'cancel an order');
    const sent = articleOf.get('en-cancel') as string;
    const read = await w.t.inject({ method: 'GET', url: `/api/widget/articles/${sent}`, headers: { 'x-visitor-token': token } });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({ articleId: sent, title: 'Cancel an order', language: 'en' });
    expect(read.headers['access-control-allow-origin']).toBe('*');
    const notSent = await w.t.inject({ method: 'GET', url: `/api/widget/articles/${articleOf.get('zh-points')}`, headers: { 'x-visitor-token': token } });
    expect(notSent.statusCode).toBe(404);
    expect(notSent.json()).toMatchObject({ code: 'KB_ARTICLE_NOT_FOUND' });
    const badToken = await w.t.inject({ method: 'GET', url: `/api/widget/articles/${sent}`, headers: { 'x-visitor-token': 'x'.repeat(40) } });
    expect(badToken.json()).toMatchObject({ code: 'CHAT_TOKEN_INVALID' });
  });

  it('given an agent with a chat when they send an article card then the visitor receives the card once per clientId', async () => {
    const { v, chatId } = await visitor();
    v.send({ type: 'message', clientId: 'h', kind: 'text', text: 'agent please' });
    await v.next('assigned');
    const body = { clientId: 'card-1', articleId: articleOf.get('en-invoice') };
    const first = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/cards`, headers: w.alice, payload: body });
    expect(first.statusCode, first.body).toBe(200);
    const again = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/cards`, headers: w.alice, payload: body });
    expect(again.json()).toEqual(first.json());
    const card = await v.next('message', (m) => m.from === 'agent' && m.card !== undefined);
    expect(card.card).toMatchObject({ articleId: articleOf.get('en-invoice'), title: 'Download an invoice' });
    expect(card.card?.excerpt.length).toBeGreaterThan(10);
    await w.settle();
    expect(v.messages().filter((m) => m.card?.title === 'Download an invoice')).toHaveLength(1);
    const unknown = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/cards`, headers: w.alice, payload: { clientId: 'card-2', articleId: 'nope' } });
    expect(unknown.json()).toMatchObject({ code: 'KB_ARTICLE_NOT_FOUND' });
  });

  it('given invalid bot settings or word lists when saved then a coded error names each field and nothing is stored', async () => {
    const before = (await w.t.inject({ method: 'GET', url: '/api/chat-bot/settings', headers: w.admin })).json();
    const bad = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/settings/app', headers: w.admin, payload: { mode: 'always', calendarId: 'no-such-calendar', handover: { ...RULES, unhelpfulTurns: 0 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    const noCalendar = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/settings/app', headers: w.admin, payload: { mode: 'always', calendarId: 'no-such-calendar', handover: RULES } });
    expect(noCalendar.json()).toMatchObject({ code: 'BOT_SETTINGS_INVALID', details: { problems: [{ where: '/calendarId' }] } });
    const channel = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/settings/fax', headers: w.admin, payload: { mode: 'always', calendarId: null, handover: RULES } });
    expect(channel.json()).toMatchObject({ code: 'BOT_CHANNEL_UNKNOWN' });
    expect((await w.t.inject({ method: 'GET', url: '/api/chat-bot/settings', headers: w.admin })).json()).toEqual(before);
    const words = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/words', headers: w.admin, payload: { sentiment: [{ word: '坑爹', weight: -9 }], negators: [], handoverPhrases: ['   '] } });
    expect(words.json()).toMatchObject({ code: 'BOT_SETTINGS_INVALID' });
    expect(words.json().details.problems.map((p: { where: string }) => p.where)).toEqual(['/sentiment/0/weight', '/handoverPhrases/0']);
    expect((await w.t.inject({ method: 'GET', url: '/api/chat-bot/words', headers: w.admin })).json()).toEqual({ sentiment: [], negators: [], handoverPhrases: [] });
    const agent = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/words', headers: w.alice, payload: { sentiment: [], negators: [], handoverPhrases: [] } });
    expect(agent.statusCode).toBe(403);
  });

  it('given added phrases when a visitor writes one then the chat is handed over for it', async () => {
    const saved = await w.t.inject({ method: 'PUT', url: '/api/chat-bot/words', headers: w.admin, payload: { sentiment: [{ word: '坑爹', weight: -3 }], negators: [], handoverPhrases: ['找经理'] } });
    expect(saved.statusCode, saved.body).toBe(200);
    const { v, chatId } = await visitor();
    v.send({ type: 'message', clientId: 'm1', kind: 'text', text: '我要找经理' });
    await v.next('assigned');
    await w.settle();
    expect((await summaryOf(chatId))?.handover).toMatchObject({ reason: 'asked', detail: { phrase: '找经理' } });
  });

  it('given the day so far when the bot report is read then it counts the solved chat, the hand-overs by reason and the article that solved it', async () => {
    await w.settle();
    const res = await w.t.inject({ method: 'GET', url: `/api/reports/chat-bot?from=0&to=${Date.now() + 60_000}`, headers: await w.t.loginAs('supervisor') });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.solved).toBe(1);
    expect(report.handedOver).toMatchObject({ asked: 3, negative: 1, vip: 1 });
    expect(report.articles).toEqual([{ articleId: articleOf.get('en-password'), title: 'Reset your password', solved: 1 }]);
    expect((await w.t.inject({ method: 'GET', url: '/api/reports/chat-bot?from=10&to=5', headers: w.admin })).json()).toMatchObject({ code: 'INVALID_RANGE' });
    expect((await w.t.inject({ method: 'GET', url: '/api/reports/chat-bot?from=0&to=5', headers: w.alice })).statusCode).toBe(403);
  });
});

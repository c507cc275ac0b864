/**
 * Chats the bot has, as supervisors see them (issue 21): listed within each supervisor's reach
 * with how far the bot got, kept current by chat.with_bot events for the same audience, monitored
 * read-only, and handed to a person with the reason 'supervisor' (audited; each refusal coded and
 * changing nothing).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent, EventOf } from '../../../src/core/events.js';
import { defaultConfig } from '../../../src/config.js';
import { seedKb } from '../kb/kb-seed.js';
import { startSupervisionWorld, type SupervisionWorld } from './chat-supervision-world.js';
import { Visitor } from './chat-world.js';

const RULES = { onRequest: true, unhelpfulTurns: 5, negativeStreak: 3, vip: false };

describe('chat supervision of the bot', () => {
  let w: SupervisionWorld;
  beforeEach(async () => {
    w = await startSupervisionWorld();
    await seedKb(w.t, w.admin);
    const set = await w.call('PUT', '/api/chat-bot/settings/web', w.admin, { mode: 'always', calendarId: null, handover: RULES });
    expect(set.statusCode, set.body).toBe(200);
  });
  afterEach(async () => {
    await w.close();
  });

  const of = <T extends DomainEvent['type']>(type: T, chatId: string) => w.events.filter((e): e is EventOf<T> => e.type === type && (e as { chatId?: string }).chatId === chatId);
  const auditOf = async (chatId: string) => (await w.t.deps.auditReader.query({ action: 'chat.', limit: 100 })).filter((a) => a.target === `chat:${chatId}`);

  /** A visitor whose chat the bot has, greeted. */
  async function botChat(name = 'Vera', queue = w.queueId): Promise<{ v: Visitor; chatId: string }> {
    const v = await Visitor.connect(w.wsUrl);
    w.visitors.push(v);
    await v.request({ type: 'hello', channel: 'web' }, 'welcome');
    const started = (await v.request({ type: 'start', queue, name }, 'started')) as { chatId: string };
    await v.next('message', (m) => m.bot === 'greeting' || m.bot === 'greeting_closed');
    await w.settle();
    return { v, chatId: started.chatId };
  }

  it('given a visitor talking with the bot when supervisors list chats then the chat is under withBot with its turns and times, for those within reach only, and kept current by chat.with_bot', async () => {
    const { v, chatId } = await botChat();
    const since = v.frames.length;
    const asked = await v.request({ type: 'message', clientId: 'q1', kind: 'text', text: 'How do I reset my password?' }, 'ack');
    if (asked.type !== 'ack') throw new Error(JSON.stringify(asked));
    await v.next('message', (m) => m.bot === 'ask_solved', since);
    await w.settle();

    const list = await w.call('GET', '/api/supervisor/chats', w.sam.headers);
    expect(list.statusCode, list.body).toBe(200);
    const body = list.json() as { active: unknown[]; waiting: unknown[]; withBot: { id: string; state: string; visitorName: string; channel: string; createdAt: number; turns: number; lastVisitorAt?: number }[] };
    expect(body.active).toEqual([]);
    expect(body.waiting).toEqual([]);
    expect(body.withBot).toHaveLength(1);
    expect(body.withBot[0]).toMatchObject({ id: chatId, state: 'bot', visitorName: 'Vera', channel: 'web', turns: 1, lastVisitorAt: asked.at });

    // Reach: the lead of the queue's team sees it, the lead of another team does not.
    expect((await w.call('GET', '/api/supervisor/chats', w.lee.headers)).json().withBot.map((c: { id: string }) => c.id)).toEqual([chatId]);
    expect((await w.call('GET', '/api/supervisor/chats', w.lou.headers)).json().withBot).toEqual([]);
    expect((await w.call('GET', '/api/supervisor/chats', w.alice)).statusCode).toBe(403);

    // Every message of the bot chat is a chat.with_bot for the same audience (never its queue's agents).
    const events = of('chat.with_bot', chatId);
    expect(events.map((e) => e.from)).toEqual(expect.arrayContaining(['bot', 'visitor']));
    for (const e of events) expect(w.seenBy(e)).toEqual(['sam', 'lee']);
  });

  it('given a bot chat when a supervisor monitors it and hands it to a person then it is read-only, reaches the queue with the reason supervisor, and the hand-over is audited', async () => {
    const { v, chatId } = await botChat();
    const monitor = await w.call('POST', `/api/supervisor/chats/${chatId}/monitor`, w.sam.headers);
    expect(monitor.statusCode, monitor.body).toBe(200);
    expect(monitor.json()).toMatchObject({ chat: { id: chatId, state: 'bot', agentId: null }, messages: [{ from: 'bot', botSay: 'greeting' }] });
    // Read-only: there is no agent to whisper to.
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/whisper`, w.sam.headers, { text: 'hello' })).json()).toMatchObject({ code: 'CHAT_NOT_ACTIVE' });

    const since = v.frames.length;
    const handed = await w.call('POST', `/api/supervisor/chats/${chatId}/hand-over`, w.sam.headers);
    expect(handed.statusCode, handed.body).toBe(200);
    await v.next('assigned', undefined, since);
    await w.settle();
    const mine = (await w.call('GET', '/api/chats', w.alice)).json() as { active: { id: string; state: string; handover?: { reason: string } }[] };
    expect(mine.active.find((c) => c.id === chatId)).toMatchObject({ state: 'active', handover: { reason: 'supervisor' } });
    expect((await w.call('GET', '/api/supervisor/chats', w.sam.headers)).json().withBot).toEqual([]);
    const audit = await auditOf(chatId);
    expect(audit.filter((a) => a.action === 'chat.bot_hand_over').map((a) => a.actorId)).toEqual([w.sam.principal?.userId]);

    // The bot report counts it with the bot's own reasons.
    const report = await w.call('GET', `/api/reports/chat-bot?from=0&to=${Date.now() + 60_000}`, w.sam.headers);
    expect(report.json().handedOver).toMatchObject({ supervisor: 1 });
  });

  it('given hand-overs that cannot be when asked then each is coded and changes nothing', async () => {
    const { chatId } = await botChat();
    // Out of reach: the lead of another team.
    const outside = await w.call('POST', `/api/supervisor/chats/${chatId}/hand-over`, w.lou.headers);
    expect([outside.statusCode, outside.json().code]).toEqual([403, 'CHAT_OUTSIDE_TEAMS']);
    // No chat.supervise: an agent.
    expect((await w.call('POST', `/api/supervisor/chats/${chatId}/hand-over`, w.alice)).statusCode).toBe(403);
    expect((await w.call('GET', '/api/supervisor/chats', w.sam.headers)).json().withBot.map((c: { id: string }) => c.id)).toEqual([chatId]);

    // Not with the bot: a chat an agent already serves (handed over once already).
    const served = await botChat('Walt');
    expect((await w.call('POST', `/api/supervisor/chats/${served.chatId}/hand-over`, w.sam.headers)).statusCode).toBe(200);
    await w.settle();
    const notBot = await w.call('POST', `/api/supervisor/chats/${served.chatId}/hand-over`, w.sam.headers);
    expect([notBot.statusCode, notBot.json().code]).toEqual([409, 'CHAT_NOT_WITH_BOT']);

    // Ended: the visitor left the bot.
    const { v: gone, chatId: endedId } = await botChat('Gina');
    await gone.request({ type: 'end' }, 'ended');
    await w.settle();
    const ended = await w.call('POST', `/api/supervisor/chats/${endedId}/hand-over`, w.lee.headers);
    expect([ended.statusCode, ended.json().code]).toEqual([409, 'CHAT_CLOSED']);

    for (const id of [chatId, endedId]) expect((await auditOf(id)).filter((a) => a.action === 'chat.bot_hand_over')).toEqual([]);
    expect((await auditOf(served.chatId)).filter((a) => a.action === 'chat.bot_hand_over')).toHaveLength(1);
    expect(w.t.deps.contactCenter.chat.withBot().map((c) => c.id)).toEqual([chatId]);
  });

  it('given the queue closed when a supervisor hands a bot chat over then the refusal comes back, the bot keeps the chat, the visitor is told nothing and is still closed when silent', async () => {
    const calendar = await w.call('POST', '/api/calendars', w.admin, { name: 'never open', timeZone: 'UTC', weekly: {} });
    const queue = await w.call('POST', '/api/queues', w.admin, { name: 'after hours', media: 'chat', strategy: 'longest_idle', members: [{ agentId: w.aliceId }], calendarId: calendar.json().id, closedAction: 'hangup' });
    expect(queue.statusCode, queue.body).toBe(201);
    await w.settle();
    const { v, chatId } = await botChat('Nina', queue.json().id as string);
    const since = v.frames.length;
    for (let i = 0; i < 2; i++) {
      // Twice: the first refusal put the bot's session back, so the second is the queue's again.
      const refused = await w.call('POST', `/api/supervisor/chats/${chatId}/hand-over`, w.sam.headers);
      expect([refused.statusCode, refused.json().code]).toEqual([409, 'QUEUE_CLOSED']);
    }
    await w.settle();
    expect(v.frames.slice(since)).toEqual([]);
    expect((await w.call('GET', '/api/supervisor/chats', w.sam.headers)).json().withBot.map((c: { id: string }) => c.id)).toEqual([chatId]);
    expect((await auditOf(chatId)).filter((a) => a.action === 'chat.bot_hand_over')).toEqual([]);
    // The bot has it again with its timers: a visitor who says nothing more is still closed on time.
    w.t.clock.advance(defaultConfig().chat.visitorCloseMs);
    await w.settle();
    expect(of('chat.ended', chatId).map((e) => e.reason)).toEqual(['visitor_inactive']);
  });
});

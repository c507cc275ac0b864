/**
 * Issue 12: after a chat the agent ends as solved, the widget is offered the satisfaction survey
 * (1 to 5 and a comment); the answer is stored once, a resend gets the same answer, a different
 * second answer and every bad input get a coded refusal that changes nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

describe('the survey after a solved chat', () => {
  let w: ChatWorld;
  const sockets: Visitor[] = [];

  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 3 });
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) await s.close();
    await w?.close();
  });

  async function endedChat(outcome: 'solved' | 'unresolved'): Promise<{ visitor: Visitor; chatId: string; token: string; ended: unknown }> {
    const visitor = await Visitor.connect(w.wsUrl);
    sockets.push(visitor);
    await visitor.request({ type: 'hello' }, 'welcome');
    const chatId = ((await visitor.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    await visitor.next('assigned');
    const res = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/end`, headers: w.alice, payload: { outcome } });
    expect(res.statusCode, res.body).toBe(200);
    return { visitor, chatId, token: (visitor.frames.find((f) => f.type === 'welcome') as { visitorToken: string }).visitorToken, ended: await visitor.next('ended') };
  }
  /** The widget after a reload: a new socket asking after the ended chat; its catch-up ends with `ended`. */
  async function reloaded(token: string, chatId: string) {
    const again = await Visitor.connect(w.wsUrl);
    sockets.push(again);
    expect(await again.request({ type: 'hello', visitorToken: token, chatId, resume: 0 }, 'welcome')).toMatchObject({ type: 'welcome', chatId, state: 'ended' });
    return again.next('ended');
  }
  const surveys = async (chatId: string) => w.t.db.selectFrom('chat_surveys').select(['score', 'comment']).where('chat_id', '=', chatId).execute();

  it('given a solved chat then the ended frame offers the survey, the answer is stored once and a resend is answered the same', async () => {
    const { visitor, chatId, ended } = await endedChat('solved');
    expect(ended).toEqual({ type: 'ended', reason: 'agent_ended', survey: true });
    expect(await visitor.request({ type: 'survey', chatId, score: 4, comment: '  回复很快  ' }, 'survey_saved')).toEqual({ type: 'survey_saved', chatId });
    expect(await visitor.request({ type: 'survey', chatId, score: 4, comment: '回复很快' }, 'survey_saved')).toEqual({ type: 'survey_saved', chatId });
    expect(await surveys(chatId)).toEqual([{ score: 4, comment: '回复很快' }]);

    const changed = await visitor.request({ type: 'survey', chatId, score: 1 }, 'survey_saved');
    expect(changed).toMatchObject({ type: 'error', code: 'CHAT_SURVEY_ANSWERED' });
    expect(await surveys(chatId)).toEqual([{ score: 4, comment: '回复很快' }]);
  });

  it('given a solved chat when the widget reloads before and after answering then the catch-up offers the survey only while it is unanswered', async () => {
    const { visitor, chatId, token } = await endedChat('solved');
    expect(await reloaded(token, chatId)).toEqual({ type: 'ended', reason: 'agent_ended', survey: true });
    await visitor.request({ type: 'survey', chatId, score: 5 }, 'survey_saved');
    expect(await reloaded(token, chatId)).toEqual({ type: 'ended', reason: 'agent_ended' });
  });

  it('given an unresolved chat when the widget reloads then the catch-up offers no survey', async () => {
    const { chatId, token } = await endedChat('unresolved');
    expect(await reloaded(token, chatId)).toEqual({ type: 'ended', reason: 'agent_ended' });
  });

  it('given an unresolved chat then no survey is offered and an answer is refused', async () => {
    const { visitor, chatId, ended } = await endedChat('unresolved');
    expect(ended).toEqual({ type: 'ended', reason: 'agent_ended' });
    expect(await visitor.request({ type: 'survey', chatId, score: 5 }, 'survey_saved')).toMatchObject({ type: 'error', code: 'CHAT_SURVEY_NOT_OFFERED', where: '/chatId' });
    expect(await surveys(chatId)).toEqual([]);
  });

  it('given bad answers then coded refusals naming the field and nothing stored: a score out of range, a long comment, someone else’s chat', async () => {
    const { visitor, chatId } = await endedChat('solved');
    const six = await visitor.request({ type: 'survey', chatId, score: 6 }, 'survey_saved');
    expect(six).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED' });
    expect((six as { where?: string }).where).toBe('/score');
    const long = await visitor.request({ type: 'survey', chatId, score: 3, comment: 'x'.repeat(1001) }, 'survey_saved');
    expect(long).toMatchObject({ type: 'error', code: 'VALIDATION_FAILED', where: '/comment' });

    const stranger = await Visitor.connect(w.wsUrl);
    sockets.push(stranger);
    await stranger.request({ type: 'hello' }, 'welcome');
    expect(await stranger.request({ type: 'survey', chatId, score: 1 }, 'survey_saved')).toMatchObject({ type: 'error', code: 'CHAT_TOKEN_NOT_FOR_CHAT' });
    expect(await surveys(chatId)).toEqual([]);
  });
});

/**
 * The waiting visitor's place in line, through the real routing engine and widget sockets: told
 * whenever it changes (chats ahead answered, abandoned, several answered at once), once per batch
 * of changes, and never when it stayed the same.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerFrame } from '../../../src/chat/protocol.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

describe('a waiting visitor told their place in line', () => {
  let w: ChatWorld;
  const visitors: Visitor[] = [];

  beforeEach(async () => {
    w = await startChatWorld({ chatCapacity: 1 });
  });
  afterEach(async () => {
    for (const v of visitors.splice(0)) await v.close();
    await w.close();
  });

  /** A visitor who started a chat, in arrival order (the engine's line is first come, first served). */
  const startChat = async (): Promise<{ v: Visitor; chatId: string }> => {
    const v = await Visitor.connect(w.wsUrl);
    visitors.push(v);
    await v.request({ type: 'hello' }, 'welcome');
    const started = (await v.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string };
    await v.next(visitors.length === 1 ? 'assigned' : 'queued');
    await w.settle();
    return { v, chatId: started.chatId };
  };
  const positions = (v: Visitor) => v.frames.filter((f): f is Extract<ServerFrame, { type: 'queued' }> => f.type === 'queued').map((f) => f.position);
  const endChat = async (chatId: string) => {
    const ended = await w.t.inject({ method: 'POST', url: `/api/chats/${chatId}/end`, headers: w.alice, payload: { outcome: 'solved' } });
    expect(ended.statusCode, ended.body).toBe(200);
  };

  it('given a visitor third in line when the two chats ahead are answered one after the other then they see 2, then 1, then are connected', async () => {
    const served = await startChat();
    const first = await startChat();
    const second = await startChat();
    const third = await startChat();
    expect(positions(third.v)).toEqual([3]);

    await endChat(served.chatId);
    await first.v.next('assigned');
    await w.settle();
    expect(positions(third.v)).toEqual([3, 2]);

    await endChat(first.chatId);
    await second.v.next('assigned');
    await w.settle();
    expect(positions(third.v)).toEqual([3, 2, 1]);
    const last = third.v.frames.filter((f) => f.type === 'queued').at(-1);
    // Alice serves the queue: the engine has an estimate, and it comes with the position.
    expect(last).toMatchObject({ type: 'queued', position: 1, estimatedWaitSec: expect.any(Number) });

    await endChat(second.chatId);
    await third.v.next('assigned');
    expect(positions(second.v)).toEqual([2, 1]);
  });

  it('given a visitor ahead who leaves the line when the line moves then only those behind them are told, once each', async () => {
    await startChat();
    const first = await startChat();
    const second = await startChat();
    const third = await startChat();

    second.v.send({ type: 'end' });
    await second.v.next('ended');
    await w.settle();
    expect(positions(third.v)).toEqual([3, 2]);
    // Ahead of the one who left: the same place, no frame.
    expect(positions(first.v)).toEqual([1]);
  });

  it('given four visitors waiting when the agent takes three more chats at once then each is told their new place in one frame', async () => {
    await startChat();
    const waiting = [await startChat(), await startChat(), await startChat(), await startChat()];
    expect(waiting.map((x) => positions(x.v))).toEqual([[1], [2], [3], [4]]);

    // One engine command connects three chats: the fourth visitor goes from 4 to 1 in one step.
    const raised = await w.t.inject({ method: 'POST', url: '/api/agent/chat-capacity', headers: w.alice, payload: { capacity: 4 } });
    expect(raised.statusCode, raised.body).toBe(200);
    await waiting[2]!.v.next('assigned');
    await w.settle();
    expect(waiting.slice(0, 3).every((x) => x.v.frames.some((f) => f.type === 'assigned'))).toBe(true);
    expect(positions(waiting[3]!.v)).toEqual([4, 1]);
  });
});

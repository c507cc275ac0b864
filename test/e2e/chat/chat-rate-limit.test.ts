/** The widget socket's frame budget: beyond it a frame is refused with RATE_LIMITED and nothing is stored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

describe('a visitor sending too fast', () => {
  let w: ChatWorld;
  let v: Visitor;
  beforeAll(async () => {
    w = await startChatWorld({ chatCapacity: 1, chat: { framesPerMinute: 5 } });
    v = await Visitor.connect(w.wsUrl);
  });
  afterAll(async () => {
    await v.close();
    await w.close();
  });

  it('given the per-visitor budget used when another message comes within the minute then RATE_LIMITED, nothing stored, and the next minute it goes through', async () => {
    // hello comes before there is a visitor: only the address budget counts it.
    await v.request({ type: 'hello' }, 'welcome');
    const { chatId } = (await v.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }; // 1 of 5
    for (const n of [2, 3, 4, 5]) expect(await v.request({ type: 'message', clientId: `m${n}`, kind: 'text', text: `n${n}` }, 'ack')).toMatchObject({ type: 'ack' });
    expect(await v.request({ type: 'message', clientId: 'm6', kind: 'text', text: 'n6' }, 'ack')).toMatchObject({ type: 'error', code: 'RATE_LIMITED', clientId: 'm6' });
    await w.settle();
    const rows = await w.t.db.selectFrom('chat_messages').select('client_id').where('chat_id', '=', chatId).orderBy('seq').execute();
    expect(rows.map((r) => r.client_id)).toEqual(['v:m2', 'v:m3', 'v:m4', 'v:m5']);

    await w.t.clock.advanceAsync(60_000);
    expect(await v.request({ type: 'message', clientId: 'm6', kind: 'text', text: 'n6' }, 'ack')).toMatchObject({ type: 'ack', seq: 5 });
  });
});

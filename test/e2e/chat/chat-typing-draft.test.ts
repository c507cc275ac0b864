/**
 * The live preview of what a visitor types (issue 12): a widget `typing` frame's draft reaches the
 * chat's agent and an invited colleague as chat.typing on /api/ws, and nobody else (another agent,
 * another visitor, the visitor themselves); it is never stored; an over-long draft is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CHAT_LIMITS } from '../../../src/chat/protocol.js';
import type { DomainEvent } from '../../../src/core/events.js';
import { Visitor } from './chat-world.js';
import { startTransferWorld, type TransferAgent, type TransferWorld } from './transfer-world.js';

/** An agent's /api/ws socket, holding the events it received. */
async function agentSocket(w: TransferWorld, a: TransferAgent) {
  const socket = new WebSocket(w.wsUrl.replace('/api/widget/ws', '/api/ws'), { headers: { authorization: a.headers.authorization } });
  const got: DomainEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as { type: string; event?: DomainEvent };
      if (m.type === 'event' && m.event) got.push(m.event);
      if (m.type === 'hello') resolve();
    });
    socket.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
  const until = (seen: (e: DomainEvent) => boolean) =>
    new Promise<DomainEvent>((resolve) => {
      const check = () => {
        const e = got.find(seen);
        if (e) resolve(e);
        else setImmediate(check);
      };
      check();
    });
  return { socket, got, until };
}

const drafted = (chatId: string, draft: string) => (e: DomainEvent) => e.type === 'chat.typing' && e.chatId === chatId && e.draft === draft;

describe("the visitor's typing draft", () => {
  let w: TransferWorld;
  const closers: { close(): unknown }[] = [];

  beforeAll(async () => {
    w = await startTransferWorld();
  });
  afterAll(async () => {
    for (const c of closers) await c.close();
    await w.close();
  });

  const startChat = async (queue: string) => {
    const v = await Visitor.connect(w.wsUrl);
    closers.push(v);
    await v.request({ type: 'hello' }, 'welcome');
    const { chatId } = (await v.request({ type: 'start', queue }, 'started')) as { chatId: string };
    await v.next('assigned');
    return { v, chatId };
  };

  it("given Vera's chat with Alice and Carol invited when Vera types then both get the draft, Bob and Wendy do not, nothing is stored, and an over-long draft is refused", async () => {
    const [alice, bob, carol] = await Promise.all([agentSocket(w, w.alice), agentSocket(w, w.bob), agentSocket(w, w.carol)]);
    closers.push(alice.socket, bob.socket, carol.socket);
    const vera = await startChat(w.webQueue);
    const wendy = await startChat(w.billingQueue);
    const invited = await w.t.inject({ method: 'POST', url: `/api/chats/${vera.chatId}/colleagues`, headers: w.alice.headers, payload: { agentId: w.carol.id } });
    expect(invited.statusCode, invited.body).toBe(200);

    vera.v.send({ type: 'typing', draft: 'My order 4711 is' });
    expect(await alice.until(drafted(vera.chatId, 'My order 4711 is'))).toMatchObject({ agentId: w.alice.id, from: 'visitor' });
    await carol.until(drafted(vera.chatId, 'My order 4711 is'));
    // Cleared: an empty draft says so.
    vera.v.send({ type: 'typing', draft: '' });
    await alice.until(drafted(vera.chatId, ''));

    // Bob hears his own visitor's draft, published after Vera's: he would have had hers by now.
    wendy.v.send({ type: 'typing', draft: 'marker' });
    await bob.until(drafted(wendy.chatId, 'marker'));
    expect(bob.got.filter((e) => (e as { chatId?: string }).chatId === vera.chatId)).toEqual([]);
    expect(JSON.stringify([...wendy.v.frames, ...vera.v.frames])).not.toContain('4711');

    const tooLong = 'x'.repeat(CHAT_LIMITS.maxDraftLength + 1);
    expect(await vera.v.request({ type: 'typing', draft: tooLong }, 'error')).toMatchObject({ type: 'error', code: 'CHAT_MESSAGE_TOO_LARGE', where: '/draft' });
    // Refused before anything happened: Vera's next draft is the next event Alice gets.
    vera.v.send({ type: 'typing', draft: 'after' });
    await alice.until(drafted(vera.chatId, 'after'));
    expect(alice.got.some((e) => e.type === 'chat.typing' && e.draft === tooLong)).toBe(false);

    await w.settle();
    const stored = await w.t.db.selectFrom('chat_messages').select('body').where('chat_id', '=', vera.chatId).execute();
    expect(stored.filter((r) => r.body.includes('4711'))).toEqual([]);
  });
});

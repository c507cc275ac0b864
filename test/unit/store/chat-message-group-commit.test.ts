/**
 * Chat messages stored in groups (src/store/chat/message-group-commit.ts) keep the store's rules:
 * every message numbered by its chat without a gap, a resend answered with the first copy and
 * nothing stored, each answer only after its commit, and a group refused as a whole retried one
 * message at a time so the good ones are still stored. Runs on PGlite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRecord } from '../../../src/chat/chat-state.js';
import type { NewMessage } from '../../../src/chat/ports.js';
import { KyselyChatStore } from '../../../src/store/chat/chat-store.js';
import { MessageGroupCommit } from '../../../src/store/chat/message-group-commit.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

describe('chat messages stored in groups', () => {
  let testDb: TestDb;
  let store: KyselyChatStore;
  let n = 0;

  beforeAll(async () => {
    testDb = await createTestDb();
    store = new KyselyChatStore(testDb.db);
    await store.createVisitor({ id: 'visitor-g', tokenHash: 'hash-g', createdAt: 0 });
  });
  afterAll(async () => {
    await testDb.close();
  });

  async function newChat(): Promise<string> {
    const id = `group-chat-${++n}`;
    const chat: ChatRecord = { id, visitorId: 'visitor-g', queueId: 'q', state: 'active', agentId: 'a1', visitorName: '', page: '', createdAt: 0, assignedAt: 0, endedAt: null, endReason: null, outcome: null, outcomeReason: null, lastSeq: 0, channel: 'web', handover: null };
    await store.insertChat(chat);
    return id;
  }
  const text = (chatId: string, clientId: string, from: NewMessage['from'] = 'visitor'): NewMessage => ({ chatId, from, clientId, text: `${from} ${clientId}`, at: 1_000, ...(from === 'agent' ? { agentId: 'a1' } : {}) });
  const rows = (chatId: string) => testDb.db.selectFrom('chat_messages').select(['seq', 'client_id', 'author']).where('chat_id', '=', chatId).orderBy('seq').execute();

  it('given messages of twenty chats sent at once when stored then each chat is numbered from 1 without a gap and each answer is its stored row', async () => {
    const chats = await Promise.all(Array.from({ length: 20 }, () => newChat()));
    const answers = await Promise.all(chats.flatMap((c) => [store.appendMessage(text(c, 'm1')), store.appendMessage(text(c, 'm2', 'agent')), store.appendMessage(text(c, 'm3'))]));
    expect(answers.every((a) => !a.duplicate)).toBe(true);
    for (const c of chats) {
      expect(await rows(c)).toEqual([
        { seq: 1, client_id: 'v:m1', author: 'visitor' },
        { seq: 2, client_id: 'a:m2', author: 'agent' },
        { seq: 3, client_id: 'v:m3', author: 'visitor' },
      ]);
      const mine = answers.filter((a) => a.message.chatId === c).map((a) => [a.message.seq, a.message.clientId, a.message.from]);
      expect(mine).toEqual([
        [1, 'm1', 'visitor'],
        [2, 'm2', 'agent'],
        [3, 'm3', 'visitor'],
      ]);
    }
    const chat = await store.chat(chats[0] as string);
    expect(chat?.lastSeq).toBe(3);
  });

  it('given a resend among new messages when stored then the resend gets the first copy, stores nothing, and the others are stored', async () => {
    const [a, b] = [await newChat(), await newChat()];
    const first = await store.appendMessage(text(a, 'same'));
    const [again, other] = await Promise.all([store.appendMessage({ ...text(a, 'same'), text: 'a changed copy' }), store.appendMessage(text(b, 'new'))]);
    expect(again).toEqual({ message: first.message, duplicate: true });
    expect(again.message.text).toBe('visitor same');
    expect(other).toMatchObject({ duplicate: false, message: { chatId: b, seq: 1 } });
    expect(await rows(a)).toHaveLength(1);
    expect((await store.chat(a))?.lastSeq).toBe(1);
  });

  it('given the same client id from the visitor and from the agent when stored then both are kept: the side is part of the id', async () => {
    const c = await newChat();
    const [v, ag] = await Promise.all([store.appendMessage(text(c, 'x1')), store.appendMessage(text(c, 'x1', 'agent'))]);
    expect([v.duplicate, ag.duplicate]).toEqual([false, false]);
    expect((await rows(c)).map((r) => r.client_id)).toEqual(['v:x1', 'a:x1']);
  });

  it('given a message for a chat that does not exist in a group when stored then it is refused and the rest of the group is stored', async () => {
    const c = await newChat();
    const [missing, ok] = await Promise.allSettled([store.appendMessage(text('no-such-chat', 'lost')), store.appendMessage(text(c, 'kept'))]);
    expect(missing.status).toBe('rejected');
    expect(ok).toMatchObject({ status: 'fulfilled', value: { message: { seq: 1 } } });
    expect(await testDb.db.selectFrom('chat_messages').select('seq').where('chat_id', '=', 'no-such-chat').execute()).toEqual([]);
  });

  it('given a group the database refuses as a whole when stored then each message is tried alone: the good ones are stored and only the bad one fails', async () => {
    const [good, bad] = [await newChat(), await newChat()];
    // An author the table's check refuses fails the group's single statement.
    const results = await Promise.allSettled([store.appendMessage(text(good, 'g1')), store.appendMessage({ ...text(bad, 'b1'), from: 'robot' as NewMessage['from'] })]);
    expect(results[0]).toMatchObject({ status: 'fulfilled', value: { duplicate: false, message: { chatId: good, seq: 1 } } });
    expect(results[1]?.status).toBe('rejected');
    expect(await rows(good)).toHaveLength(1);
    expect(await rows(bad)).toEqual([]);
    expect((await store.chat(bad))?.lastSeq).toBe(0);
  });

  it('given a group whose statement fails for another reason than a constraint when stored then every message gets that failure and none is tried again', async () => {
    const c = await newChat();
    const tried: string[] = [];
    const lost = new Error('Connection terminated unexpectedly');
    // A database handle whose every statement fails the way a dropped connection does.
    const dropped = testDb.db.withPlugin({ transformQuery: () => { throw lost; }, transformResult: async (a) => a.result });
    const grouped = new MessageGroupCommit(
      dropped,
      {
        one: async (g) => {
          tried.push(g.chatId);
          return store.appendMessage({ chatId: g.chatId, from: 'system', text: g.body, at: 1 });
        },
        earlier: async () => undefined,
        fromRow: () => {
          throw new Error('no row expected');
        },
      },
    );
    const m = { chatId: c, author: 'system', agentId: null, clientId: null, body: 'reminder', at: new Date(1), card: null, botSay: null, assist: null };
    const results = await Promise.allSettled([grouped.append(m), grouped.append({ ...m, body: 'second' })]);
    expect(results).toEqual([
      { status: 'rejected', reason: lost },
      { status: 'rejected', reason: lost },
    ]);
    expect(tried).toEqual([]);
    expect(await rows(c)).toEqual([]);
  });

  it('given a bot card, a bot line and an assistance note when stored in a group then each reads back as sent', async () => {
    const c = await newChat();
    const card = { articleId: 'kb-1', title: 'Reset your password', excerpt: 'Open settings' };
    const assist = { what: 'screen_share' as const, outcome: 'ended' as const, agentName: 'Alice', startedAt: 1, durationMs: 2_000, endedBy: 'agent' as const };
    await Promise.all([
      store.appendMessage({ chatId: c, from: 'bot', text: card.title, at: 1, card, botSay: 'found' }),
      store.appendMessage({ chatId: c, from: 'system', text: 'share ended', at: 2, assist }),
    ]);
    const back = await store.messagesAfter(c, 0, 10);
    expect(back[0]).toMatchObject({ from: 'bot', card, botSay: 'found' });
    expect(back[1]).toMatchObject({ from: 'system', assist });
  });
});

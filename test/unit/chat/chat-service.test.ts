/**
 * The chat service over its real store (PGlite, or PostgreSQL with DATABASE_URL) with a fake
 * routing engine and a fake clock: numbering, dedupe, resume and the conversation timers.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChatService } from '../../../src/chat/chat-service.js';
import type { ChatRouting, QueuePlace } from '../../../src/chat/ports.js';
import type { ServerFrame } from '../../../src/chat/protocol.js';
import { BackgroundTasks } from '../../../src/core/background-tasks.js';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { silentLogger } from '../../../src/core/log.js';
import { KyselyChatStore } from '../../../src/store/chat/chat-store.js';
import { createTestDb, type TestDb } from '../../helpers/test-db.js';

/** A routing engine that queues everything and offers nothing until told to. */
class FakeRouting implements ChatRouting {
  readonly calls: string[] = [];
  waiting: string[] = [];
  async resolveQueue(choice: string | undefined): Promise<string> {
    return choice ?? 'q-default';
  }
  enqueue(r: { chatId: string }): QueuePlace {
    this.waiting.push(r.chatId);
    return { position: this.waiting.length, estimatedWaitMs: 60_000 };
  }
  position(chatId: string): QueuePlace | undefined {
    const i = this.waiting.indexOf(chatId);
    return i < 0 ? undefined : { position: i + 1, estimatedWaitMs: 60_000 };
  }
  accept(offerId: string): void {
    this.calls.push(`accept ${offerId}`);
  }
  take(): void {}
  abandon(chatId: string): void {
    this.calls.push(`abandon ${chatId}`);
    this.waiting = this.waiting.filter((c) => c !== chatId);
  }
  ended(chatId: string): void {
    this.calls.push(`ended ${chatId}`);
  }
  queuesOf(): string[] {
    return ['q-default'];
  }
}

describe('the chat service', () => {
  let testDb: TestDb;
  let clock: FakeClock;
  let routing: FakeRouting;
  let chat: ChatService;
  let events: DomainEvent[];

  let run = 0;

  beforeAll(async () => {
    testDb = await createTestDb();
  });
  afterAll(async () => {
    await testDb.close();
  });

  beforeEach(() => {
    clock = new FakeClock();
    routing = new FakeRouting();
    const bus = new InProcessEventBus();
    events = [];
    bus.subscribe((e) => events.push(e));
    chat = service(bus);
  });

  /** A chat service over the shared store, routing fake and clock (a second one: a restarted daemon). */
  const service = (bus: InProcessEventBus): ChatService =>
    new ChatService({
      store: new KyselyChatStore(testDb.db),
      routing,
      names: { displayName: async () => 'Alice' },
      clock,
      bus,
      log: silentLogger,
      background: new BackgroundTasks(silentLogger),
      newId: sequentialIds(`run${++run}`),
      timers: { agentSilentMs: 5 * 60_000, visitorReminderMs: 5 * 60_000, visitorCloseMs: 8 * 60_000 },
    });
  afterEach(() => {
    chat.stop();
  });

  async function activeChat(): Promise<{ visitorId: string; chatId: string; frames: ServerFrame[] }> {
    const { visitorId } = await chat.hello(undefined, undefined);
    const c = await chat.startChat(visitorId, {});
    const frames: ServerFrame[] = [];
    chat.watch(c.id, (f) => frames.push(f));
    expect(chat.offered({ offerId: 'o1', chatId: c.id, agentId: 'a1' })).toBe(true);
    await chat.idle();
    return { visitorId, chatId: c.id, frames };
  }

  it('given the same clientId sent three times at once then one row, one seq, and the same answer to each', async () => {
    const { visitorId, chatId } = await activeChat();
    const sends = await Promise.all([1, 2, 3].map(() => chat.visitorMessage(visitorId, chatId, 'dup', 'hi')));
    expect(new Set(sends.map((m) => m.seq))).toEqual(new Set([1]));
    const rows = await testDb.db.selectFrom('chat_messages').selectAll().where('chat_id', '=', chatId).execute();
    expect(rows).toHaveLength(1);
    expect(events.filter((e) => e.type === 'chat.message')).toHaveLength(1);
  });

  it('given messages from both sides then they are numbered 1, 2, 3 per chat and a resume after seq 1 returns exactly the later ones', async () => {
    const { visitorId, chatId } = await activeChat();
    await chat.visitorMessage(visitorId, chatId, 'v1', 'one');
    await chat.agentMessage('a1', chatId, 'a1-1', 'two');
    await chat.visitorMessage(visitorId, chatId, 'v2', 'three');
    const frames = await chat.catchUp(await storeChat(chatId), 1);
    expect(frames.filter((f) => f.type === 'message').map((f) => (f.type === 'message' ? [f.seq, f.from, f.text] : []))).toEqual([
      [2, 'agent', 'two'],
      [3, 'visitor', 'three'],
    ]);
    expect(frames.at(-1)).toEqual({ type: 'assigned', agentName: 'Alice' });
  });

  it('given the visitor silent after an agent message then a reminder message at 5 minutes and the chat closes at 8, freeing the agent', async () => {
    const { chatId, frames } = await activeChat();
    await chat.agentMessage('a1', chatId, 'a-1', 'Anything else?');
    await clock.advanceAsync(5 * 60_000);
    await chat.idle();
    expect(frames.filter((f) => f.type === 'message').map((f) => (f.type === 'message' ? f.from : ''))).toEqual(['agent', 'system']);
    await clock.advanceAsync(3 * 60_000);
    await chat.idle();
    expect(frames.at(-1)).toEqual({ type: 'ended', reason: 'visitor_inactive' });
    expect(routing.calls).toContain(`ended ${chatId}`);
    expect((await storeChat(chatId)).endReason).toBe('visitor_inactive');
  });

  it('given the agent spoke and the daemon restarted 6 minutes later when the new service starts then the quiet visitor is still closed 8 minutes after that message', async () => {
    const { chatId } = await activeChat();
    await chat.agentMessage('a1', chatId, 'a-1', 'Anything else?');
    chat.stop(); // the daemon goes down: its timers with it
    await clock.advanceAsync(6 * 60_000);
    const after = service(new InProcessEventBus());
    try {
      await after.start();
      await clock.advanceAsync(2 * 60_000 - 1);
      await after.idle();
      expect((await storeChat(chatId)).state).not.toBe('ended');
      await clock.advanceAsync(1);
      await after.idle();
      expect((await storeChat(chatId)).endReason).toBe('visitor_inactive');
    } finally {
      after.stop();
    }
  });

  it('given a visitor message the agent leaves unanswered for 5 minutes then the agent gets chat.agent_silent', async () => {
    const { visitorId, chatId } = await activeChat();
    await chat.visitorMessage(visitorId, chatId, 'v1', 'hello?');
    await clock.advanceAsync(5 * 60_000);
    expect(events.filter((e) => e.type === 'chat.agent_silent')).toEqual([expect.objectContaining({ chatId, agentId: 'a1', silentMs: 5 * 60_000, scope: expect.objectContaining({ agentId: 'a1' }) })]);
  });

  it('given a waiting chat when the visitor leaves then it leaves the queue and later offers for it are declined', async () => {
    const { visitorId } = await chat.hello(undefined, undefined);
    const c = await chat.startChat(visitorId, {});
    await chat.visitorEnd(visitorId, c.id);
    expect(routing.calls).toEqual([`abandon ${c.id}`]);
    expect(chat.offered({ offerId: 'late', chatId: c.id, agentId: 'a1' })).toBe(false);
  });

  async function storeChat(chatId: string) {
    const found = await new KyselyChatStore(testDb.db).chat(chatId);
    if (!found) throw new Error('no chat');
    return found;
  }
});

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
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_ATTACHMENT_LIMITS } from '../../../src/attachments/attachment-rules.js';
import { DiskAttachmentFiles } from '../../../src/store/attachments/attachment-files.js';
import { isAppError } from '../../../src/core/errors.js';
import { html, png } from '../../fixtures/upload-samples.js';

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
  handOver(chatId: string, toAgentId: string): void {
    this.calls.push(`handOver ${chatId} ${toAgentId}`);
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
  let filesDir: string;
  let files: DiskAttachmentFiles;

  let run = 0;

  beforeAll(async () => {
    testDb = await createTestDb();
    filesDir = await mkdtemp(path.join(tmpdir(), 'sb-chat-files-'));
    files = new DiskAttachmentFiles(filesDir);
  });
  afterAll(async () => {
    await rm(filesDir, { recursive: true, force: true });
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
      files,
      attachmentLimits: DEFAULT_ATTACHMENT_LIMITS,
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

  it('given an image sent twice with one clientId when stored then one message, one attachment row and one file, and both sides see the attachment', async () => {
    const { visitorId, chatId, frames } = await activeChat();
    const before = await files.list();
    const upload = { clientId: 'up-1', kind: 'image', name: '../cat.png', bytes: png() };
    const [a, b] = await Promise.all([chat.visitorUpload(visitorId, chatId, upload), chat.visitorUpload(visitorId, chatId, upload)]);
    expect(b).toEqual(a);
    expect(a.attachment).toEqual({ id: expect.any(String), kind: 'image', name: 'cat.png', size: png().length, contentType: 'image/png' });
    const after = await files.list();
    expect(after.stored).toHaveLength(before.stored.length + 1);
    expect(after.staged).toEqual([]);
    const rows = await testDb.db.selectFrom('attachments').selectAll().where('chat_id', '=', chatId).execute();
    expect(rows.map((r) => r.name)).toEqual(['cat.png']);
    expect(rows[0]?.stored_name).toMatch(/^[0-9a-f]{32}$/);
    await chat.idle();
    expect(frames.filter((f) => f.type === 'message')).toEqual([expect.objectContaining({ type: 'message', from: 'visitor', text: '', clientId: 'up-1', attachment: a.attachment })]);
    expect(events.filter((e) => e.type === 'chat.message')).toEqual([expect.objectContaining({ chatId, attachment: a.attachment })]);
    expect((await chat.visitorAttachment(visitorId, a.attachment?.id ?? '')).storedName).toBe(rows[0]?.stored_name);
  });

  it('given the file cannot be moved into place when an upload is stored then neither row nor file is left and the clientId stays free', async () => {
    const { visitorId, chatId } = await activeChat();
    const before = await files.list();
    const failing = Object.assign(Object.create(files) as DiskAttachmentFiles, { place: async () => Promise.reject(new Error('disk full')) });
    const broken = new ChatService({ ...(chat as unknown as { d: ConstructorParameters<typeof ChatService>[0] }).d, files: failing });
    await broken.start();
    await expect(broken.visitorUpload(visitorId, chatId, { clientId: 'up-2', kind: 'image', name: 'a.png', bytes: png() })).rejects.toThrow('disk full');
    broken.stop();
    expect(await files.list()).toEqual(before);
    expect(await testDb.db.selectFrom('chat_messages').select('seq').where('chat_id', '=', chatId).execute()).toEqual([]);
    expect(await testDb.db.selectFrom('attachments').select('id').where('chat_id', '=', chatId).execute()).toEqual([]);
    // The same clientId later goes through.
    expect((await chat.visitorUpload(visitorId, chatId, { clientId: 'up-2', kind: 'image', name: 'a.png', bytes: png() })).seq).toBe(1);
  });

  it('given an HTML page named .png when uploaded then ATTACHMENT_TYPE_REFUSED names the clientId and nothing is stored', async () => {
    const { visitorId, chatId } = await activeChat();
    const before = await files.list();
    const err = await chat.visitorUpload(visitorId, chatId, { clientId: 'up-3', kind: 'image', name: 'cat.png', bytes: html() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isAppError(err, 'ATTACHMENT_TYPE_REFUSED') && err.details).toMatchObject({ where: '/body', clientId: 'up-3' });
    expect(await files.list()).toEqual(before);
    expect(await testDb.db.selectFrom('chat_messages').select('seq').where('chat_id', '=', chatId).execute()).toEqual([]);
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

import { describe, expect, it } from 'vitest';
import type { ChatNote } from '../../../src/chat/chat-notes.js';
import { ChatNotesService } from '../../../src/chat/chat-notes-service.js';
import type { ChatSummary } from '../../../src/chat/chat-views.js';
import type { ChatNotesStore } from '../../../src/chat/ports.js';
import { FakeClock } from '../../../src/core/clock.js';
import { AppError } from '../../../src/core/errors.js';
import type { DomainEvent } from '../../../src/core/events.js';

class MemoryNotes implements ChatNotesStore {
  readonly saved: ChatNote[] = [];
  readonly tagged = new Map<string, string[]>();
  async notes(chatId: string) { return this.saved.filter((n) => n.chatId === chatId); }
  async addNote(note: ChatNote) { this.saved.push(note); }
  async tags(chatId: string) { return this.tagged.get(chatId) ?? []; }
  async setTags(chatId: string, tags: string[]) { this.tagged.set(chatId, tags); }
  async chatsTagged(tag: string, ids: string[]) { return ids.filter((id) => (this.tagged.get(id) ?? []).includes(tag)); }
}

const summary = (over: Partial<ChatSummary> = {}): ChatSummary => ({
  id: 'c1', state: 'active', queueId: 'q', agentId: 'a1', visitorName: 'Vera', page: '', createdAt: 0, assignedAt: 0, endedAt: null, lastSeq: 7, channel: 'web', ...over,
});

function world(audience?: (chat: ChatSummary) => { agentIds?: string[]; teamIds?: string[] }) {
  const store = new MemoryNotes();
  const events: DomainEvent[] = [];
  let n = 0;
  const service = new ChatNotesService({
    store,
    clock: new FakeClock(1_000),
    newId: () => `n${++n}`,
    publish: (e) => events.push(e),
    seenBy: async (chatId, viewer) => {
      if (viewer.supervise || viewer.agentId === 'a1') return summary({ id: chatId });
      throw new AppError('CHAT_NOT_YOURS', undefined, { chatId });
    },
    ...(audience ? { audience } : {}),
  });
  return { store, events, service };
}

const alice = { userId: 'u1', agentId: 'a1', name: 'Alice', supervise: false };
const bob = { userId: 'u2', agentId: 'a2', name: 'Bob', supervise: false };

describe('ChatNotesService', () => {
  it('given the chat agent when writing a note then it sits after the last message and only ids are announced to the chat agent', async () => {
    const { store, events, service } = world();
    const note = await service.addNote('c1', ' check the order ', alice);
    expect(note).toMatchObject({ id: 'n1', chatId: 'c1', authorName: 'Alice', text: 'check the order', afterSeq: 7, at: 1_000 });
    expect(store.saved).toEqual([note]);
    expect(events).toEqual([{ type: 'chat.note', at: 1_000, scope: { agentId: 'a1' }, chatId: 'c1', agentId: 'a1', noteId: 'n1', authorUserId: 'u1' }]);
    expect(JSON.stringify(events)).not.toContain('check the order');
  });

  it('given an agent not serving the chat when writing a note or tags then CHAT_NOT_YOURS, nothing stored or announced', async () => {
    const { store, events, service } = world();
    await expect(service.addNote('c1', 'hi', bob)).rejects.toMatchObject({ code: 'CHAT_NOT_YOURS' });
    await expect(service.setTags('c1', ['vip'], bob)).rejects.toMatchObject({ code: 'CHAT_NOT_YOURS' });
    expect(store.saved).toEqual([]);
    expect(store.tagged.size).toBe(0);
    expect(events).toEqual([]);
  });

  it('given tagged chats when filtering a list by a tag typed in capitals then the ones carrying it are kept', async () => {
    const { service } = world();
    await service.setTags('c1', ['VIP'], alice);
    const kept = await service.tagged(' Vip ', [summary({ id: 'c1' }), summary({ id: 'c2' })]);
    expect(kept.map((c) => c.id)).toEqual(['c1']);
  });

  it('given a chat with a colleague in teams when its tags are replaced then the stored set is announced to the agent, the colleague and the teams', async () => {
    const { store, events, service } = world((chat) => ({ agentIds: ['a7'], teamIds: [`t-${chat.queueId}`] }));
    expect(await service.setTags('c1', [' VIP ', 'Refund'], alice)).toEqual(['vip', 'refund']);
    expect(store.tagged.get('c1')).toEqual(['vip', 'refund']);
    expect(events).toEqual([{ type: 'chat.tags', at: 1_000, scope: { agentId: 'a1', agentIds: ['a7'], teamIds: ['t-q'] }, chatId: 'c1', agentId: 'a1', tags: ['vip', 'refund'], byUserId: 'u1' }]);
  });

  it('given tags refused for their number when set then nothing is stored or announced', async () => {
    const { store, events, service } = world();
    await expect(service.setTags('c1', Array.from({ length: 21 }, (_, i) => `t${i}`), alice)).rejects.toMatchObject({ code: 'CHAT_TAGS_TOO_MANY' });
    expect(store.tagged.size).toBe(0);
    expect(events).toEqual([]);
  });
});

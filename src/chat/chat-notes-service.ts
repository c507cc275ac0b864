/**
 * Private notes and tags on chats, for whoever may read the chat's messages (its agent, or a
 * supervisor). Nothing here reaches the visitor's socket: the widget side reads chat messages only.
 */
import type { Clock } from '../core/clock.js';
import type { DomainEvent } from '../core/events.js';
import { checkNoteText, checkTags, normalizeTag, type ChatNote } from './chat-notes.js';
import type { ChatSummary } from './chat-views.js';
import type { ChatNotesStore } from './ports.js';

export interface ChatViewer {
  userId: string;
  agentId?: string;
  /** The name shown on the notes they write. */
  name: string;
  supervise: boolean;
}

export interface ChatNotesServiceDeps {
  store: ChatNotesStore;
  /** CHAT_NOT_FOUND / CHAT_NOT_YOURS unless the viewer may read the chat. */
  seenBy(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<ChatSummary>;
  clock: Clock;
  newId: () => string;
  publish(event: DomainEvent): void;
  /**
   * Who else sees the chat live besides its agent: its invited colleagues and the teams whose
   * leads supervise it (the audience of its other events). Without it, only the agent and
   * supervisors are told.
   */
  audience?(chat: ChatSummary): { agentIds?: string[]; teamIds?: string[] };
}

export class ChatNotesService {
  constructor(private readonly d: ChatNotesServiceDeps) {}

  async notes(chatId: string, viewer: ChatViewer): Promise<ChatNote[]> {
    await this.d.seenBy(chatId, viewer);
    return this.d.store.notes(chatId);
  }

  async addNote(chatId: string, text: string, viewer: ChatViewer): Promise<ChatNote> {
    const body = checkNoteText(text);
    const chat = await this.d.seenBy(chatId, viewer);
    const note: ChatNote = {
      id: this.d.newId(),
      chatId,
      authorUserId: viewer.userId,
      authorAgentId: viewer.agentId ?? null,
      authorName: viewer.name,
      text: body,
      afterSeq: chat.lastSeq,
      at: this.d.clock.now(),
    };
    await this.d.store.addNote(note);
    // Only the ids travel: whoever may read the chat re-reads its notes.
    const agentId = chat.agentId ?? undefined;
    this.d.publish({ type: 'chat.note', at: note.at, scope: agentId ? { agentId } : {}, chatId, ...(agentId ? { agentId } : {}), noteId: note.id, authorUserId: viewer.userId });
    return note;
  }

  async tags(chatId: string, viewer: ChatViewer): Promise<string[]> {
    await this.d.seenBy(chatId, viewer);
    return this.d.store.tags(chatId);
  }

  async setTags(chatId: string, raw: readonly string[], viewer: ChatViewer): Promise<string[]> {
    const tags = checkTags(raw);
    const chat = await this.d.seenBy(chatId, viewer);
    const at = this.d.clock.now();
    await this.d.store.setTags(chatId, tags, viewer.userId, at);
    // After the store: whoever shows the chat (a colleague's workspace, a monitor) shows the new set.
    const agentId = chat.agentId ?? undefined;
    const scope = { ...(agentId ? { agentId } : {}), ...this.d.audience?.(chat) };
    this.d.publish({ type: 'chat.tags', at, scope, chatId, ...(agentId ? { agentId } : {}), tags, byUserId: viewer.userId });
    return tags;
  }

  /** Of the listed chats, those carrying the tag (normalized like any tag). */
  async tagged(tag: string, chats: ChatSummary[]): Promise<ChatSummary[]> {
    if (chats.length === 0) return [];
    const ids = new Set(await this.d.store.chatsTagged(normalizeTag(tag), chats.map((c) => c.id)));
    return chats.filter((c) => ids.has(c.id));
  }
}

/** Private notes and tags of chats in the database (sql/059). */
import type { Kysely } from 'kysely';
import type { ChatNote } from '../../chat/chat-notes.js';
import type { ChatNotesStore } from '../../chat/ports.js';
import { epochMs } from '../config/repo-deps.js';
import type { Database } from '../schema.js';

export class ChatNotesRepo implements ChatNotesStore {
  constructor(private readonly db: Kysely<Database>) {}

  async notes(chatId: string): Promise<ChatNote[]> {
    const rows = await this.db.selectFrom('chat_notes').selectAll().where('chat_id', '=', chatId).orderBy('seq').execute();
    return rows.map((r) => ({
      id: r.id,
      chatId: r.chat_id,
      authorUserId: r.author_user_id,
      authorAgentId: r.author_agent_id,
      authorName: r.author_name,
      text: r.body,
      afterSeq: r.after_seq,
      at: epochMs(r.at),
    }));
  }

  async addNote(n: ChatNote): Promise<void> {
    await this.db
      .insertInto('chat_notes')
      .values({ id: n.id, chat_id: n.chatId, author_user_id: n.authorUserId, author_agent_id: n.authorAgentId, author_name: n.authorName, body: n.text, after_seq: n.afterSeq, at: new Date(n.at) })
      .execute();
  }

  async tags(chatId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('chat_tags').select('tag').where('chat_id', '=', chatId).orderBy('position').execute();
    return rows.map((r) => r.tag);
  }

  async setTags(chatId: string, tags: string[], by: string, at: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      // Tags kept keep who added them and when; the order is the one given.
      const kept = new Map((await trx.selectFrom('chat_tags').select(['tag', 'added_by', 'added_at']).where('chat_id', '=', chatId).execute()).map((r) => [r.tag, r]));
      await trx.deleteFrom('chat_tags').where('chat_id', '=', chatId).execute();
      if (tags.length === 0) return;
      const rows = tags.map((tag, position) => ({ chat_id: chatId, tag, position, added_by: kept.get(tag)?.added_by ?? by, added_at: kept.get(tag)?.added_at ?? new Date(at) }));
      await trx.insertInto('chat_tags').values(rows).execute();
    });
  }

  async chatsTagged(tag: string, chatIds: string[]): Promise<string[]> {
    if (chatIds.length === 0) return [];
    const rows = await this.db.selectFrom('chat_tags').select('chat_id').where('tag', '=', tag).where('chat_id', 'in', chatIds).execute();
    return rows.map((r) => r.chat_id);
  }
}

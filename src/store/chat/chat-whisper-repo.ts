/** Supervisors' whispers in chats, in the database (sql/085); the visitor's side never reads this table. */
import type { Kysely } from 'kysely';
import type { ChatWhisper, ChatWhisperStore } from '../../chat/ports.js';
import { epochMs } from '../config/repo-deps.js';
import type { Database } from '../schema.js';

export class ChatWhisperRepo implements ChatWhisperStore {
  constructor(private readonly db: Kysely<Database>) {}

  async addWhisper(w: ChatWhisper): Promise<void> {
    await this.db
      .insertInto('chat_whispers')
      .values({ id: w.id, chat_id: w.chatId, agent_id: w.agentId, supervisor_user_id: w.supervisorUserId, supervisor_name: w.supervisorName, body: w.text, after_seq: w.afterSeq, at: new Date(w.at) })
      .execute();
  }

  async whispers(chatId: string): Promise<ChatWhisper[]> {
    const rows = await this.db.selectFrom('chat_whispers').selectAll().where('chat_id', '=', chatId).orderBy('seq').execute();
    return rows.map((r) => ({
      id: r.id,
      chatId: r.chat_id,
      agentId: r.agent_id,
      supervisorUserId: r.supervisor_user_id,
      supervisorName: r.supervisor_name,
      text: r.body,
      afterSeq: r.after_seq,
      at: epochMs(r.at),
    }));
  }
}

/** Who monitors which chat, in the database (sql/107): loaded again when the daemon starts. */
import type { Kysely } from 'kysely';
import type { ChatMonitorStore } from '../../chat/ports.js';
import type { Database } from '../schema.js';

export class ChatMonitorRepo implements ChatMonitorStore {
  constructor(private readonly db: Kysely<Database>) {}

  async addMonitor(chatId: string, userId: string, at: number): Promise<void> {
    await this.db
      .insertInto('chat_monitors')
      .values({ chat_id: chatId, user_id: userId, since: new Date(at) })
      .onConflict((oc) => oc.columns(['chat_id', 'user_id']).doNothing())
      .execute();
  }

  async removeMonitor(chatId: string, userId: string): Promise<void> {
    await this.db.deleteFrom('chat_monitors').where('chat_id', '=', chatId).where('user_id', '=', userId).execute();
  }

  async removeChatMonitors(chatId: string): Promise<void> {
    await this.db.deleteFrom('chat_monitors').where('chat_id', '=', chatId).execute();
  }

  async monitors(): Promise<{ chatId: string; userId: string }[]> {
    const rows = await this.db.selectFrom('chat_monitors').select(['chat_id', 'user_id']).orderBy('since').execute();
    return rows.map((r) => ({ chatId: r.chat_id, userId: r.user_id }));
  }
}

/** The facts of ended chats for tickets (src/tickets/chat-ending-tickets.ts), read from the chat tables. */
import type { Kysely } from 'kysely';
import { CHAT_ENDING_OUTCOMES, type ChatEndingFacts, type ChatEndingOutcome, type ChatLine } from '../../tickets/chat-ending.js';
import type { ChatEndingSource } from '../../tickets/chat-ending-tickets.js';
import type { Database } from '../schema.js';

const isOutcome = (v: string | null): v is ChatEndingOutcome => v !== null && (CHAT_ENDING_OUTCOMES as readonly string[]).includes(v);
const AUTHORS = new Set<ChatLine['author']>(['visitor', 'agent', 'system']);

export class KyselyChatEndingSource implements ChatEndingSource {
  constructor(private readonly db: Kysely<Database>) {}

  async facts(chatId: string): Promise<ChatEndingFacts | undefined> {
    const chat = await this.db
      .selectFrom('chats as c')
      .leftJoin('agents as a', 'a.id', 'c.agent_id')
      .select(['c.id', 'c.visitor_id', 'c.visitor_name', 'c.agent_id', 'c.state', 'c.outcome', 'c.outcome_reason', 'c.ended_at', 'a.user_id', 'a.team_id'])
      .where('c.id', '=', chatId)
      .executeTakeFirst();
    if (!chat || chat.state !== 'ended' || chat.ended_at === null || !isOutcome(chat.outcome)) return undefined;
    const messages = await this.db.selectFrom('chat_messages').select(['author', 'body', 'at']).where('chat_id', '=', chatId).orderBy('seq').execute();
    return {
      chatId: chat.id,
      visitorId: chat.visitor_id,
      visitorName: chat.visitor_name,
      agentId: chat.agent_id,
      // An agent removed since: the history still says which agent it was.
      by: chat.user_id ?? `agent:${chat.agent_id ?? 'unknown'}`,
      teamId: chat.team_id ?? null,
      outcome: chat.outcome,
      reason: chat.outcome_reason,
      endedAt: chat.ended_at.getTime(),
      lines: messages.map((m) => ({ author: AUTHORS.has(m.author as ChatLine['author']) ? (m.author as ChatLine['author']) : 'system', body: m.body, at: m.at.getTime() })),
    };
  }

  async endedUnkept(since: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('chats as c')
      .leftJoin('chat_tickets as k', 'k.chat_id', 'c.id')
      .select('c.id')
      .where('c.state', '=', 'ended')
      .where('c.outcome', 'is not', null)
      .where('c.ended_at', '>=', new Date(since))
      .where((eb) => eb.or([eb('k.chat_id', 'is', null), eb('k.done_at', 'is', null)]))
      .orderBy('c.ended_at')
      .limit(limit)
      .execute();
    return rows.map((r) => r.id);
  }
}

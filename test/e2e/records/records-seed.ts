/**
 * Ended chats written straight into the store for the records pages' Chromium tests (the chat
 * records tab reads them as the daemon leaves them): one visitor, and each chat with its queue,
 * agent, visitor name and times.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/store/schema.js';

export interface EndedChat {
  id: string;
  queueId: string;
  agentId: string;
  visitorName: string;
  /** Created at (epoch ms); assigned 10 s later. */
  at: number;
  durationMs: number;
  solved: boolean;
  lastSeq?: number;
}

export const PAGE_VISITOR = 'v-page';

/** The visitor every seeded chat belongs to; once per database. */
export async function seedPageVisitor(db: Kysely<Database>): Promise<void> {
  await sql`insert into chat_visitors (id, token_hash, created_at) values (${PAGE_VISITOR}, 'h-page', now())`.execute(db);
}

export async function seedEndedChat(db: Kysely<Database>, c: EndedChat): Promise<void> {
  await sql`insert into chats (id, visitor_id, queue_id, state, agent_id, visitor_name, created_at, assigned_at, ended_at, end_reason, outcome, last_seq)
    values (${c.id}, ${PAGE_VISITOR}, ${c.queueId}, 'ended', ${c.agentId}, ${c.visitorName},
      ${new Date(c.at)}, ${new Date(c.at + 10_000)}, ${new Date(c.at + 10_000 + c.durationMs)}, ${c.solved ? 'agent_ended' : 'visitor_left'}, ${c.solved ? 'solved' : null}, ${c.lastSeq ?? 0})`.execute(db);
}

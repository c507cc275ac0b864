/**
 * What an outcome webhook says about a public ticket reply (src/notify: PublicTicketReply), read
 * from the tickets and chat tables. Only a public reply is ever read here, so an internal one
 * cannot reach a webhook whatever asks.
 */
import type { Kysely } from 'kysely';
import type { PublicTicketReply } from '../../notify/model.js';
import type { Database } from '../schema.js';

/**
 * undefined for a reply that is internal or unknown, or a ticket of no chat: the chat it was made
 * from or linked to (the latest), else its visitor's latest chat.
 */
export async function publicTicketReply(db: Kysely<Database>, ticketId: string, replyId: string): Promise<PublicTicketReply | undefined> {
  const row = await db
    .selectFrom('ticket_replies as r')
    .innerJoin('tickets as t', 't.id', 'r.ticket_id')
    .select(['t.id', 't.subject', 't.status', 't.customer_id', 't.visitor_id', 'r.id as reply_id', 'r.body', 'r.at'])
    .where('r.id', '=', replyId)
    .where('r.ticket_id', '=', ticketId)
    .where('r.visibility', '=', 'public')
    .executeTakeFirst();
  if (!row) return undefined;
  const linked = await db
    .selectFrom('chat_tickets as k')
    .innerJoin('chats as c', 'c.id', 'k.chat_id')
    .select(['c.id', 'c.queue_id'])
    .where('k.ticket_id', '=', ticketId)
    .orderBy('k.linked_at', 'desc')
    .executeTakeFirst();
  const chat =
    linked ??
    (row.visitor_id === null
      ? undefined
      : await db.selectFrom('chats').select(['id', 'queue_id']).where('visitor_id', '=', row.visitor_id).orderBy('created_at', 'desc').orderBy('id', 'desc').executeTakeFirst());
  if (!chat) return undefined;
  return {
    ticketId: row.id,
    subject: row.subject,
    status: row.status,
    customerId: row.customer_id,
    visitorId: row.visitor_id,
    chatId: chat.id,
    queueId: chat.queue_id,
    replyId: row.reply_id,
    body: row.body,
    at: row.at.getTime(),
  };
}

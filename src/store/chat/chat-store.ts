/** The chat domain's store (src/chat/ports.ts ChatStore) over kysely: PGlite or PostgreSQL. */
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import type { ChatRecord } from '../../chat/chat-state.js';
import type { AttachmentKind } from '../../attachments/attachment-rules.js';
import type { AttachmentRecord } from '../../attachments/ports.js';
import type { ChatStore, ChatSurvey, NewMessage, StoredMessage } from '../../chat/ports.js';
import type { ArticleCard, AssistNote, BotSay, ChatChannel, ChatOutcome, ChatStateName, EndReason, MessageAuthor } from '../../chat/protocol.js';
import type { HandoverInfo } from '../../chat/bot/bot-rules.js';
import type { Database } from '../schema.js';
import type { AttachmentsTable, ChatMessagesTable, ChatsTable } from '../tables/chat.js';
import { MessageGroupCommit, type GroupedMessage } from './message-group-commit.js';

/** The stored client id carries its side, so a visitor can never collide with an agent's id. */
const SIDE: Record<MessageAuthor, string> = { visitor: 'v:', agent: 'a:', system: 's:', bot: 'b:' };

function storedClientId(m: Pick<NewMessage, 'from' | 'clientId'>): string | null {
  return m.clientId === undefined ? null : `${SIDE[m.from]}${m.clientId}`;
}

export function toAttachment(r: Selectable<AttachmentsTable>): AttachmentRecord {
  return {
    id: r.id,
    kind: r.kind as AttachmentKind,
    contentType: r.content_type,
    size: r.size_bytes,
    name: r.name,
    storedName: r.stored_name,
    chatId: r.chat_id,
    ticketId: r.ticket_id,
    replyId: r.reply_id,
    uploadedBy: r.uploaded_by,
    createdAt: r.created_at.getTime(),
  };
}

export function attachmentRow(a: AttachmentRecord): Insertable<AttachmentsTable> {
  return {
    id: a.id,
    kind: a.kind,
    content_type: a.contentType,
    size_bytes: a.size,
    name: a.name,
    stored_name: a.storedName,
    chat_id: a.chatId,
    ticket_id: a.ticketId,
    reply_id: a.replyId,
    uploaded_by: a.uploadedBy,
    created_at: new Date(a.createdAt),
  };
}

type MessageRow = Selectable<ChatMessagesTable> & { a_kind?: string | null; a_name?: string | null; a_size?: number | null; a_type?: string | null };

function toMessage(r: MessageRow): StoredMessage {
  const from = r.author as MessageAuthor;
  return {
    chatId: r.chat_id,
    seq: r.seq,
    from,
    ...(r.agent_id !== null ? { agentId: r.agent_id } : {}),
    text: r.body,
    at: r.at.getTime(),
    ...(r.client_id !== null ? { clientId: r.client_id.slice(SIDE[from].length) } : {}),
    ...(r.attachment_id !== null && r.a_kind
      ? { attachment: { id: r.attachment_id, kind: r.a_kind as AttachmentKind, name: r.a_name ?? '', size: r.a_size ?? 0, contentType: r.a_type ?? 'application/octet-stream' } }
      : {}),
    ...(r.card ? { card: r.card as ArticleCard } : {}),
    ...(r.bot_say ? { botSay: r.bot_say as BotSay } : {}),
    ...(r.assist ? { assist: r.assist as AssistNote } : {}),
  };
}

const ms = (d: Date | null): number | null => (d === null ? null : d.getTime());
const date = (n: number | null): Date | null => (n === null ? null : new Date(n));

function toChat(r: Selectable<ChatsTable>): ChatRecord {
  return {
    id: r.id,
    visitorId: r.visitor_id,
    queueId: r.queue_id,
    state: r.state as ChatStateName,
    agentId: r.agent_id,
    visitorName: r.visitor_name,
    page: r.page,
    createdAt: r.created_at.getTime(),
    assignedAt: ms(r.assigned_at),
    endedAt: ms(r.ended_at),
    endReason: r.end_reason as EndReason | null,
    outcome: r.outcome as ChatOutcome | null,
    outcomeReason: r.outcome_reason,
    lastSeq: r.last_seq,
    channel: r.channel as ChatChannel,
    handover: (r.handover as HandoverInfo | null) ?? null,
  };
}

/** Thrown inside the transaction to undo the seq increment of a message that was already stored. */
/** A grouped message back in the domain's shape (the one-at-a-time path after a failed group). */
function fromGrouped(g: GroupedMessage): NewMessage {
  const from = g.author as MessageAuthor;
  return {
    chatId: g.chatId,
    from,
    ...(g.agentId !== null ? { agentId: g.agentId } : {}),
    ...(g.clientId !== null ? { clientId: g.clientId.slice(g.clientId.indexOf(':') + 1) } : {}),
    text: g.body,
    at: g.at.getTime(),
    ...(g.card !== null ? { card: JSON.parse(g.card) as ArticleCard } : {}),
    ...(g.botSay !== null ? { botSay: g.botSay as BotSay } : {}),
    ...(g.assist !== null ? { assist: JSON.parse(g.assist) as AssistNote } : {}),
  };
}

class AlreadyStored extends Error {}

export class KyselyChatStore implements ChatStore {
  /** Plain messages (no attachment) are stored in groups: message-group-commit.ts says why. */
  private readonly groups: MessageGroupCommit;

  constructor(private readonly db: Kysely<Database>) {
    this.groups = new MessageGroupCommit(db, {
      one: (g) => this.appendAlone(fromGrouped(g), {}),
      earlier: (chatId, clientId) => this.byClientId(chatId, clientId),
      fromRow: toMessage,
    });
  }

  async createVisitor(v: { id: string; tokenHash: string; createdAt: number }): Promise<void> {
    await this.db.insertInto('chat_visitors').values({ id: v.id, token_hash: v.tokenHash, created_at: new Date(v.createdAt) }).execute();
  }

  async visitorByTokenHash(tokenHash: string): Promise<{ id: string } | undefined> {
    return this.db.selectFrom('chat_visitors').select('id').where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async insertChat(c: ChatRecord): Promise<void> {
    await this.db
      .insertInto('chats')
      .values({
        id: c.id,
        visitor_id: c.visitorId,
        queue_id: c.queueId,
        state: c.state,
        agent_id: c.agentId,
        visitor_name: c.visitorName,
        page: c.page,
        created_at: new Date(c.createdAt),
        assigned_at: date(c.assignedAt),
        ended_at: date(c.endedAt),
        end_reason: c.endReason,
        outcome: c.outcome,
        outcome_reason: c.outcomeReason,
        last_seq: c.lastSeq,
        channel: c.channel,
        handover: c.handover ? JSON.stringify(c.handover) : null,
      })
      .execute();
  }

  async saveChat(c: ChatRecord): Promise<void> {
    // last_seq is appendMessage's alone: a state change never moves it. The queue changes with a transfer to a queue.
    await this.db
      .updateTable('chats')
      .set({
        state: c.state,
        agent_id: c.agentId,
        queue_id: c.queueId,
        assigned_at: date(c.assignedAt),
        ended_at: date(c.endedAt),
        end_reason: c.endReason,
        outcome: c.outcome,
        outcome_reason: c.outcomeReason,
        handover: c.handover ? JSON.stringify(c.handover) : null,
      })
      .where('id', '=', c.id)
      .execute();
  }

  async chat(id: string): Promise<ChatRecord | undefined> {
    const r = await this.db.selectFrom('chats').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toChat(r);
  }

  async openChats(): Promise<ChatRecord[]> {
    const rows = await this.db.selectFrom('chats').selectAll().where('state', '<>', 'ended').orderBy('created_at').execute();
    return rows.map(toChat);
  }

  appendMessage(m: NewMessage, opts: { beforeCommit?: () => Promise<void> } = {}): Promise<{ message: StoredMessage; duplicate: boolean }> {
    if (m.attachment || opts.beforeCommit) return this.appendAlone(m, opts);
    return this.groups.append({
      chatId: m.chatId,
      author: m.from,
      agentId: m.agentId ?? null,
      clientId: storedClientId(m),
      body: m.text,
      at: new Date(m.at),
      card: m.card ? JSON.stringify(m.card) : null,
      botSay: m.botSay ?? null,
      assist: m.assist ? JSON.stringify(m.assist) : null,
    });
  }

  /** One message in its own transaction: an upload's row and file go with it. */
  private async appendAlone(m: NewMessage, opts: { beforeCommit?: () => Promise<void> }): Promise<{ message: StoredMessage; duplicate: boolean }> {
    const clientId = storedClientId(m);
    const earlier = clientId === null ? undefined : await this.byClientId(m.chatId, clientId);
    if (earlier) return { message: earlier, duplicate: true };
    try {
      const stored = await this.db.transaction().execute(async (tx) => {
        const { last_seq: seq } = await tx.updateTable('chats').set((eb) => ({ last_seq: eb('last_seq', '+', 1) })).where('id', '=', m.chatId).returning('last_seq').executeTakeFirstOrThrow();
        if (m.attachment) await tx.insertInto('attachments').values(attachmentRow(m.attachment)).execute();
        const row = await tx
          .insertInto('chat_messages')
          .values({
            chat_id: m.chatId,
            seq,
            author: m.from,
            agent_id: m.agentId ?? null,
            client_id: clientId,
            body: m.text,
            at: new Date(m.at),
            attachment_id: m.attachment?.id ?? null,
            card: m.card ? JSON.stringify(m.card) : null,
            bot_say: m.botSay ?? null,
            assist: m.assist ? JSON.stringify(m.assist) : null,
          })
          .onConflict((oc) => oc.columns(['chat_id', 'client_id']).doNothing())
          .returningAll()
          .executeTakeFirst();
        if (!row) throw new AlreadyStored();
        // The file takes its stored name before the commit: a failed move undoes the rows.
        await opts.beforeCommit?.();
        const a = m.attachment;
        return toMessage(a ? { ...row, a_kind: a.kind, a_name: a.name, a_size: a.size, a_type: a.contentType } : row);
      });
      return { message: stored, duplicate: false };
    } catch (err) {
      // A concurrent resend won the race: the database kept the first copy only.
      if (!(err instanceof AlreadyStored) || clientId === null) throw err;
      const first = await this.byClientId(m.chatId, clientId);
      if (!first) throw err;
      return { message: first, duplicate: true };
    }
  }

  async messagesAfter(chatId: string, afterSeq: number, limit: number): Promise<StoredMessage[]> {
    const rows = await this.messageRows().where('m.chat_id', '=', chatId).where('m.seq', '>', afterSeq).orderBy('m.seq').limit(limit).execute();
    return rows.map(toMessage);
  }

  async attachment(id: string): Promise<AttachmentRecord | undefined> {
    const r = await this.db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toAttachment(r);
  }

  private messageRows() {
    return this.db
      .selectFrom('chat_messages as m')
      .leftJoin('attachments as a', 'a.id', 'm.attachment_id')
      .selectAll('m')
      .select(['a.kind as a_kind', 'a.name as a_name', 'a.size_bytes as a_size', 'a.content_type as a_type']);
  }

  private async byClientId(chatId: string, clientId: string): Promise<StoredMessage | undefined> {
    const r = await this.messageRows().where('m.chat_id', '=', chatId).where('m.client_id', '=', clientId).executeTakeFirst();
    return r && toMessage(r);
  }

  async articleSentTo(visitorId: string, articleId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('chat_messages as m')
      .innerJoin('chats as c', 'c.id', 'm.chat_id')
      .select('m.seq')
      .where('c.visitor_id', '=', visitorId)
      .where('m.card', 'is not', null)
      .where(sql<string>`m.card->>'articleId'`, '=', articleId)
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }

  async saveSurvey(survey: ChatSurvey): Promise<ChatSurvey> {
    await this.db
      .insertInto('chat_surveys')
      .values({ chat_id: survey.chatId, score: survey.score, comment: survey.comment, at: new Date(survey.at) })
      .onConflict((oc) => oc.column('chat_id').doNothing())
      .execute();
    const row = await this.db.selectFrom('chat_surveys').selectAll().where('chat_id', '=', survey.chatId).executeTakeFirstOrThrow();
    return { chatId: row.chat_id, score: row.score, comment: row.comment, at: row.at.getTime() };
  }

  async surveyAnswered(chatId: string): Promise<boolean> {
    const row = await this.db.selectFrom('chat_surveys').select('chat_id').where('chat_id', '=', chatId).executeTakeFirst();
    return row !== undefined;
  }
}

/**
 * Ended chats for the records page (src/chat/ports.ts ChatRecordReader) over kysely: PGlite or
 * PostgreSQL. Every read is keyset on (created_at, id) newest first, compared as a row so that the
 * partial indexes of sql/100 serve it; the `state = 'ended'` predicate is written as a literal so
 * that the planner can match those partial indexes whatever the parameters.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { ChatRecordQuery, ChatRecordReader, ChatRecordRow } from '../../chat/ports.js';
import type { ChatChannel, ChatOutcome, EndReason } from '../../chat/protocol.js';
import type { Database } from '../schema.js';
import type { ChatsTable } from '../tables/chat.js';

const MAX_PAGE = 500;

/** `%` and `_` typed by a user are letters, not wildcards. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

type Row = Pick<Selectable<ChatsTable>, 'id' | 'queue_id' | 'agent_id' | 'visitor_name' | 'channel' | 'created_at' | 'assigned_at' | 'ended_at' | 'end_reason' | 'outcome' | 'outcome_reason' | 'last_seq'>;

const COLUMNS = ['id', 'queue_id', 'agent_id', 'visitor_name', 'channel', 'created_at', 'assigned_at', 'ended_at', 'end_reason', 'outcome', 'outcome_reason', 'last_seq'] as const;

function toRow(r: Row, tags: string[]): ChatRecordRow {
  return {
    id: r.id,
    queueId: r.queue_id,
    ...(r.agent_id !== null ? { agentId: r.agent_id } : {}),
    visitorName: r.visitor_name,
    channel: r.channel as ChatChannel,
    createdAt: r.created_at.getTime(),
    ...(r.assigned_at ? { assignedAt: r.assigned_at.getTime() } : {}),
    ...(r.ended_at ? { endedAt: r.ended_at.getTime() } : {}),
    ...(r.end_reason !== null ? { endReason: r.end_reason as EndReason } : {}),
    ...(r.outcome !== null ? { outcome: r.outcome as ChatOutcome } : {}),
    ...(r.outcome_reason !== null ? { outcomeReason: r.outcome_reason } : {}),
    messageCount: r.last_seq,
    tags,
  };
}

export class KyselyChatRecordRepo implements ChatRecordReader {
  constructor(private readonly db: Kysely<Database>) {}

  async list(q: ChatRecordQuery): Promise<ChatRecordRow[]> {
    const query = await this.pageQuery(q);
    return query ? this.withTags(await query.execute()) : [];
  }

  /** One page's read (undefined when nothing can match); public so that a test can EXPLAIN it. */
  async pageQuery(q: ChatRecordQuery) {
    const limit = Math.min(Math.max(q.limit ?? 100, 1), MAX_PAGE);
    const query = await this.filtered(q);
    return query?.select(COLUMNS).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
  }

  async count(q: ChatRecordQuery, upTo: number): Promise<number> {
    const query = await this.filtered(q);
    if (!query) return 0;
    const row = await this.db
      .selectFrom(query.select('id').limit(upTo).as('m'))
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async get(chatId: string): Promise<ChatRecordRow | undefined> {
    const row = await this.db.selectFrom('chats').select(COLUMNS).where('id', '=', chatId).where(sql<boolean>`state = 'ended'`).executeTakeFirst();
    return row ? (await this.withTags([row]))[0] : undefined;
  }

  /** The page's tags in one read, in the order the agent gave them. */
  private async withTags(rows: Row[]): Promise<ChatRecordRow[]> {
    if (rows.length === 0) return [];
    const tags = await this.db
      .selectFrom('chat_tags')
      .select(['chat_id', 'tag'])
      .where('chat_id', 'in', rows.map((r) => r.id))
      .orderBy('chat_id')
      .orderBy('position')
      .execute();
    const byChat = new Map<string, string[]>();
    for (const t of tags) byChat.set(t.chat_id, [...(byChat.get(t.chat_id) ?? []), t.tag]);
    return rows.map((r) => toRow(r, byChat.get(r.id) ?? []));
  }

  /** The matching ended chats as a where clause over `chats`; undefined when nothing can match. */
  private async filtered(q: ChatRecordQuery) {
    let query = this.db
      .selectFrom('chats')
      .where(sql<boolean>`state = 'ended'`)
      .where('created_at', '>=', new Date(q.from))
      .where('created_at', '<', new Date(q.to));
    if (q.agentId) query = query.where('agent_id', '=', q.agentId);
    if (q.agentIds) {
      if (q.agentIds.length === 0) return undefined;
      query = query.where('agent_id', 'in', q.agentIds);
    }
    if (q.queueId) query = query.where('queue_id', '=', q.queueId);
    const outcomes = q.outcomes ?? [];
    if (q.outcomes || q.noOutcome) {
      if (outcomes.length === 0 && !q.noOutcome) return undefined;
      query = query.where((eb) => eb.or([...(outcomes.length > 0 ? [eb('outcome', 'in', outcomes)] : []), ...(q.noOutcome ? [eb('outcome', 'is', null)] : [])]));
    }
    if (q.endReasons) {
      if (q.endReasons.length === 0) return undefined;
      query = query.where('end_reason', 'in', q.endReasons);
    }
    const tag = q.tag;
    if (tag !== undefined) {
      query = query.where((eb) => eb.exists(eb.selectFrom('chat_tags').select(sql`1`.as('one')).where('chat_tags.tag', '=', tag).whereRef('chat_tags.chat_id', '=', 'chats.id')));
    }
    if (q.visitorName !== undefined) query = query.where(sql<boolean>`visitor_name ilike ${`%${likeEscaped(q.visitorName)}%`} escape '\\'`);
    if (q.minDurationSeconds !== undefined) query = query.where('ended_at', '>=', sql<Date>`created_at + cast(${q.minDurationSeconds} as integer) * interval '1 second'`);
    if (q.maxDurationSeconds !== undefined) query = query.where('ended_at', '<=', sql<Date>`created_at + cast(${q.maxDurationSeconds} as integer) * interval '1 second'`);
    if (q.before) {
      const cursor = await this.db.selectFrom('chats').select(['created_at', 'id']).where('id', '=', q.before).executeTakeFirst();
      if (cursor) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(cursor.created_at, cursor.id)));
    }
    return query;
  }
}

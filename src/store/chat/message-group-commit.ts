/**
 * Chat messages written in groups: the messages of different chats that arrive while a write is in
 * flight are numbered and stored together by the next single statement (group commit), so a busy
 * center pays one round trip and one commit for many messages instead of five round trips each
 * (duplicate check, begin, number, insert, commit). Why: on the embedded database every statement
 * crosses to its thread and runs in WebAssembly; one message at a time it stored about 150 a
 * second on this machine, far below a center's 2,000 (issue 12's benchmark, `npm run bench -- chat`).
 *
 * Each message still resolves only after the statement that stored it committed (a statement
 * outside a transaction is its own), and each keeps the store's rules: numbered by its chat's
 * last_seq without a gap, and a resend (same author and clientId) stores nothing and answers the
 * first copy. The chat service's lanes send one message per chat at a time; a second message of a
 * chat already in the group waits for the next group all the same, because one statement cannot
 * number two messages of one chat. A statement refused by a constraint (a concurrent copy hit the
 * unique index) is retried one message at a time through `one`, which has the full rules; any
 * other failure is the answer of every message in the group.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { StoredMessage } from '../../chat/ports.js';
import { isConstraintViolation } from '../pg-errors.js';
import type { Database } from '../schema.js';
import type { ChatMessagesTable } from '../tables/chat.js';

/** A message without an attachment, as the store writes it (client id already carries its side). */
export interface GroupedMessage {
  chatId: string;
  author: string;
  agentId: string | null;
  clientId: string | null;
  body: string;
  at: Date;
  card: string | null;
  botSay: string | null;
  assist: string | null;
}

export type StoredRow = Selectable<ChatMessagesTable>;
export type GroupResult = { message: StoredMessage; duplicate: boolean };

export interface GroupCommitHooks {
  /** The one-at-a-time path (its own transaction and duplicate handling), for a failed group. */
  one(m: GroupedMessage): Promise<GroupResult>;
  /** The stored copy of a resend, read when the group skipped it. */
  earlier(chatId: string, clientId: string): Promise<StoredMessage | undefined>;
  fromRow(row: StoredRow): StoredMessage;
}

interface Waiting {
  m: GroupedMessage;
  resolve: (r: GroupResult) => void;
  reject: (err: unknown) => void;
}

/** The largest group one statement stores (ten parameters a message). */
export const GROUP_MAX = 500;

export class MessageGroupCommit {
  private queue: Waiting[] = [];
  private writing = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly hooks: GroupCommitHooks,
  ) {}

  append(m: GroupedMessage): Promise<GroupResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ m, resolve, reject });
      if (this.writing) return;
      // Messages sent in the same turn of the event loop start as one group.
      this.writing = true;
      queueMicrotask(() => this.drain());
    });
  }

  /** Writes groups until nothing waits; messages arriving meanwhile form the next group. */
  private drain(): void {
    this.writing = true;
    const group: Waiting[] = [];
    const rest: Waiting[] = [];
    const chats = new Set<string>();
    for (const w of this.queue) {
      if (group.length < GROUP_MAX && !chats.has(w.m.chatId)) {
        group.push(w);
        chats.add(w.m.chatId);
      } else rest.push(w);
    }
    this.queue = rest;
    void this.write(group).finally(() => {
      if (this.queue.length > 0) this.drain();
      else this.writing = false;
    });
  }

  private async write(group: Waiting[]): Promise<void> {
    let rows: StoredRow[];
    try {
      rows = await this.statement(group.map((w) => w.m));
    } catch (err) {
      // Only a constraint proves nothing of the group was stored (a copy stored meanwhile hit the
      // unique index, or one message broke a check): each message then goes again on its own,
      // where a duplicate is an answer and a bad one fails alone. Any other failure (a connection
      // lost, perhaps after the commit) is every message's answer: trying again could store a
      // message without a client id twice.
      if (!isConstraintViolation(err)) {
        for (const w of group) w.reject(err);
        return;
      }
      for (const w of group) await this.hooks.one(w.m).then(w.resolve, w.reject);
      return;
    }
    const stored = new Map(rows.map((r) => [r.chat_id, r]));
    for (const w of group) {
      const row = stored.get(w.m.chatId);
      if (row) {
        w.resolve({ message: this.hooks.fromRow(row), duplicate: false });
        continue;
      }
      // Not stored: a resend of a stored message, or a chat that does not exist.
      try {
        const first = w.m.clientId === null ? undefined : await this.hooks.earlier(w.m.chatId, w.m.clientId);
        if (first) w.resolve({ message: first, duplicate: true });
        else w.reject(new Error(`chat ${w.m.chatId} does not exist: its message was not stored`));
      } catch (err) {
        w.reject(err);
      }
    }
  }

  /**
   * One statement: the messages not already stored under their client id bump their chat's
   * last_seq and are inserted with it. Without a transaction around it, the statement is atomic.
   */
  private async statement(ms: GroupedMessage[]): Promise<StoredRow[]> {
    const values = sql.join(
      ms.map(
        (m, i) =>
          sql`(${i}::int, ${m.chatId}::text, ${m.author}::text, ${m.agentId}::text, ${m.clientId}::text, ${m.body}::text, ${m.at}::timestamptz, ${m.card}::jsonb, ${m.botSay}::text, ${m.assist}::jsonb)`,
      ),
    );
    const result = await sql<StoredRow>`
      with input (ord, chat_id, author, agent_id, client_id, body, at, card, bot_say, assist) as (values ${values}),
      fresh as (
        select i.* from input i
        where i.client_id is null
           or not exists (select 1 from chat_messages m where m.chat_id = i.chat_id and m.client_id = i.client_id)
      ),
      numbered as (
        update chats c set last_seq = c.last_seq + 1 from fresh f where c.id = f.chat_id returning c.id, c.last_seq
      )
      insert into chat_messages (chat_id, seq, author, agent_id, client_id, body, at, attachment_id, card, bot_say, assist)
      select f.chat_id, n.last_seq, f.author, f.agent_id, f.client_id, f.body, f.at, null, f.card, f.bot_say, f.assist
      from fresh f join numbered n on n.id = f.chat_id
      order by f.ord
      returning *`.execute(this.db);
    return result.rows;
  }
}

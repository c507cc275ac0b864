/** The chat bot's store (src/chat/bot/ports.ts BotStore) over kysely: settings, added words, sessions, the report. */
import { sql, type Kysely } from 'kysely';
import type { AuditEntry, AuditLog } from '../../accounts/audit.js';
import type { BotSession, HandoverReason } from '../../chat/bot/bot-rules.js';
import type { BotChannelSettings, BotMode, BotWords, HandoverRules } from '../../chat/bot/bot-settings.js';
import type { BotReportRow, BotSessionRow, BotStore } from '../../chat/bot/ports.js';
import type { ChatChannel } from '../../chat/protocol.js';
import { transactWithAudit } from '../accounts/unit-of-work.js';
import type { Database } from '../schema.js';

export class KyselyBotStore implements BotStore {
  private cached: Promise<BotChannelSettings[]> | undefined;

  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Read at every chat start (the front door), written only through saveSettings: kept in memory
   * until the next write (a standby reads them afresh when it takes over).
   */
  settings(): Promise<BotChannelSettings[]> {
    this.cached ??= this.db
      .selectFrom('chat_bot_settings')
      .selectAll()
      .execute()
      .then((rows) => rows.map((r) => ({ channel: r.channel as ChatChannel, mode: r.mode as BotMode, calendarId: r.calendar_id, handover: r.handover as HandoverRules })));
    const read = this.cached;
    // A failed read is not kept: the next caller reads again.
    read.catch(() => {
      if (this.cached === read) this.cached = undefined;
    });
    return read.then((all) => all.map((s) => ({ ...s, handover: { ...s.handover } })));
  }

  async saveSettings(s: BotChannelSettings, by: string, at: number, entry: AuditEntry, log: AuditLog): Promise<void> {
    this.cached = undefined;
    try {
      await this.writeSettings(s, by, at, entry, log);
    } finally {
      this.cached = undefined;
    }
  }

  private async writeSettings(s: BotChannelSettings, by: string, at: number, entry: AuditEntry, log: AuditLog): Promise<void> {
    const row = { mode: s.mode, calendar_id: s.calendarId, handover: JSON.stringify(s.handover), updated_at: new Date(at), updated_by: by };
    await transactWithAudit(this.db, log, async (trx, audit) => {
      await trx
        .insertInto('chat_bot_settings')
        .values({ channel: s.channel, ...row })
        .onConflict((oc) => oc.column('channel').doUpdateSet(row))
        .execute();
      await audit.record(entry);
    });
  }

  async words(): Promise<BotWords | undefined> {
    const r = await this.db.selectFrom('chat_bot_words').select('words').where('id', '=', 1).executeTakeFirst();
    return r ? (r.words as BotWords) : undefined;
  }

  async saveWords(words: BotWords, by: string, at: number, entry: AuditEntry, log: AuditLog): Promise<void> {
    const row = { words: JSON.stringify(words), updated_at: new Date(at), updated_by: by };
    await transactWithAudit(this.db, log, async (trx, audit) => {
      await trx
        .insertInto('chat_bot_words')
        .values({ id: 1, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
      await audit.record(entry);
    });
  }

  async session(chatId: string): Promise<BotSessionRow | undefined> {
    const r = await this.db.selectFrom('chat_bot_sessions').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
    return r && { session: r.session as BotSession, channel: r.channel as ChatChannel, startedAt: r.started_at.getTime() };
  }

  async saveSession(row: BotSessionRow, at: number): Promise<void> {
    const s = row.session;
    const values = { status: s.status, handover_reason: s.handover?.reason ?? null, solved_article_id: s.solvedArticleId, session: JSON.stringify(s), updated_at: new Date(at) };
    await this.db
      .insertInto('chat_bot_sessions')
      .values({ chat_id: s.chatId, channel: row.channel, started_at: new Date(row.startedAt), ...values })
      .onConflict((oc) => oc.column('chat_id').doUpdateSet(values))
      .execute();
  }

  async report(from: number, to: number, limit: number, queueIds?: readonly string[]): Promise<BotReportRow> {
    // A team lead's report: the chats of their teams' queues only (the service answers an empty list itself).
    const inScope = queueIds === undefined ? undefined : [...queueIds];
    const range = this.db
      .selectFrom('chat_bot_sessions')
      .where('started_at', '>=', new Date(from))
      .where('started_at', '<', new Date(to))
      .$if(inScope !== undefined, (qb) => qb.where('chat_id', 'in', (eb) => eb.selectFrom('chats').select('id').where('queue_id', 'in', inScope ?? [])));
    const totals = await range
      .select((eb) => [
        eb.fn.countAll<string>().as('chats'),
        sql<string>`count(*) filter (where ${eb.ref('solved_article_id')} is not null and ${eb.ref('handover_reason')} is null)`.as('solved'),
      ])
      .executeTakeFirstOrThrow();
    const reasons = await range.select(['handover_reason', (eb) => eb.fn.countAll<string>().as('n')]).where('handover_reason', 'is not', null).groupBy('handover_reason').execute();
    const handedOver: Record<HandoverReason, number> = { asked: 0, unhelpful: 0, negative: 0, vip: 0, supervisor: 0 };
    for (const r of reasons) handedOver[r.handover_reason as HandoverReason] = Number(r.n);
    const articles = await this.db
      .selectFrom('chat_bot_sessions as s')
      .leftJoin('kb_articles as a', 'a.id', 's.solved_article_id')
      .leftJoin('kb_article_versions as v', (j) => j.onRef('v.article_id', '=', 'a.id').onRef('v.version', '=', 'a.latest_version'))
      .select(['s.solved_article_id as articleId', (eb) => eb.fn.max('v.title').as('title'), (eb) => eb.fn.countAll<string>().as('n')])
      .where('s.started_at', '>=', new Date(from))
      .where('s.started_at', '<', new Date(to))
      .where('s.solved_article_id', 'is not', null)
      .where('s.handover_reason', 'is', null)
      .$if(inScope !== undefined, (qb) => qb.where('s.chat_id', 'in', (eb) => eb.selectFrom('chats').select('id').where('queue_id', 'in', inScope ?? [])))
      .groupBy('s.solved_article_id')
      .orderBy('n', 'desc')
      .orderBy('s.solved_article_id')
      .limit(limit)
      .execute();
    return {
      chats: Number(totals.chats),
      solved: Number(totals.solved),
      handedOver,
      articles: articles.map((r) => ({ articleId: r.articleId as string, title: r.title ?? '', solved: Number(r.n) })),
    };
  }
}

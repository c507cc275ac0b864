/** Outcome-notification rules and their outbox in the database (sql/060_notify.sql). */
import type { Kysely, SqlBool } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Delivery, DeliveryStatus, NewDelivery, NotifyChannel, NotifyRule, NotifyRuleInput, NotifyTrigger } from '../../notify/model.js';
import type { AttemptOutcome } from '../../notify/outbox-state.js';
import type { DeliveryFilter, NotifyRuleStore, Outbox } from '../../notify/ports.js';
import type { Database } from '../schema.js';
import type { NotifyOutboxTable } from '../tables/notify.js';
import { epochMs, json } from '../config/repo-deps.js';

const MAX_LIST = 200;

interface RuleRow {
  id: string;
  name: string;
  enabled: boolean;
  trigger: unknown;
  channel: unknown;
  created_at: Date;
  updated_at: Date;
  has_secret: SqlBool;
}

function toRule(row: RuleRow): NotifyRule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    trigger: row.trigger as NotifyTrigger,
    channel: row.channel as NotifyChannel,
    hasSecret: Boolean(row.has_secret),
    createdAt: epochMs(row.created_at),
    updatedAt: epochMs(row.updated_at),
  };
}

function toDelivery(row: NotifyOutboxTable): Delivery {
  return {
    id: row.id,
    ruleId: row.rule_id,
    sourceId: row.source_id,
    channel: row.channel as Delivery['channel'],
    body: row.body,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: epochMs(row.next_attempt_at),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.last_http_status !== null ? { lastHttpStatus: row.last_http_status } : {}),
    createdAt: epochMs(row.created_at),
    ...(row.delivered_at !== null ? { deliveredAt: epochMs(row.delivered_at) } : {}),
  };
}

export class NotifyRepo implements NotifyRuleStore, Outbox {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly newId: () => string,
  ) {}

  private ruleRows() {
    // The secret column is never selected here: a rule read for the API cannot carry it.
    return this.db
      .selectFrom('notify_rules')
      .select(['id', 'name', 'enabled', 'trigger', 'channel', 'created_at', 'updated_at'])
      .select((eb) => eb('secret', 'is not', null).as('has_secret'));
  }

  async list(): Promise<NotifyRule[]> {
    return (await this.ruleRows().orderBy('name').orderBy('id').execute()).map(toRule);
  }

  async find(id: string): Promise<NotifyRule | undefined> {
    const row = await this.ruleRows().where('id', '=', id).executeTakeFirst();
    return row ? toRule(row) : undefined;
  }

  async secretOf(id: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('notify_rules').select('secret').where('id', '=', id).executeTakeFirst();
    return row?.secret ?? undefined;
  }

  async create(input: NotifyRuleInput): Promise<NotifyRule> {
    const now = new Date(this.clock.now());
    const id = this.newId();
    await this.db
      .insertInto('notify_rules')
      .values({ id, name: input.name.trim(), enabled: input.enabled ?? true, trigger: json(input.trigger), channel: json(input.channel), secret: input.secret ?? null, created_at: now, updated_at: now })
      .execute();
    return (await this.find(id)) as NotifyRule;
  }

  async update(id: string, input: NotifyRuleInput): Promise<NotifyRule> {
    await this.db
      .updateTable('notify_rules')
      .set({
        name: input.name.trim(),
        enabled: input.enabled ?? true,
        trigger: json(input.trigger),
        channel: json(input.channel),
        ...(input.secret !== undefined ? { secret: input.secret } : {}),
        updated_at: new Date(this.clock.now()),
      })
      .where('id', '=', id)
      .execute();
    return (await this.find(id)) as NotifyRule;
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('notify_rules').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  // ---- outbox ----

  async enqueue(items: NewDelivery[]): Promise<void> {
    if (items.length === 0) return;
    await this.db
      .insertInto('notify_outbox')
      .values(
        items.map((d) => ({
          id: d.id,
          rule_id: d.ruleId,
          source_id: d.sourceId,
          channel: d.channel,
          body: d.body,
          status: 'pending',
          attempts: 0,
          next_attempt_at: new Date(d.createdAt),
          created_at: new Date(d.createdAt),
        })),
      )
      .onConflict((oc) => oc.columns(['rule_id', 'source_id']).doNothing())
      .execute();
  }

  async due(now: number, limit: number): Promise<Delivery[]> {
    const rows = await this.db
      .selectFrom('notify_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', new Date(now))
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toDelivery);
  }

  async nextDueAt(): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('notify_outbox')
      .select((eb) => eb.fn.min('next_attempt_at').as('next'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return row?.next ? epochMs(row.next as Date | string) : undefined;
  }

  async record(id: string, o: AttemptOutcome): Promise<void> {
    await this.db
      .updateTable('notify_outbox')
      .set({
        status: o.status,
        attempts: o.attempts,
        last_error: o.status === 'delivered' ? null : o.error,
        last_http_status: o.httpStatus ?? null,
        ...(o.status === 'pending' ? { next_attempt_at: new Date(o.nextAttemptAt) } : {}),
        ...(o.status === 'delivered' ? { delivered_at: new Date(o.deliveredAt) } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async retry(id: string, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('notify_outbox')
      .set({ status: 'pending', next_attempt_at: new Date(now) })
      .where('id', '=', id)
      .where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async log(filter: DeliveryFilter): Promise<Delivery[]> {
    let q = this.db.selectFrom('notify_outbox').selectAll();
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.ruleId) q = q.where('rule_id', '=', filter.ruleId);
    const before = filter.before;
    if (before) {
      const at = new Date(before.createdAt);
      q = q.where((eb) => eb.or([eb('created_at', '<', at), eb.and([eb('created_at', '=', at), eb('id', '<', before.id)])]));
    }
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(filter.limit ?? 50, MAX_LIST))
      .execute();
    return rows.map(toDelivery);
  }

  async get(id: string): Promise<Delivery | undefined> {
    const row = await this.db.selectFrom('notify_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toDelivery(row) : undefined;
  }
}

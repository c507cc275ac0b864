/**
 * Outcome notifications end to end: an ending that matches a rule becomes a row in the durable
 * outbox (one per rule and contact), and a single worker sends what is due, records each attempt
 * (outbox-state.ts) and sleeps until the next one is due. Started after a restart it finds the
 * pending rows where the last run left them: nothing is lost, and a repeat carries the same id.
 */
import type { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock, TimerHandle } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { Delivery, EndedContact, NewDelivery, NotifyRule, NotifyRuleInput, PublicTicketReply, SendResult } from './model.js';
import { afterAttempt } from './outbox-state.js';
import type { DeliveryFilter, DeliveryTargets, NotifyRuleStore, NotifySender, Outbox } from './ports.js';
import { carriesReply, checkRule, matches, smsBody, ticketReplyBody, webhookBody } from './rules.js';

export interface NotifyDeps {
  rules: NotifyRuleStore;
  outbox: Outbox;
  sender: NotifySender;
  /** The messaging connectors, for deliveries of kind `messaging` (absent: those fail). */
  targets?: DeliveryTargets;
  clock: Clock;
  log: Logger;
  newId: () => string;
  background: BackgroundTasks;
  /** Where `notify.delivery_changed` goes (the delivery log re-reads on it); none in tools and tests. */
  events?: Pick<EventBus, 'publish'>;
  /** The center's time zone, for {time} in SMS texts. */
  timeZone: string;
  /** How often the worker looks even when nothing is due (rows written by another daemon). */
  pollMs?: number;
  /** Deliveries sent per round. */
  batch?: number;
}

export class NotifyService {
  private rulesCache: NotifyRule[] | undefined;
  private timer: TimerHandle | undefined;
  private round: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(private readonly deps: NotifyDeps) {}

  // ---- rules ----

  async listRules(): Promise<NotifyRule[]> {
    return this.deps.rules.list();
  }

  async getRule(id: string): Promise<NotifyRule> {
    const rule = await this.deps.rules.find(id);
    if (!rule) throw new AppError('NOT_FOUND', `No notification rule ${id}`, { ruleId: id });
    return rule;
  }

  async createRule(input: NotifyRuleInput): Promise<NotifyRule> {
    checkRule(input);
    if (input.channel.kind === 'webhook' && !input.secret) throw new AppError('VALIDATION_FAILED', '/secret: a webhook is always signed: it needs a secret', { problems: [{ where: '/secret', reason: 'is required for a webhook' }] });
    const rule = await this.deps.rules.create(input);
    this.rulesCache = undefined;
    return rule;
  }

  async updateRule(id: string, input: NotifyRuleInput): Promise<NotifyRule> {
    checkRule(input);
    const before = await this.getRule(id);
    if (input.channel.kind === 'webhook' && input.secret === undefined && !before.hasSecret) {
      throw new AppError('VALIDATION_FAILED', '/secret: a webhook is always signed: it needs a secret', { problems: [{ where: '/secret', reason: 'is required for a webhook' }] });
    }
    const rule = await this.deps.rules.update(id, input);
    this.rulesCache = undefined;
    return rule;
  }

  async deleteRule(id: string): Promise<void> {
    if (!(await this.deps.rules.delete(id))) throw new AppError('NOT_FOUND', `No notification rule ${id}`, { ruleId: id });
    this.rulesCache = undefined;
  }

  // ---- deliveries ----

  listDeliveries(filter: DeliveryFilter): Promise<Delivery[]> {
    return this.deps.outbox.log(filter);
  }

  async retry(id: string): Promise<Delivery> {
    const d = await this.deps.outbox.get(id);
    if (!d) throw new AppError('NOT_FOUND', `No delivery ${id}`, { deliveryId: id });
    if (!(await this.deps.outbox.retry(id, this.deps.clock.now()))) {
      throw new AppError('INVALID_TRANSITION', `delivery ${id} is ${d.status}; only a failed one is retried`, { deliveryId: id, status: d.status });
    }
    this.changed(d.id, d.ruleId, 'pending', d.attempts);
    this.wake();
    return (await this.deps.outbox.get(id)) as Delivery;
  }

  // ---- endings in, deliveries out ----

  /** A call (or chat) ended: one outbox row per matching rule. */
  async ended(contact: EndedContact): Promise<void> {
    const rules = (await this.rules()).filter((r) => matches(r, contact));
    if (rules.length === 0) return;
    const now = this.deps.clock.now();
    const items: NewDelivery[] = [];
    for (const rule of rules) {
      const id = this.deps.newId();
      const body = rule.channel.kind === 'webhook' ? webhookBody(id, rule, contact) : smsBody(rule.channel, contact, this.timeText(contact.endedAt));
      if (body === undefined) {
        this.deps.log.info({ ruleId: rule.id, contactId: contact.id }, 'notification skipped: the contact has no customer number to text');
        continue;
      }
      items.push({ id, ruleId: rule.id, sourceId: contact.id, channel: rule.channel.kind, body, createdAt: now });
    }
    await this.deps.outbox.enqueue(items);
    for (const d of items) this.changed(d.id, d.ruleId, 'pending', 0);
    this.wake();
  }

  /** A public reply to a chat's ticket: one outbox row per webhook rule on that chat's queue (the reply id keys it, so once). */
  async ticketReplied(r: PublicTicketReply): Promise<void> {
    const rules = (await this.rules()).filter((rule) => carriesReply(rule, r.queueId));
    if (rules.length === 0) return;
    const now = this.deps.clock.now();
    const items: NewDelivery[] = rules.map((rule) => {
      const id = this.deps.newId();
      return { id, ruleId: rule.id, sourceId: r.replyId, channel: 'webhook', body: ticketReplyBody(id, rule, r), createdAt: now };
    });
    await this.deps.outbox.enqueue(items);
    for (const d of items) this.changed(d.id, d.ruleId, 'pending', 0);
    this.wake();
  }

  /**
   * Deliveries another area builds itself (messaging replies, kind `messaging`) in the same outbox,
   * with the same retries and restart safety. (ruleId, sourceId) keeps each once: enqueueing the
   * same source again (a catch-up after a restart) adds nothing.
   */
  async enqueueDeliveries(items: Omit<NewDelivery, 'id' | 'createdAt'>[]): Promise<void> {
    if (items.length === 0) return;
    const now = this.deps.clock.now();
    const rows: NewDelivery[] = items.map((item) => ({ ...item, id: this.deps.newId(), createdAt: now }));
    await this.deps.outbox.enqueue(rows);
    for (const d of rows) this.changed(d.id, d.ruleId, 'pending', 0);
    this.wake();
  }

  start(): void {
    this.stopped = false;
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
  }

  /** Resolves when the round running now (and one asked for meanwhile) is over: for tests. */
  async settle(): Promise<void> {
    while (this.round) await this.round;
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.round) {
      this.again = true;
      return;
    }
    this.deps.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.round = this.sendDue().finally(() => {
      this.round = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
    this.deps.background.run('notify outbox round', this.round);
  }

  private async sendDue(): Promise<void> {
    const { outbox, clock } = this.deps;
    const batch = this.deps.batch ?? 20;
    for (;;) {
      const due = await outbox.due(clock.now(), batch);
      for (const d of due) {
        if (this.stopped) return;
        await this.attempt(d);
      }
      if (due.length < batch || this.stopped) break;
    }
    if (this.stopped) return;
    const next = await outbox.nextDueAt();
    const poll = this.deps.pollMs ?? 30_000;
    const wait = next === undefined ? poll : Math.min(poll, Math.max(0, next - clock.now()));
    this.timer = clock.setTimeout(() => this.wake(), wait);
  }

  private async attempt(d: Delivery): Promise<void> {
    if (d.channel === 'messaging') return this.attemptMessaging(d);
    const { outbox, rules, sender } = this.deps;
    const rule = (await this.rules()).find((r) => r.id === d.ruleId) ?? (await rules.find(d.ruleId));
    if (!rule) {
      await outbox.record(d.id, { status: 'failed', attempts: d.attempts, error: 'the rule was deleted' });
      this.changed(d.id, d.ruleId, 'failed', d.attempts);
      return;
    }
    const secret = await rules.secretOf(rule.id);
    const result = await sender.send({ url: rule.channel.url, body: d.body, deliveryId: d.id, kind: d.channel, ...(secret ? { secret } : {}) });
    await this.recordAttempt(d, result);
  }

  /** A reply to a messaging platform: the connector's URL, signed with its secret. */
  private async attemptMessaging(d: Delivery): Promise<void> {
    const target = await this.deps.targets?.find(d.ruleId);
    if (!target?.enabled) {
      const error = target ? 'the messaging connector is disabled' : 'the messaging connector was deleted';
      await this.deps.outbox.record(d.id, { status: 'failed', attempts: d.attempts, error });
      this.changed(d.id, d.ruleId, 'failed', d.attempts);
      this.deps.log.warn({ deliveryId: d.id, connectorId: d.ruleId, error }, 'messaging reply not delivered');
      return;
    }
    const result = await this.deps.sender.send({ url: target.url, body: d.body, deliveryId: d.id, kind: 'webhook', secret: target.secret });
    await this.recordAttempt(d, result);
  }

  private async recordAttempt(d: Delivery, result: SendResult): Promise<void> {
    const { outbox, clock, log } = this.deps;
    const outcome = afterAttempt(d, result, clock.now());
    await outbox.record(d.id, outcome);
    this.changed(d.id, d.ruleId, outcome.status, outcome.attempts);
    const context = { deliveryId: d.id, ruleId: d.ruleId, kind: d.channel, attempts: outcome.attempts };
    if (outcome.status === 'delivered') log.info(context, 'notification delivered');
    else log.warn({ ...context, status: outcome.status, error: outcome.error, httpStatus: outcome.httpStatus }, 'notification not delivered');
  }

  private changed(deliveryId: string, ruleId: string, status: Delivery['status'], attempts: number): void {
    this.deps.events?.publish({ type: 'notify.delivery_changed', at: this.deps.clock.now(), scope: { adminOnly: true }, deliveryId, ruleId, status, attempts });
  }

  private async rules(): Promise<NotifyRule[]> {
    this.rulesCache ??= await this.deps.rules.list();
    return this.rulesCache;
  }

  private timeText(at: number): string {
    return new Intl.DateTimeFormat('en-GB', { timeZone: this.deps.timeZone, dateStyle: 'short', timeStyle: 'short' }).format(at);
  }
}

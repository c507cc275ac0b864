/** What outcome notifications need from the outside: their rules and outbox, and an HTTP sender. */
import type { Delivery, DeliveryStatus, NewDelivery, NotifyRule, NotifyRuleInput, SendResult } from './model.js';
import type { AttemptOutcome } from './outbox-state.js';

export interface NotifyRuleStore {
  list(): Promise<NotifyRule[]>;
  find(id: string): Promise<NotifyRule | undefined>;
  /** The secret for signing; never part of a NotifyRule. */
  secretOf(id: string): Promise<string | undefined>;
  create(input: NotifyRuleInput): Promise<NotifyRule>;
  update(id: string, input: NotifyRuleInput): Promise<NotifyRule>;
  delete(id: string): Promise<boolean>;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  ruleId?: string;
  /** Keyset paging, newest first: the last row's createdAt and id of the previous page. */
  before?: { createdAt: number; id: string };
  limit?: number;
}

export interface Outbox {
  /** Stores the new deliveries; one already there for the same (ruleId, sourceId) is kept, not repeated. */
  enqueue(items: NewDelivery[]): Promise<void>;
  /** Pending deliveries due at `now`, oldest first. */
  due(now: number, limit: number): Promise<Delivery[]>;
  /** The earliest nextAttemptAt of a pending delivery, if any. */
  nextDueAt(): Promise<number | undefined>;
  record(id: string, outcome: AttemptOutcome): Promise<void>;
  /** A failed delivery goes back to pending, due now; false when it is not failed. */
  retry(id: string, now: number): Promise<boolean>;
  /** The delivery log, newest first. */
  log(filter: DeliveryFilter): Promise<Delivery[]>;
  get(id: string): Promise<Delivery | undefined>;
}

export interface NotifySender {
  /** POSTs `body` as JSON; never throws (a failure is a SendResult). */
  send(request: { url: string; body: string; deliveryId: string; kind: 'webhook' | 'sms'; secret?: string }): Promise<SendResult>;
}

/**
 * Where deliveries of kind `messaging` go: the connector `ruleId` names (src/chat/messaging).
 * undefined: the connector was deleted; `enabled: false`: it is switched off. Either fails the delivery.
 */
export interface DeliveryTargets {
  find(id: string): Promise<{ url: string; secret: string; enabled: boolean } | undefined>;
}

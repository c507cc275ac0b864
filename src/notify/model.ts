/**
 * Outcome notifications: when a call ends with chosen outcomes (or a chat ends
 * with chosen endings) an SMS or a signed webhook goes out, at least once, from a durable outbox.
 *
 * A rule's secret (the webhook's HMAC key, the SMS gateway's bearer token) is kept apart from the
 * rest: reads return `hasSecret` only, so it never reaches a browser or a log.
 */
export type NotifyChannel =
  | { kind: 'webhook'; url: string }
  | {
      kind: 'sms';
      /** The HTTP SMS gateway: it receives `{ to, text }` as JSON with the secret as bearer token. */
      url: string;
      /** 'customer': the call's customer number; otherwise a fixed E.164 number (a team's duty phone). */
      to: 'customer' | string;
      /** Placeholders: {customer} {queue} {outcome} {time}. */
      template: string;
    };

export type NotifyTrigger =
  /** Empty `queueIds` means every queue (and calls that reached none, such as IVR abandons). */
  | { media: 'call'; outcomes: string[]; queueIds: string[] }
  | { media: 'chat'; endings: string[]; queueIds: string[] };

export interface NotifyRule {
  id: string;
  name: string;
  enabled: boolean;
  trigger: NotifyTrigger;
  channel: NotifyChannel;
  hasSecret: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface NotifyRuleInput {
  name: string;
  enabled?: boolean;
  trigger: NotifyTrigger;
  channel: NotifyChannel;
  /** Omitted on update: the stored secret stays; `null` removes it. */
  secret?: string | null;
}

/** What ended, as the rules see it: a call or a chat. */
export interface EndedContact {
  media: 'call' | 'chat';
  id: string;
  /** The call's outcome or the chat's ending. */
  outcome: string;
  queueId?: string;
  direction?: 'inbound' | 'outbound';
  /** The customer's number (the caller, or the number an agent dialed). */
  customer?: string;
  from?: string;
  to?: string;
  agentId?: string;
  startedAt?: number;
  answeredAt?: number;
  endedAt: number;
  hungUpBy?: string;
}

/**
 * A public reply to a ticket made from (or linked to) a chat: sent by the webhook rules of that
 * chat's queue, as the outcome's follow-up the customer's systems see. Internal replies never are.
 */
export interface PublicTicketReply {
  ticketId: string;
  subject: string;
  status: string;
  customerId: string | null;
  visitorId: string | null;
  chatId: string;
  queueId: string;
  replyId: string;
  body: string;
  at: number;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * What a delivery is: a rule's webhook or SMS, or a reply to a messaging platform
 * (src/chat/messaging: `ruleId` then names the connector, and the connector's URL and secret apply).
 */
export type DeliveryKind = NotifyChannel['kind'] | 'messaging';

/** One notification in the outbox; `id` is the idempotency key the receiver sees on every attempt. */
export interface Delivery {
  id: string;
  ruleId: string;
  /** The contact it is about: (ruleId, sourceId) is unique, so one ending notifies once per rule. */
  sourceId: string;
  channel: DeliveryKind;
  /** The request body, built once at enqueue so every retry sends the same bytes. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  lastHttpStatus?: number;
  createdAt: number;
  deliveredAt?: number;
}

export interface NewDelivery {
  id: string;
  ruleId: string;
  sourceId: string;
  channel: DeliveryKind;
  body: string;
  createdAt: number;
}

/** One attempt's result, as the sender saw it. */
export type SendResult = { ok: true; httpStatus: number } | { ok: false; httpStatus?: number; error: string };

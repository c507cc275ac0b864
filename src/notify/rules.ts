/**
 * Which endings a rule notifies about, whether a rule is well formed, and what is sent: pure, so
 * every definition is a table test (test/unit/notify/notify-rules.test.ts).
 */
import { CALL_OUTCOMES } from '../calls/call-model.js';
import { validationError, type FieldProblem } from '../core/errors.js';
import { isHttpUrl } from '../core/http-url.js';
import type { EndedContact, NotifyRule, NotifyRuleInput, PublicTicketReply } from './model.js';

/** Every outcome call handling gives (call-model.ts): any of them may be worth telling another system. */
export const NOTIFIABLE_CALL_OUTCOMES: readonly string[] = CALL_OUTCOMES;
/**
 * A chat's ending: the agent's outcome when they gave one (solved, unresolved, spam), else how it
 * ended (the visitor left or went quiet, nobody could serve it, the agent closed it without one).
 */
export const NOTIFIABLE_CHAT_ENDINGS = ['solved', 'unresolved', 'spam', 'visitor_left', 'visitor_inactive', 'no_agent', 'agent_ended'] as const;

export function chatEnding(e: { outcome?: string; reason: string }): string {
  return e.outcome ?? e.reason;
}

const MAX_NAME = 100;
const MAX_TEMPLATE = 480;
const E164 = /^\+[1-9]\d{6,14}$/;

export function matches(rule: Pick<NotifyRule, 'enabled' | 'trigger'>, ended: EndedContact): boolean {
  if (!rule.enabled || rule.trigger.media !== ended.media) return false;
  const outcomes: readonly string[] = rule.trigger.media === 'call' ? rule.trigger.outcomes : rule.trigger.endings;
  if (!outcomes.includes(ended.outcome)) return false;
  return rule.trigger.queueIds.length === 0 || (ended.queueId !== undefined && rule.trigger.queueIds.includes(ended.queueId));
}

/** Throws VALIDATION_FAILED naming every problem (JSON pointers into the request body). */
export function checkRule(input: NotifyRuleInput): void {
  const problems: FieldProblem[] = [];
  if (input.name.trim() === '' || input.name.length > MAX_NAME) problems.push({ where: '/name', reason: `must be 1 to ${MAX_NAME} characters` });
  const t = input.trigger;
  const allowed: readonly string[] = t.media === 'call' ? NOTIFIABLE_CALL_OUTCOMES : NOTIFIABLE_CHAT_ENDINGS;
  const chosen = t.media === 'call' ? t.outcomes : t.endings;
  const key = t.media === 'call' ? 'outcomes' : 'endings';
  if (chosen.length === 0) problems.push({ where: `/trigger/${key}`, reason: 'must name at least one' });
  chosen.forEach((o, i) => {
    if (!allowed.includes(o)) problems.push({ where: `/trigger/${key}/${i}`, reason: `unknown ${t.media === 'call' ? 'outcome' : 'ending'} "${o}"; one of ${allowed.join(', ')}` });
  });
  const c = input.channel;
  if (!isHttpUrl(c.url)) problems.push({ where: '/channel/url', reason: 'must be an http or https URL' });
  if (c.kind === 'sms') {
    if (c.to !== 'customer' && !E164.test(c.to)) problems.push({ where: '/channel/to', reason: 'must be "customer" or an E.164 number such as +8613800138000' });
    if (c.template.trim() === '' || c.template.length > MAX_TEMPLATE) problems.push({ where: '/channel/template', reason: `must be 1 to ${MAX_TEMPLATE} characters` });
  }
  if (c.kind === 'webhook' && input.secret === null) problems.push({ where: '/secret', reason: 'a webhook is always signed: it needs a secret' });
  if (problems.length > 0) throw validationError(problems);
}

/**
 * The webhook's JSON body (documented in docs/notifications.md). `id` is the delivery id: the same
 * on every retry, so a receiver drops what it has already seen.
 */
export function webhookBody(deliveryId: string, rule: Pick<NotifyRule, 'id' | 'name'>, ended: EndedContact): string {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  return JSON.stringify({
    id: deliveryId,
    type: ended.media === 'call' ? 'call.outcome' : 'chat.ending',
    rule: { id: rule.id, name: rule.name },
    occurredAt: iso(ended.endedAt),
    [ended.media]: {
      id: ended.id,
      outcome: ended.outcome,
      direction: ended.direction ?? null,
      customer: ended.customer ?? null,
      from: ended.from ?? null,
      to: ended.to ?? null,
      queueId: ended.queueId ?? null,
      agentId: ended.agentId ?? null,
      hungUpBy: ended.hungUpBy ?? null,
      startedAt: iso(ended.startedAt),
      answeredAt: iso(ended.answeredAt),
      endedAt: iso(ended.endedAt),
    },
  });
}

/**
 * Webhook rules on chats also carry the public replies of tickets made from the chats they cover
 * (their queues; none named: every queue), whatever the ending: a reply is the outcome's sequel.
 */
export function carriesReply(rule: Pick<NotifyRule, 'enabled' | 'trigger' | 'channel'>, queueId: string): boolean {
  if (!rule.enabled || rule.trigger.media !== 'chat' || rule.channel.kind !== 'webhook') return false;
  return rule.trigger.queueIds.length === 0 || rule.trigger.queueIds.includes(queueId);
}

export function ticketReplyBody(deliveryId: string, rule: Pick<NotifyRule, 'id' | 'name'>, r: PublicTicketReply): string {
  return JSON.stringify({
    id: deliveryId,
    type: 'ticket.public_reply',
    rule: { id: rule.id, name: rule.name },
    occurredAt: new Date(r.at).toISOString(),
    ticket: { id: r.ticketId, subject: r.subject, status: r.status, customerId: r.customerId, visitorId: r.visitorId, chatId: r.chatId, queueId: r.queueId },
    reply: { id: r.replyId, body: r.body, at: new Date(r.at).toISOString() },
  });
}

/** The SMS gateway's body, or undefined when there is nobody to send it to (no customer number). */
export function smsBody(channel: Extract<NotifyRule['channel'], { kind: 'sms' }>, ended: EndedContact, timeText: string): string | undefined {
  const to = channel.to === 'customer' ? ended.customer : channel.to;
  if (!to || !E164.test(to)) return undefined;
  const values: Record<string, string> = { customer: ended.customer ?? '', queue: ended.queueId ?? '', outcome: ended.outcome, time: timeText };
  const text = channel.template.replace(/\{(customer|queue|outcome|time)\}/g, (_m, k: string) => values[k] ?? '');
  return JSON.stringify({ to, text });
}

/**
 * The rule dialog's fields and the request they make. The outcome list mirrors the daemon's
 * CALL_OUTCOMES (src/calls/call-model.ts, every one notifiable) in the order a person reads them,
 * because nothing of the server reaches the bundle; test/unit/web/notify-rule-form.test.ts keeps
 * the two the same set.
 */
import type { NotifyRule, NotifyRuleInput } from '../api/types.js';

export const CALL_OUTCOMES = [
  'agent_answered',
  'ring_no_answer',
  'caller_quick_hangup',
  'ivr_abandon',
  'queue_abandon',
  'queue_timeout',
  'out_of_hours',
  'ivr_completed',
  'ivr_transferred',
  'ivr_error',
  'outbound_answered',
  'outbound_no_answer',
  'outbound_busy',
  'outbound_failed',
  'outbound_agent_no_answer',
  'outbound_cancelled',
  'lost_on_restart',
] as const;

/** A chat's endings a rule may pick (the daemon's NOTIFIABLE_CHAT_ENDINGS, src/notify/rules.ts). */
export const CHAT_ENDINGS = ['solved', 'unresolved', 'spam', 'visitor_left', 'visitor_inactive', 'no_agent', 'agent_ended'] as const;

export interface RuleForm {
  name: string;
  enabled: boolean;
  /** Which contacts the rule is about: the outcomes below are call outcomes or chat endings. */
  media: 'call' | 'chat';
  outcomes: string[];
  /** Empty: every queue. */
  queueIds: string[];
  kind: 'webhook' | 'sms';
  url: string;
  /** SMS: to the call's customer, or to a fixed number. */
  toCustomer: boolean;
  toNumber: string;
  template: string;
  /** Blank when editing: the stored secret stays. */
  secret: string;
}

export function formOf(rule?: NotifyRule): RuleForm {
  const base: RuleForm = { name: '', enabled: true, media: 'call', outcomes: ['queue_abandon'], queueIds: [], kind: 'webhook', url: '', toCustomer: true, toNumber: '', template: '', secret: '' };
  if (!rule) return base;
  const t = rule.trigger;
  const c = rule.channel;
  return {
    ...base,
    name: rule.name,
    enabled: rule.enabled,
    media: t.media,
    outcomes: t.media === 'call' ? [...t.outcomes] : [...t.endings],
    queueIds: [...t.queueIds],
    kind: c.kind,
    url: c.url,
    ...(c.kind === 'sms' ? { toCustomer: c.to === 'customer', toNumber: c.to === 'customer' ? '' : c.to, template: c.template } : {}),
  };
}

/** The request body; a blank secret is left out (on an edit the stored one is kept). */
export function inputOf(form: RuleForm): NotifyRuleInput {
  const channel: NotifyRuleInput['channel'] =
    form.kind === 'webhook' ? { kind: 'webhook', url: form.url.trim() } : { kind: 'sms', url: form.url.trim(), to: form.toCustomer ? 'customer' : form.toNumber.trim(), template: form.template };
  const secret = form.secret === '' ? undefined : form.secret;
  return {
    name: form.name,
    enabled: form.enabled,
    trigger: form.media === 'call' ? { media: 'call', outcomes: [...form.outcomes], queueIds: [...form.queueIds] } : { media: 'chat', endings: [...form.outcomes], queueIds: [...form.queueIds] },
    channel,
    ...(secret !== undefined ? { secret } : {}),
  };
}

/** Toggles one value in a list, keeping the list's order stable for the request. */
export function toggled(list: readonly string[], value: string, on: boolean): string[] {
  return on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
}

/**
 * A problem the daemon named, by the form field it belongs to: "/channel/url" (the rule's own
 * checks) and "/body/channel/url" (the request schema) both -> "url".
 */
export function fieldOf(pointer: string): keyof RuleForm | undefined {
  const where = pointer.startsWith('/body/') ? pointer.slice('/body'.length) : pointer;
  if (where === '/name') return 'name';
  if (where.startsWith('/trigger/outcomes') || where.startsWith('/trigger/endings')) return 'outcomes';
  if (where === '/channel/url') return 'url';
  if (where === '/channel/to') return 'toNumber';
  if (where === '/channel/template') return 'template';
  if (where === '/secret') return 'secret';
  return undefined;
}

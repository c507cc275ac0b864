/**
 * Issue 14, outcome notifications: which endings a rule notifies about, what a well-formed rule
 * is, what an SMS says, and what happens after each attempt (the outbox's state machine).
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import type { EndedContact, NotifyRuleInput } from '../../../src/notify/model.js';
import { afterAttempt, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '../../../src/notify/outbox-state.js';
import { carriesReply, checkRule, matches, NOTIFIABLE_CALL_OUTCOMES, smsBody, ticketReplyBody } from '../../../src/notify/rules.js';

const call = (outcome: string, queueId?: string): EndedContact => ({ media: 'call', id: 'c1', outcome, endedAt: 0, customer: '+8613800138000', ...(queueId ? { queueId } : {}) });
const rule = (outcomes: string[], queueIds: string[] = [], enabled = true) => ({ enabled, trigger: { media: 'call' as const, outcomes, queueIds } });

function problems(input: NotifyRuleInput): string[] {
  try {
    checkRule(input);
  } catch (err) {
    if (err instanceof AppError) return (err.details as { problems: { where: string }[] }).problems.map((p) => p.where);
    throw err;
  }
  return [];
}

const webhook = (over: Partial<NotifyRuleInput> = {}): NotifyRuleInput => ({ name: 'n', trigger: { media: 'call', outcomes: ['queue_abandon'], queueIds: [] }, channel: { kind: 'webhook', url: 'https://crm.example/hook' }, secret: 's'.repeat(16), ...over });

describe('which endings a rule notifies about', () => {
  it.each([
    ['the outcome named, any queue', rule(['queue_abandon']), call('queue_abandon', 'sales'), true],
    ['the outcome named, no queue (an IVR abandon)', rule(['ivr_abandon']), call('ivr_abandon'), true],
    ['another outcome', rule(['queue_abandon']), call('agent_answered', 'sales'), false],
    ['the queue named', rule(['queue_abandon'], ['vip']), call('queue_abandon', 'vip'), true],
    ['another queue', rule(['queue_abandon'], ['vip']), call('queue_abandon', 'sales'), false],
    ['a queue rule, a call that reached no queue', rule(['ivr_abandon'], ['vip']), call('ivr_abandon'), false],
    ['a disabled rule', rule(['queue_abandon'], [], false), call('queue_abandon', 'sales'), false],
    ['a chat rule, a call', { enabled: true, trigger: { media: 'chat' as const, endings: ['queue_abandon'], queueIds: [] } }, call('queue_abandon'), false],
  ])('given %s then it matches: %s', (_what, r, ended, expected) => {
    expect(matches(r, ended)).toBe(expected);
  });

  it('given every notifiable call outcome when a rule names it then an ending with it matches and no other does', () => {
    for (const o of NOTIFIABLE_CALL_OUTCOMES) {
      expect(NOTIFIABLE_CALL_OUTCOMES.filter((other) => matches(rule([o]), call(other)))).toEqual([o]);
    }
  });
});

describe('a well-formed rule', () => {
  it('given a complete webhook rule then it has no problems', () => {
    expect(problems(webhook())).toEqual([]);
  });

  it.each([
    ['an unknown outcome', webhook({ trigger: { media: 'call', outcomes: ['queue_abandon', 'hung_up_angrily'], queueIds: [] } }), ['/trigger/outcomes/1']],
    ['no outcome', webhook({ trigger: { media: 'call', outcomes: [], queueIds: [] } }), ['/trigger/outcomes']],
    ['a chat ending that does not exist', webhook({ trigger: { media: 'chat', endings: ['closed'], queueIds: [] } }), ['/trigger/endings/0']],
    ['a URL that is not http(s)', webhook({ channel: { kind: 'webhook', url: 'file:///etc/passwd' } }), ['/channel/url']],
    ['a URL with credentials in it', webhook({ channel: { kind: 'webhook', url: 'https://user:pw@crm.example/' } }), ['/channel/url']],
    ['a webhook whose secret is removed', webhook({ secret: null }), ['/secret']],
    ['an SMS to a number that is not E.164', webhook({ channel: { kind: 'sms', url: 'https://sms.example/send', to: '13800138000', template: 'x' } }), ['/channel/to']],
    ['an SMS with a blank text', webhook({ channel: { kind: 'sms', url: 'https://sms.example/send', to: 'customer', template: '  ' } }), ['/channel/template']],
    ['a blank name', webhook({ name: ' ' }), ['/name']],
  ])('given %s then the problem is at %j', (_what, input, where) => {
    expect(problems(input)).toEqual(where);
  });
});

describe('the SMS text', () => {
  const channel = { kind: 'sms' as const, url: 'https://sms.example/send', to: 'customer', template: '您好 {customer}，您在 {queue} 的来电（{outcome}，{time}）我们会回电。' };
  it('given a template with placeholders when a caller abandons then the text has their number, queue, outcome and time', () => {
    expect(JSON.parse(smsBody(channel, call('queue_abandon', 'vip'), '06/12/2026, 09:00') as string)).toEqual({
      to: '+8613800138000',
      text: '您好 +8613800138000，您在 vip 的来电（queue_abandon，06/12/2026, 09:00）我们会回电。',
    });
  });

  it('given an SMS to the customer when the call has no usable number then there is nothing to send', () => {
    expect(smsBody(channel, { ...call('queue_abandon'), customer: 'anonymous' }, 't')).toBeUndefined();
  });
});

describe('after an attempt', () => {
  it.each([
    ['a 2xx', { ok: true as const, httpStatus: 204 }, 0, { status: 'delivered', attempts: 1, deliveredAt: 1000, httpStatus: 204 }],
    ['a 503', { ok: false as const, httpStatus: 503, error: 'e' }, 0, { status: 'pending', attempts: 1, nextAttemptAt: 1000 + RETRY_DELAYS_MS[0] }],
    ['a 429 (slow down)', { ok: false as const, httpStatus: 429, error: 'e' }, 1, { status: 'pending', attempts: 2, nextAttemptAt: 1000 + RETRY_DELAYS_MS[1] }],
    ['a 408 (timeout)', { ok: false as const, httpStatus: 408, error: 'e' }, 0, { status: 'pending', attempts: 1 }],
    ['no answer at all', { ok: false as const, error: 'no answer: ECONNREFUSED' }, 0, { status: 'pending', attempts: 1 }],
    ['a 400 (refused as such)', { ok: false as const, httpStatus: 400, error: 'e' }, 0, { status: 'failed', attempts: 1, httpStatus: 400 }],
    ['a 410', { ok: false as const, httpStatus: 410, error: 'e' }, 3, { status: 'failed', attempts: 4 }],
    ['a 503 on the last attempt', { ok: false as const, httpStatus: 503, error: 'e' }, MAX_ATTEMPTS - 1, { status: 'failed', attempts: MAX_ATTEMPTS }],
  ])('given %s then the delivery is %j', (_what, result, attempts, expected) => {
    expect(afterAttempt({ attempts }, result, 1000)).toMatchObject(expected);
  });
});

describe('public ticket replies on chat webhook rules', () => {
  const chatRule = (queueIds: string[], kind: 'webhook' | 'sms' = 'webhook', enabled = true) => ({
    enabled,
    trigger: { media: 'chat' as const, endings: ['solved'], queueIds },
    channel: kind === 'webhook' ? { kind, url: 'https://crm.example/hook' } : { kind, url: 'https://sms.example', to: 'customer', template: 'x' },
  });

  it('given webhook rules on chats then those of the chat’s queue, or of every queue, carry the reply; SMS, call and disabled rules do not', () => {
    expect(carriesReply(chatRule(['q1']), 'q1')).toBe(true);
    expect(carriesReply(chatRule([]), 'q1')).toBe(true);
    expect(carriesReply(chatRule(['q2']), 'q1')).toBe(false);
    expect(carriesReply(chatRule(['q1'], 'sms'), 'q1')).toBe(false);
    expect(carriesReply(chatRule(['q1'], 'webhook', false), 'q1')).toBe(false);
    expect(carriesReply({ ...chatRule([]), trigger: { media: 'call', outcomes: ['agent_answered'], queueIds: [] } }, 'q1')).toBe(false);
  });

  it('given a public reply then the webhook body names the ticket, its chat and the reply', () => {
    const body = JSON.parse(
      ticketReplyBody('d1', { id: 'r1', name: 'CRM' }, { ticketId: 't1', subject: 'Parcel', status: 'open', customerId: null, visitorId: 'v1', chatId: 'c1', queueId: 'q1', replyId: 'p1', body: 'On its way', at: Date.UTC(2026, 11, 7) }),
    );
    expect(body).toEqual({
      id: 'd1',
      type: 'ticket.public_reply',
      rule: { id: 'r1', name: 'CRM' },
      occurredAt: '2026-12-07T00:00:00.000Z',
      ticket: { id: 't1', subject: 'Parcel', status: 'open', customerId: null, visitorId: 'v1', chatId: 'c1', queueId: 'q1' },
      reply: { id: 'p1', body: 'On its way', at: '2026-12-07T00:00:00.000Z' },
    });
  });
});

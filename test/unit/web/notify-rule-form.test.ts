/** The notification rule dialog's fields: the outcome list, the request, and where a refusal shows. */
import { describe, expect, it } from 'vitest';
import { NOTIFIABLE_CALL_OUTCOMES, NOTIFIABLE_CHAT_ENDINGS } from '../../../src/notify/rules.js';
import { CALL_OUTCOMES, CHAT_ENDINGS, fieldOf, formOf, inputOf } from '../../../src/web/notifications/rule-form.js';

describe('the notification rule form', () => {
  it('given the daemon list of notifiable outcomes then the page offers exactly those, each once', () => {
    expect([...CALL_OUTCOMES].sort()).toEqual([...NOTIFIABLE_CALL_OUTCOMES].sort());
    expect(new Set(CALL_OUTCOMES).size).toBe(CALL_OUTCOMES.length);
    expect([...CHAT_ENDINGS].sort()).toEqual([...NOTIFIABLE_CHAT_ENDINGS].sort());
  });

  it('given a chat rule when it is edited and saved then it stays a chat rule with its endings', () => {
    const form = formOf({ id: 'r2', name: 'Spam', enabled: true, trigger: { media: 'chat', endings: ['spam'], queueIds: [] }, channel: { kind: 'webhook', url: 'https://crm.example/h' }, hasSecret: true, createdAt: 0, updatedAt: 0 });
    expect(form).toMatchObject({ media: 'chat', outcomes: ['spam'] });
    expect(inputOf(form).trigger).toEqual({ media: 'chat', endings: ['spam'], queueIds: [] });
    expect(fieldOf('/trigger/endings/0')).toBe('outcomes');
  });

  it('given an edited rule with the secret field left empty when saved then the request leaves the secret out (the stored one is kept)', () => {
    const form = formOf({ id: 'r1', name: 'CRM', enabled: true, trigger: { media: 'call', outcomes: ['ivr_abandon'], queueIds: ['q1'] }, channel: { kind: 'webhook', url: 'https://crm.example/h' }, hasSecret: true, createdAt: 0, updatedAt: 0 });
    expect(inputOf(form)).toEqual({ name: 'CRM', enabled: true, trigger: { media: 'call', outcomes: ['ivr_abandon'], queueIds: ['q1'] }, channel: { kind: 'webhook', url: 'https://crm.example/h' } });
    expect(inputOf({ ...form, secret: 'new-secret-0123456789' }).secret).toBe('new-secret-0123456789');
  });

  it('given an SMS rule to the customer then the request names "customer", and to a fixed number that number', () => {
    const form = { ...formOf(), kind: 'sms' as const, url: ' https://sms.example/send ', template: 'Hi {customer}' };
    expect(inputOf(form).channel).toEqual({ kind: 'sms', url: 'https://sms.example/send', to: 'customer', template: 'Hi {customer}' });
    expect(inputOf({ ...form, toCustomer: false, toNumber: '+8613800138000' }).channel).toMatchObject({ to: '+8613800138000' });
  });

  it.each([
    ['/channel/url', 'url'],
    ['/body/channel/url', 'url'],
    ['/trigger/outcomes/2', 'outcomes'],
    ['/body/secret', 'secret'],
    ['/channel/to', 'toNumber'],
    ['/body/name', 'name'],
    ['/body/channel', undefined],
  ])('given the daemon refuses %s then the message shows at field %s', (where, field) => {
    expect(fieldOf(where)).toBe(field);
  });
});

/** Leave-a-message domain: template rules and a left message checked against its template. */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { checkLeftMessage, ticketOfLeftMessage } from '../../../src/tickets/leave-message.js';
import { checkTemplate, type LeaveMessageTemplate, type TemplateField } from '../../../src/tickets/leave-message-template.js';

const field = (name: string, kind: TemplateField['kind'], required: boolean): TemplateField => ({ name, label: { en: name.toUpperCase(), zh: `字段${name}` }, kind, required });

const template: LeaveMessageTemplate = {
  id: 'tpl1',
  channel: 'web',
  businessLine: 'after_sales',
  name: { en: 'After-sales', zh: '售后' },
  fields: [field('name', 'text', true), field('email', 'email', false), field('phone', 'phone', false), field('body', 'long_text', true)],
  enabled: true,
  createdAt: 0,
  updatedAt: 0,
};

function codeOf(fn: () => unknown): { code: string; details: unknown } {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('checkTemplate', () => {
  it('given no fields when checked then TEMPLATE_NO_FIELDS', () => {
    expect(codeOf(() => checkTemplate({ fields: [] }))).toEqual({ code: 'TEMPLATE_NO_FIELDS', details: { where: '/fields' } });
  });

  it('given a field of an unknown kind when checked then TEMPLATE_FIELD_KIND_UNKNOWN pointing at it', () => {
    const r = codeOf(() => checkTemplate({ fields: [{ name: 'a', kind: 'text' }, { name: 'b', kind: 'date' }] }));
    expect(r.code).toBe('TEMPLATE_FIELD_KIND_UNKNOWN');
    expect(r.details).toMatchObject({ where: '/fields/1/kind', kind: 'date' });
  });

  it('given two fields of one name when checked then TEMPLATE_FIELD_DUPLICATE pointing at the second', () => {
    const r = codeOf(() => checkTemplate({ fields: [{ name: 'a', kind: 'text' }, { name: 'b', kind: 'email' }, { name: 'a', kind: 'phone' }] }));
    expect(r).toEqual({ code: 'TEMPLATE_FIELD_DUPLICATE', details: { where: '/fields/2/name', name: 'a' } });
  });

  it('given distinct fields of known kinds when checked then it passes', () => {
    expect(() => checkTemplate(template)).not.toThrow();
  });
});

describe('checkLeftMessage', () => {
  it('given a field the template lacks when checked then MESSAGE_FIELD_UNKNOWN naming it', () => {
    const r = codeOf(() => checkLeftMessage(template, { name: 'Vera', body: 'hi', shoeSize: '42' }));
    expect(r).toEqual({ code: 'MESSAGE_FIELD_UNKNOWN', details: { where: '/fields/shoeSize', field: 'shoeSize' } });
  });

  it('given a required field blank when checked then MESSAGE_FIELD_REQUIRED naming it', () => {
    expect(codeOf(() => checkLeftMessage(template, { name: 'Vera', body: '   ' })).details).toEqual({ where: '/fields/body', field: 'body' });
  });

  it.each([
    ['email', 'vera.example.com'],
    ['email', 'vera@example'],
    ['phone', '12ab34567'],
    ['phone', '123'],
  ])('given a bad %s %s when checked then MESSAGE_FIELD_INVALID naming it', (name, value) => {
    const r = codeOf(() => checkLeftMessage(template, { name: 'Vera', body: 'hi', [name]: value }));
    expect(r.code).toBe('MESSAGE_FIELD_INVALID');
    expect(r.details).toMatchObject({ field: name });
  });

  it('given good values with spaces and an empty optional field when checked then trimmed values without the empty one', () => {
    expect(checkLeftMessage(template, { name: ' Vera ', email: 'vera@example.com', phone: '', body: 'Broken hinge\nsince May' })).toEqual({ name: 'Vera', email: 'vera@example.com', body: 'Broken hinge\nsince May' });
  });

  it('given a text longer than its kind allows when checked then MESSAGE_FIELD_INVALID', () => {
    expect(codeOf(() => checkLeftMessage(template, { name: 'x'.repeat(201), body: 'hi' })).code).toBe('MESSAGE_FIELD_INVALID');
  });
});

describe('ticketOfLeftMessage', () => {
  it('given checked values when made into a ticket then the subject has the template and the long text, the description every field, the visitor owns it', () => {
    const t = ticketOfLeftMessage(template, { name: 'Vera', phone: '+49 30 1234567', body: 'Broken hinge\nsince May' }, 'v1', 'en');
    expect(t).toEqual({ subject: 'After-sales: Broken hinge', description: 'NAME: Vera\nPHONE: +49 30 1234567\nBODY: Broken hinge\nsince May', visitorId: 'v1' });
  });

  it('given a center working in Chinese when a message is made into a ticket then the template name and labels are the Chinese ones and the values stay as written', () => {
    const t = ticketOfLeftMessage(template, { name: 'Vera', body: '铰链坏了\n五月起' }, 'v1', 'zh-CN');
    expect(t).toEqual({ subject: '售后：铰链坏了', description: '字段name：Vera\n字段body：铰链坏了\n五月起', visitorId: 'v1' });
  });
});

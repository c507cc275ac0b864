import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { checkCustomValues, checkFieldDefinition, isCalendarDate } from '../../../src/customers/custom-fields.js';
import type { CustomField } from '../../../src/customers/model.js';

const stamp = { createdAt: 0, updatedAt: 0, position: 0 };
const fields: CustomField[] = [
  { id: 'f1', key: 'contract_no', label: 'Contract', type: 'text', options: [], ...stamp },
  { id: 'f2', key: 'seats', label: 'Seats', type: 'number', options: [], ...stamp },
  { id: 'f3', key: 'renewal', label: 'Renewal', type: 'date', options: [], ...stamp },
  { id: 'f4', key: 'plan', label: 'Plan', type: 'choice', options: ['basic', 'pro'], ...stamp },
];

function codeAndWhere(fn: () => unknown): { code: string; where: string[] } {
  try {
    fn();
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { code: err.code, where: (err.details as { problems: { where: string }[] }).problems.map((p) => p.where) };
  }
  throw new Error('expected a refusal');
}

describe('custom field values', () => {
  it('given values of every type that fit when checked then they are kept (text trimmed) and null or empty text dropped', () => {
    expect(checkCustomValues(fields, { contract_no: ' C-1 ', seats: 12, renewal: '2027-02-28', plan: 'pro' })).toEqual({ contract_no: 'C-1', seats: 12, renewal: '2027-02-28', plan: 'pro' });
    expect(checkCustomValues(fields, { contract_no: '', seats: null })).toEqual({});
  });

  it('given a field nobody defined when checked then CUSTOMER_FIELD_UNKNOWN names it', () => {
    expect(codeAndWhere(() => checkCustomValues(fields, { shoe_size: 42, seats: 'many' }))).toEqual({ code: 'CUSTOMER_FIELD_UNKNOWN', where: ['/custom/shoe_size'] });
  });

  it('given values of the wrong type when checked then CUSTOMER_FIELD_INVALID names each field', () => {
    expect(codeAndWhere(() => checkCustomValues(fields, { contract_no: 7, seats: '12', renewal: '2027-02-30', plan: 'gold' }))).toEqual({
      code: 'CUSTOMER_FIELD_INVALID',
      where: ['/custom/contract_no', '/custom/seats', '/custom/renewal', '/custom/plan'],
    });
  });

  it('given calendar dates when checked then only real days pass', () => {
    expect(['2028-02-29', '2027-12-31'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2027-02-29', '2027-13-01', '27-01-01', '2027-1-1'].map(isCalendarDate)).toEqual([false, false, false, false]);
  });
});

describe('custom field definitions', () => {
  it('given a choice without options, a bad key and options on a text field then each is named', () => {
    expect(codeAndWhere(() => checkFieldDefinition({ key: 'Plan', label: ' ', type: 'choice' }))).toEqual({ code: 'VALIDATION_FAILED', where: ['/key', '/label', '/options'] });
    expect(codeAndWhere(() => checkFieldDefinition({ key: 'note', label: 'Note', type: 'text', options: ['a'] }))).toEqual({ code: 'VALIDATION_FAILED', where: ['/options'] });
    expect(codeAndWhere(() => checkFieldDefinition({ key: 'plan', label: 'Plan', type: 'choice', options: ['a', 'a'] }))).toEqual({ code: 'VALIDATION_FAILED', where: ['/options/1'] });
  });
});

import { describe, expect, it } from 'vitest';
import { draftOf, emptyField, fieldIndexOf, inputOf, isComplete, moveField } from '../../../src/web/leave-message-templates/template-form.js';

const field = (name: string) => ({ ...emptyField(), name, labelEn: name.toUpperCase(), labelZh: `字段${name}` });

describe('the leave-message template form', () => {
  it('given three fields when the last moves up then it swaps with the middle one, and the first cannot move up', () => {
    const [a, b, c] = [field('a'), field('b'), field('c')];
    expect(moveField([a, b, c], 2, -1).map((f) => f.name)).toEqual(['a', 'c', 'b']);
    expect(moveField([a, b, c], 0, -1).map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(moveField([a, b, c], 2, 1).map((f) => f.name)).toEqual(['a', 'b', 'c']);
  });

  it('given a refusal pointing at /fields/1/name then the row is 1; without a field pointer there is none', () => {
    expect(fieldIndexOf({ where: '/fields/1/name' })).toBe(1);
    expect(fieldIndexOf({ where: '/fields' })).toBeUndefined();
    expect(fieldIndexOf(undefined)).toBeUndefined();
  });

  it('given a stored template when it is drafted and sent back then the daemon gets the same template, trimmed', () => {
    const stored = { id: 't1', channel: 'app' as const, businessLine: 'after_sales', name: { en: 'Repair', zh: '维修' }, enabled: false, createdAt: 1, updatedAt: 2, fields: [{ name: 'order', label: { en: 'Order', zh: '订单' }, kind: 'text', required: true }] };
    const draft = draftOf(stored);
    draft.nameEn = '  Repair  ';
    expect(inputOf(draft)).toEqual({ channel: 'app', businessLine: 'after_sales', name: { en: 'Repair', zh: '维修' }, enabled: false, fields: stored.fields });
  });

  it('given a field or the name without its Chinese words then the draft is not complete', () => {
    const draft = { channel: 'web' as const, businessLine: 'pre_sales', nameEn: 'Sales', nameZh: '销售', enabled: true, fields: [{ ...field('email'), labelZh: ' ' }] };
    expect(isComplete(draft)).toBe(false);
    expect(isComplete({ ...draft, fields: [field('email')] })).toBe(true);
    expect(isComplete({ ...draft, nameZh: ' ', fields: [field('email')] })).toBe(false);
  });
});

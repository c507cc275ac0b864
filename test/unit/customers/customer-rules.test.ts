import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { changedFields, normalizeCustomer, patchedInput } from '../../../src/customers/customer-rules.js';
import type { Customer } from '../../../src/customers/model.js';

const stored: Customer = {
  id: 'c1',
  name: 'Grace',
  company: 'Navy',
  level: 'gold',
  phones: ['+15550100200'],
  emails: ['grace@example.org'],
  chatVisitors: ['v1'],
  messaging: [{ platform: 'wechat', id: 'wx-1' }],
  tags: ['navy'],
  notes: 'n',
  profile: { age: 40 },
  custom: { plan: 'pro', seats: 3 },
  createdAt: 1,
  updatedAt: 1,
};

describe('customer input rules', () => {
  it('given numbers in any notation, e-mails in capitals and a messaging platform in capitals then they are normalized', () => {
    const c = normalizeCustomer({ name: ' 王小明 ', phones: ['0044 20 7946 0018'], emails: ['Wang@Example.CN'], messaging: [{ platform: 'WeChat', id: ' wx-9 ' }], profile: { gender: ' ', needs: ' quiet ' } });
    expect(c).toMatchObject({ name: '王小明', phones: ['+442079460018'], emails: ['wang@example.cn'], messaging: [{ platform: 'wechat', id: 'wx-9' }], profile: { needs: 'quiet' } });
  });

  it('given an identity listed twice or a blank name then VALIDATION_FAILED names each entry', () => {
    try {
      normalizeCustomer({ name: ' ', emails: ['a@b.c', 'A@B.C'], chatVisitors: ['v', 'v'], phones: ['+1 555 0100', '15550100'] });
      throw new Error('expected a refusal');
    } catch (err) {
      if (!isAppError(err, 'VALIDATION_FAILED')) throw err;
      expect((err.details as { problems: { where: string }[] }).problems.map((p) => p.where)).toEqual(['/name', '/emails/1', '/chatVisitors/1']);
    }
  });

  it('given a patch of the company and one custom value (another cleared) then the rest of the customer stays', () => {
    const input = patchedInput(stored, { company: 'ACME', custom: { seats: 5, plan: null } });
    expect(input).toMatchObject({ name: 'Grace', company: 'ACME', phones: ['+15550100200'], chatVisitors: ['v1'], custom: { seats: 5, plan: null } });
  });

  it('given a change of company and tags then exactly those fields are reported changed', () => {
    expect(changedFields(stored, { ...stored, company: 'ACME', tags: ['navy', 'vip'] })).toEqual(['company', 'tags']);
  });
});

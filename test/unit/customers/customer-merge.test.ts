import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { planMerge } from '../../../src/customers/customer-merge.js';
import type { Customer } from '../../../src/customers/model.js';

const base = { company: '', phones: [], emails: [], chatVisitors: [], messaging: [], tags: [], notes: '', profile: {}, custom: {}, createdAt: 1, updatedAt: 1 };
const kept: Customer = { ...base, id: 'k', name: 'Wang Fang', level: 'silver', phones: ['+8613800138000'], tags: ['invoice'], notes: 'Kept note', profile: { age: 40 }, custom: { plan: 'pro' } };
const merged: Customer = {
  ...base,
  id: 'm',
  name: '王芳',
  company: '华为',
  level: 'vip',
  phones: ['+8613800138000', '+4930111222'],
  emails: ['wf@example.cn'],
  chatVisitors: ['vis-1'],
  messaging: [{ platform: 'wechat', id: 'wx-1' }],
  tags: ['invoice', 'reseller'],
  notes: 'Merged note',
  profile: { age: 41, needs: 'quiet' },
  custom: { plan: 'basic', seats: 3 },
};

describe('merging two customers', () => {
  it("given two customers then the kept one's values win, gaps are filled, the higher level stays and new identities are appended", () => {
    const plan = planMerge(kept, merged);
    expect(plan.kept).toEqual({
      id: 'k',
      name: 'Wang Fang',
      company: '华为',
      level: 'vip',
      phones: ['+8613800138000', '+4930111222'],
      emails: ['wf@example.cn'],
      chatVisitors: ['vis-1'],
      messaging: [{ platform: 'wechat', id: 'wx-1' }],
      tags: ['invoice', 'reseller'],
      notes: 'Kept note\n\nMerged note',
      profile: { age: 40, needs: 'quiet' },
      custom: { plan: 'pro', seats: 3 },
    });
    expect(plan.moved).toEqual({ phones: ['+4930111222'], emails: ['wf@example.cn'], chatVisitors: ['vis-1'], messaging: [{ platform: 'wechat', id: 'wx-1' }] });
  });

  it('given the same customer twice then CUSTOMER_MERGE_SELF names mergedId', () => {
    try {
      planMerge(kept, kept);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(isAppError(err, 'CUSTOMER_MERGE_SELF')).toBe(true);
    }
  });
});

import { describe, expect, it } from 'vitest';
import type { Customer, CustomField } from '../../../src/web/api/types.js';
import { fieldOf, formOf, patchOf } from '../../../src/web/customers/profile-form.js';

const customer: Customer = {
  id: 'c1',
  name: '王芳',
  company: '',
  level: 'vip',
  phones: ['+8613800138000'],
  emails: ['wang@example.cn'],
  chatVisitors: [],
  messaging: [{ platform: 'wechat', id: 'wx-1' }],
  tags: ['invoice'],
  notes: 'n',
  profile: { age: 40 },
  custom: { plan: 'pro' },
  createdAt: 1,
  updatedAt: 1,
};
const fields: CustomField[] = [
  { id: 'f1', key: 'plan', label: 'Plan', type: 'choice', options: ['basic', 'pro'], position: 0, createdAt: 0, updatedAt: 0 },
  { id: 'f2', key: 'seats', label: 'Seats', type: 'number', options: [], position: 1, createdAt: 0, updatedAt: 0 },
];

describe('the customer edit form', () => {
  it('given an untouched form then nothing is sent', () => {
    expect(patchOf(customer, formOf(customer), fields)).toEqual({});
  });

  it('given a new company, a messaging line, a cleared choice and a number typed then only those go, each in its type', () => {
    const form = { ...formOf(customer), company: '华为', messaging: 'wechat: wx-1\nWhatsApp: +49 1', custom: { plan: '', seats: '12' } };
    expect(patchOf(customer, form, fields)).toEqual({
      company: '华为',
      messaging: [
        { platform: 'wechat', id: 'wx-1' },
        { platform: 'WhatsApp', id: '+49 1' },
      ],
      custom: { plan: null, seats: 12 },
    });
  });

  it("given the daemon's field pointers then each names its form field", () => {
    expect(['/body/phones/1', '/body/custom/seats', '/body/profile/age', '/body/messaging/0/id', '/body/unknown'].map(fieldOf)).toEqual(['phones', 'custom.seats', 'age', 'messaging', undefined]);
  });
});

import { describe, expect, it } from 'vitest';
import { normalizePhone } from '../../../../src/customers/phone-number.js';
import { problemPaths, rejection, useConfigFixture } from './fixtures.js';

const f = useConfigFixture();

describe('phone normalization', () => {
  it('given common notations then digits with an optional plus come out', () => {
    expect(normalizePhone('+44 (20) 7946-0018')).toBe('+442079460018');
    expect(normalizePhone('0044 20 7946 0018')).toBe('+442079460018');
    expect(normalizePhone('555.123.4567')).toBe('5551234567');
    expect(normalizePhone('call me')).toBeUndefined();
    expect(normalizePhone('12')).toBeUndefined();
  });
});

describe('customers repository', () => {
  it('given a customer with numbers in any notation when looked up by caller id then found', async () => {
    const c = await f.repos.customers.create({
      name: 'Grace Hopper',
      level: 'vip',
      phones: ['+44 20 7946 0018', '(555) 123-4567'],
      emails: ['grace@example.org'],
      tags: ['navy', 'navy', 'cobol'],
      notes: 'prefers mornings',
    });
    expect(c).toMatchObject({ phones: ['+442079460018', '5551234567'], tags: ['navy', 'cobol'], level: 'vip' });
    expect((await f.repos.customers.findByPhone('00442079460018')).map((x) => x.id)).toEqual([c.id]);
    expect((await f.repos.customers.findByPhone('442079460018')).map((x) => x.id)).toEqual([c.id]);
    expect((await f.repos.customers.findByPhone('+15551234567')).map((x) => x.id)).toEqual([]);
    expect((await f.repos.customers.findByPhone('garbage')).map((x) => x.id)).toEqual([]);
  });

  it('given the same number twice for one customer then VALIDATION_FAILED names the repeat; a number another customer owns is CUSTOMER_IDENTITY_TAKEN (issue 13)', async () => {
    const err = await rejection(f.repos.customers.create({ name: 'A', phones: ['+1 555 0100', '+15550100'] }));
    expect(problemPaths(err)).toEqual(['/phones/1']);
    await f.repos.customers.create({ name: 'A', phones: ['+15550100'] });
    const taken = await rejection(f.repos.customers.create({ name: 'B', phones: ['15550100'] }));
    expect(taken).toMatchObject({ code: 'CUSTOMER_IDENTITY_TAKEN' });
    expect(problemPaths(taken)).toEqual(['/phones/0']);
    expect((await f.repos.customers.list({ phone: '+1 555 0100' })).total).toBe(1);
  });

  it("given a customer holding a chat visitor id then the chat's lookup by that visitor finds them, and nobody else's visitor", async () => {
    const c = await f.repos.customers.create({ name: 'Chatty', chatVisitors: ['vis-1'], messaging: [{ platform: 'wechat', id: 'vis-2' }] });
    expect((await f.repos.customers.findByChatVisitor('vis-1'))?.id).toBe(c.id);
    expect(await f.repos.customers.findByChatVisitor('vis-2')).toBeUndefined();
  });

  it('given a bad number when updating then nothing changes', async () => {
    const c = await f.repos.customers.create({ name: 'A', phones: ['+15550100'] });
    const err = await rejection(f.repos.customers.update(c.id, { name: 'B', phones: ['+15550199', 'x'] }));
    expect(problemPaths(err)).toEqual(['/phones/1']);
    expect(await f.repos.customers.get(c.id)).toMatchObject({ name: 'A', phones: ['+15550100'] });
  });

  it('given customers when filtered by tag, level and name then only matches come back', async () => {
    await f.repos.customers.create({ name: 'Alpha 50%', level: 'gold', tags: ['churn-risk'] });
    await f.repos.customers.create({ name: 'Beta', tags: ['new'] });
    expect((await f.repos.customers.list({ tag: 'churn-risk' })).items.map((c) => c.name)).toEqual(['Alpha 50%']);
    expect((await f.repos.customers.list({ level: 'standard' })).items.map((c) => c.name)).toEqual(['Beta']);
    expect((await f.repos.customers.list({ q: '50%' })).total).toBe(1);
    expect((await f.repos.customers.list({ q: '%' })).total).toBe(1);
  });

  it('given a customer with every kind of identity when found by a number then the screen-pop gets the same customer as a read by id, lists in their order', async () => {
    const c = await f.repos.customers.create({
      name: '王芳',
      phones: ['+8613800000002', '+8613800000001'],
      emails: ['b@example.cn', 'a@example.cn'],
      chatVisitors: ['vis-9', 'vis-8'],
      messaging: [{ platform: 'wechat', id: 'wx-1' }],
      tags: ['vip'],
      profile: { needs: '发票' },
    });
    const other = await f.repos.customers.create({ name: 'Nobody', phones: ['+8613800000003'] });
    const found = await f.repos.customers.findByPhone('+86 138 0000 0001');
    expect(found).toEqual([await f.repos.customers.get(c.id)]);
    expect(found[0]).toMatchObject({ phones: ['+8613800000002', '+8613800000001'], emails: ['b@example.cn', 'a@example.cn'], chatVisitors: ['vis-9', 'vis-8'], messaging: [{ platform: 'wechat', id: 'wx-1' }] });
    expect(await f.repos.customers.findByPhone('+8613800000003')).toEqual([await f.repos.customers.get(other.id)]);
  });

  it('given an update then phones are replaced and the old number no longer finds the customer', async () => {
    const c = await f.repos.customers.create({ name: 'A', phones: ['+15550100'] });
    await f.repos.customers.update(c.id, { name: 'A', phones: ['+15550200'] });
    expect(await f.repos.customers.findByPhone('+15550100')).toEqual([]);
    expect((await f.repos.customers.findByPhone('+15550200')).map((x) => x.id)).toEqual([c.id]);
  });

  it('given an unknown customer then NOT_FOUND', async () => {
    expect((await rejection(f.repos.customers.get('x'))).code).toBe('NOT_FOUND');
    expect((await rejection(f.repos.customers.update('x', { name: 'n' }))).code).toBe('NOT_FOUND');
    expect((await rejection(f.repos.customers.delete('x'))).code).toBe('NOT_FOUND');
  });
});

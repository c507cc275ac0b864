/**
 * The customer page behind the screen-pop's link (/app/customers/<id>): the profile and the calls
 * with the customer's numbers (GET /api/customers/:id/calls), click-to-dial of a number, in
 * English and Chinese, in real headless Chromium against the daemon on the simulated server.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, shot, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, waitFor, type Headers, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const LINE = `description: customer page test line
numbers: ["+15550100"]
timezone: UTC
start: support
nodes:
  support:
    type: queue
    queue: support
`;

const HOUR = 3_600_000;

describe('a customer page', () => {
  let d: ToolbarDaemon;
  let alice: Headers;
  let customerId: string;
  let queueId: string;
  let aliceAgent: string;

  beforeAll(async () => {
    d = await startToolbarDaemon({ line: LINE });
    const aliceUser = await d.createUser('alice', ['agent']);
    aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' } })).id;
    queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'support', media: 'voice', strategy: 'longest_idle', members: [{ agentId: aliceAgent }] })).id;
    customerId = (
      await d.api<{ id: string }>('POST', '/api/customers', {
        name: '王芳 (Wang Fang)',
        level: 'vip',
        phones: ['+86 138 0013 8000', '+49 30 111 222'],
        emails: ['wang.fang@example.com'],
        tags: ['invoice', 'reseller'],
        notes: 'Prefers calls after 14:00.\nAsk for the order number first.',
      })
    ).id;
    const store = d.app().deps.contactCenter.callStore;
    const now = Date.now();
    // Stored as PBXs report numbers: one with the +, one without; and a stranger's call.
    await store.saveCall({ id: 'c-in', direction: 'inbound', state: 'ended', from: '+8613800138000', to: '+15550100', callerName: 'Wang', queueId, agentId: aliceAgent, ivrPath: [], variables: {}, startedAt: now - 2 * HOUR, answeredAt: now - 2 * HOUR + 20_000, endedAt: now - 2 * HOUR + 245_000, outcome: 'agent_answered', recordingIds: [] });
    await store.saveCall({ id: 'c-out', direction: 'outbound', state: 'ended', from: aliceAgent, to: '4930111222', callerName: '', agentId: aliceAgent, ivrPath: [], variables: {}, startedAt: now - HOUR, endedAt: now - HOUR + 30_000, outcome: 'outbound_no_answer', recordingIds: [] });
    await store.saveCall({ id: 'c-other', direction: 'inbound', state: 'ended', from: '+4930999999', to: '+15550100', callerName: 'Someone', queueId, ivrPath: [], variables: {}, startedAt: now - 30 * 60_000, endedAt: now - 29 * 60_000, outcome: 'queue_abandon', recordingIds: [] });
    await d.api('POST', '/api/customer-fields', { key: 'plan', label: 'Plan', type: 'choice', options: ['basic', 'pro'] });
    await d.api('POST', '/api/customer-fields', { key: 'seats', label: 'Seats', type: 'number' });
    await d.api('POST', '/api/customers', { name: 'Someone Else', phones: ['+4930999999'] });
    alice = { authorization: `Bearer ${(await d.app().deps.auth.login('alice', PASSWORD)).token}` };
  }, 60_000);

  afterAll(async () => {
    await d?.close();
  });

  it("given a customer with two numbers when an agent reads their calls then both numbers' calls come newest first with agent and queue names, and no stranger's call", async () => {
    const { calls } = await d.api<{ calls: { id: string; number: string; agentName?: string; queueName?: string; outcome?: string }[] }>('GET', `/api/customers/${customerId}/calls`, undefined, alice);
    expect(calls.map((c) => c.id)).toEqual(['c-out', 'c-in']);
    expect(calls[1]).toMatchObject({ number: '+8613800138000', agentName: 'Alice Wang', queueName: 'support', outcome: 'agent_answered' });
    expect(calls[0]).toMatchObject({ number: '4930111222', agentName: 'Alice Wang', outcome: 'outbound_no_answer' });
  });

  it('given no such customer or no session when the calls are asked then 404 NOT_FOUND and 401, in the usual error shape', async () => {
    const missing = await d.app().server.inject({ method: 'GET', url: '/api/customers/nobody/calls', headers: alice });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('nobody') });
    const anonymous = await d.app().server.inject({ method: 'GET', url: `/api/customers/${customerId}/calls` });
    expect(anonymous.statusCode).toBe(401);
  });

  describe.runIf(haveTools('customer page in Chromium', [CHROMIUM]))('in Chromium', () => {
    let browser: Browser;
    let tab: AgentTab;

    beforeAll(async () => {
      browser = await launch();
      tab = await openTab(browser, d.base, { width: 1280, height: 720 });
      await signIn(tab.page, 'alice', PASSWORD);
      await tab.page.waitForURL(/\/app\/toolbar/);
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
    });

    it('given the screen-pop link when the agent opens the customer then name, VIP level, tags, numbers, notes and the calls show', async () => {
      await tab.page.goto(`/app/customers/${encodeURIComponent(customerId)}`);
      await tab.page.waitForSelector('#customer-name');
      expect(await tab.page.textContent('#customer-name')).toContain('王芳 (Wang Fang)');
      expect(await tab.page.textContent('.customer-profile .badge.level')).toBe('VIP');
      expect(await tab.page.locator('.customer-profile .tags li').allTextContents()).toEqual(['invoice', 'reseller']);
      expect(await tab.page.locator('.customer-phones .number').allTextContents()).toEqual(['+8613800138000', '+4930111222']);
      expect(await tab.page.textContent('.customer-notes dd')).toContain('Ask for the order number first.');
      const rows = tab.page.locator('.customer-calls tbody tr');
      expect(await rows.count()).toBe(2);
      expect(await rows.nth(1).textContent()).toContain('Answered');
      expect(await rows.nth(1).textContent()).toContain('4:05');
      await shot(tab.page, 'customer-01-record');
    });

    it('given the agent logged in to the contact center when they click Call on a number then the daemon dials it for them and the page says their phone rings first', async () => {
      await d.api('POST', '/api/agent/login', { state: 'available' }, alice);
      await tab.page.click('button[aria-label="Call +4930111222"]');
      await tab.page.waitForSelector('.customer-phones + p[role=status]');
      const calls = d.app().deps.contactCenter.callHandling.calls.service;
      await waitFor('the click-to-dial call', () => calls.activeCalls().some((c) => c.direction === 'outbound' && c.to === '+4930111222'));
      expect(await tab.page.textContent('.customer-phones + p[role=status]')).toContain('+4930111222');
      const call = calls.activeCalls().find((c) => c.direction === 'outbound');
      expect(call?.agentId).toBe(aliceAgent);
      await shot(tab.page, 'customer-02-dialing');
      if (call) await d.api('POST', `/api/calls/${call.id}/hangup`, undefined, alice);
      await waitFor('the dial ended', () => !calls.activeCalls().some((c) => c.direction === 'outbound'));
    });

    it('given an agent when they edit the customer in place then only what changed is saved, and a number another customer owns is refused under its field', async () => {
      await tab.page.click('.customer-actions button:first-child');
      await tab.page.waitForSelector('form.customer-editor');
      await tab.page.fill('#customer-company', '华为技术');
      await tab.page.fill('#customer-age', '41');
      await tab.page.selectOption('#customer-custom-plan', 'pro');
      await tab.page.fill('#customer-custom-seats', '25');
      await tab.page.fill('#customer-phones', '+86 138 0013 8000\n+49 30 111 222\n+49 30 999 999');
      await tab.page.click('form.customer-editor button[type=submit]');
      await tab.page.waitForSelector('#customer-phones-error');
      expect(await tab.page.textContent('#customer-phones-error')).toBe('Another customer already has this.');
      await shot(tab.page, 'customer-05-edit-refused');
      expect((await d.api<{ company: string }>('GET', `/api/customers/${customerId}`, undefined, alice)).company).toBe('');
      await tab.page.fill('#customer-phones', '+86 138 0013 8000\n+49 30 111 222');
      await tab.page.click('form.customer-editor button[type=submit]');
      await tab.page.waitForSelector('.customer-profile-head');
      const saved = await d.api<{ company: string; profile: { age?: number }; custom: Record<string, unknown>; tags: string[]; notes: string }>('GET', `/api/customers/${customerId}`, undefined, alice);
      expect(saved).toMatchObject({ company: '华为技术', profile: { age: 41 }, custom: { plan: 'pro', seats: 25 }, tags: ['invoice', 'reseller'] });
      expect(saved.notes).toContain('Ask for the order number first.');
      expect(await tab.page.locator('.customer-facts').textContent()).toContain('华为技术');
      await shot(tab.page, 'customer-06-edited');
    });

    it('given the page in Chinese when it renders then every label is Chinese, with nothing cut off at 375 px', async () => {
      await tab.page.selectOption('.language-picker select', 'zh-CN');
      await tab.page.waitForSelector('html[lang="zh-CN"]');
      expect(await tab.page.textContent('.customer-calls caption')).toBe('往来记录');
      expect(await tab.page.textContent('.customer-profile .badge.level')).toBe('VIP');
      expect(await tab.page.locator('.customer-calls tbody tr').nth(1).textContent()).toContain('已接听');
      await shot(tab.page, 'customer-03-zh');
      await tab.page.setViewportSize({ width: 375, height: 740 });
      const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await shot(tab.page, 'customer-04-zh-phone');
      await tab.page.click('.customer-actions button:first-child');
      await tab.page.waitForSelector('form.customer-editor');
      expect(await tab.page.textContent('form.customer-editor h2')).toBe('编辑客户');
      const editorOverflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(editorOverflow).toBeLessThanOrEqual(0);
      await shot(tab.page, 'customer-07-zh-editor');
      await tab.page.click('form.customer-editor .form-actions button:not([type=submit])');
      await tab.page.setViewportSize({ width: 1280, height: 720 });
      await tab.page.selectOption('.language-picker select', 'en');
    });

    it('given the customer list when the agent types part of a Chinese name, then a number, then the results follow the typing and a result opens the record', async () => {
      await tab.page.goto('/app/customers');
      await tab.page.waitForSelector('#customer-search');
      await tab.page.waitForSelector('.customer-list-page tbody tr');
      expect(await tab.page.locator('.customer-list-page tbody tr').count()).toBe(2);
      // Exporting customers is for holders of customer.export (supervisors and admins), not agents.
      expect(await tab.page.locator('.customer-list-page [data-action=export]').count()).toBe(0);
      await tab.page.fill('#customer-search', '芳');
      await tab.page.waitForFunction(() => document.querySelectorAll('.customer-list-page tbody tr').length === 1);
      expect(await tab.page.locator('.customer-list-page tbody tr a').textContent()).toBe('王芳 (Wang Fang)');
      await shot(tab.page, 'customer-08-search-en');
      await tab.page.fill('#customer-search', '30 999');
      await tab.page.waitForFunction(() => document.querySelector('.customer-list-page tbody tr a')?.textContent === 'Someone Else');
      await tab.page.fill('#customer-search', 'wnag fang');
      await tab.page.waitForFunction(() => document.querySelector('.customer-list-page tbody tr a')?.textContent === '王芳 (Wang Fang)');
      await tab.page.selectOption('.language-picker select', 'zh-CN');
      await tab.page.waitForSelector('html[lang="zh-CN"]');
      expect(await tab.page.textContent('label[for=customer-search]')).toBe('查找客户');
      await shot(tab.page, 'customer-09-search-zh');
      await tab.page.selectOption('.language-picker select', 'en');
      await tab.page.click('.customer-list-page tbody tr a');
      await tab.page.waitForSelector('#customer-name');
      expect(await tab.page.textContent('#customer-name')).toContain('王芳 (Wang Fang)');
    });

    it('given a ticket for the customer when the record opens then the history lists it first, then the calls', async () => {
      await d.api('POST', '/api/tickets', { subject: 'Invoice 2026-114 is wrong', customerId }, alice);
      await tab.page.goto(`/app/customers/${encodeURIComponent(customerId)}`);
      await tab.page.waitForSelector('.customer-timeline tbody tr');
      const rows = tab.page.locator('.customer-timeline tbody tr');
      // The ticket, the click-to-dial call of the test above, and the two stored calls.
      expect(await rows.count()).toBe(4);
      expect(await rows.nth(0).textContent()).toContain('Invoice 2026-114 is wrong');
      expect(await rows.nth(0).textContent()).toContain('Ticket');
      expect(await rows.nth(1).textContent()).toContain('Call out');
      expect(await rows.nth(3).textContent()).toContain('Call in');
      await shot(tab.page, 'customer-10-history');
    });

    it('given the agent merges another customer after confirming, when an admin undoes it, then both customers are back as they were', async () => {
      const other = (await d.api<{ items: { id: string; name: string }[] }>('GET', '/api/customers/search?q=Someone', undefined, alice)).items[0];
      const otherBefore = await d.api('GET', `/api/customers/${other?.id}`, undefined, alice);
      const keptBefore = await d.api('GET', `/api/customers/${customerId}`, undefined, alice);
      await tab.page.goto(`/app/customers/${encodeURIComponent(customerId)}`);
      await tab.page.click('.customer-actions button:nth-child(2)');
      await tab.page.fill('#merge-search', 'someone');
      await tab.page.click('.merge-results li button');
      await tab.page.waitForSelector('.merge-confirm');
      expect(await tab.page.textContent('.merge-confirm')).toContain('Someone Else will be merged into 王芳 (Wang Fang)');
      await shot(tab.page, 'customer-11-merge-confirm');
      await tab.page.click('.merge-dialog .dialog-foot .btn-danger');
      await tab.page.waitForFunction(() => Array.from(document.querySelectorAll('.customer-phones .number')).some((n) => n.textContent === '+4930999999'));
      expect((await d.app().server.inject({ method: 'GET', url: `/api/customers/${other?.id}`, headers: alice })).statusCode).toBe(404);

      const adminTab = await openTab(browser, d.base, { width: 1280, height: 720 });
      try {
        await signIn(adminTab.page, 'toolbar-admin', PASSWORD);
        await adminTab.page.waitForURL(/\/app\/(supervisor|$)/);
        await adminTab.page.goto(`/app/customers/${encodeURIComponent(customerId)}`);
        await adminTab.page.waitForSelector('.customer-merges li');
        await adminTab.page.selectOption('.language-picker select', 'zh-CN');
        await adminTab.page.waitForSelector('html[lang="zh-CN"]');
        expect(await adminTab.page.textContent('#customer-merges-title')).toBe('已合并到此客户');
        await shot(adminTab.page, 'customer-12-merges-zh');
        await adminTab.page.click('.customer-merges li button');
        await adminTab.page.waitForFunction(() => document.querySelector('.customer-merges') === null && document.querySelector('#customer-name') !== null);
        await adminTab.page.selectOption('.language-picker select', 'en');
      } finally {
        await adminTab.context.close();
      }
      expect(await d.api('GET', `/api/customers/${customerId}`, undefined, alice)).toEqual(keptBefore);
      expect(await d.api('GET', `/api/customers/${other?.id}`, undefined, alice)).toEqual(otherBefore);
    });

    it('given an admin on the customer list when they export it then the page says how much was saved; when they add a choice field then every profile offers it; a key twice is refused under the key', async () => {
      const adminTab = await openTab(browser, d.base, { width: 1280, height: 720 });
      try {
        await signIn(adminTab.page, 'toolbar-admin', PASSWORD);
        await adminTab.page.waitForURL(/\/app\/(supervisor|$)/);
        await adminTab.page.goto('/app/customers');
        await adminTab.page.waitForSelector('.custom-field-list li');
        await adminTab.page.click('.customer-list-page [data-action=export]');
        await adminTab.page.waitForSelector('.customer-list-page .export-progress[data-done=true]');
        expect(await adminTab.page.textContent('.customer-list-page .export-progress')).toMatch(/^Exported \d/);
        await adminTab.page.fill('#field-label', 'Preferred channel');
        await adminTab.page.fill('#field-key', 'channel');
        await adminTab.page.selectOption('#field-type', 'choice');
        await adminTab.page.fill('#field-options', 'phone, chat, e-mail');
        await adminTab.page.click('.custom-field-form button[type=submit]');
        await adminTab.page.waitForSelector('.custom-field-list li:has-text("Preferred channel")');
        await adminTab.page.fill('#field-label', 'Channel again');
        await adminTab.page.fill('#field-key', 'channel');
        await adminTab.page.click('.custom-field-form button[type=submit]');
        await adminTab.page.waitForSelector('#field-key-error');
        expect(await adminTab.page.textContent('#field-key-error')).toBe('A field with this key exists already.');
        await shot(adminTab.page, 'customer-13-custom-fields');
        await adminTab.page.selectOption('.language-picker select', 'zh-CN');
        await adminTab.page.waitForSelector('html[lang="zh-CN"]');
        expect(await adminTab.page.textContent('#custom-fields-title')).toBe('所有客户的自定义字段');
        expect(await adminTab.page.textContent('#field-key-error')).toBe('已有使用此键的字段。');
        await shot(adminTab.page, 'customer-14-custom-fields-zh');
        await adminTab.page.selectOption('.language-picker select', 'en');
      } finally {
        await adminTab.context.close();
      }
      const fields = await d.api<{ items: { key: string; options: string[] }[] }>('GET', '/api/customer-fields', undefined, alice);
      expect(fields.items.find((f) => f.key === 'channel')?.options).toEqual(['phone', 'chat', 'e-mail']);
    });

    it('given an address of a customer that does not exist when opened then the page says so instead of an empty record', async () => {
      await tab.page.goto('/app/customers/no-such-customer');
      await tab.page.waitForSelector('.panel[role=alert]');
      expect(await tab.page.textContent('.panel[role=alert]')).toBe('There is no such customer, or it was deleted.');
      expect(tab.problems.filter((p) => !/404/.test(p))).toEqual([]);
    });
  });
});

/**
 * Leaving a message in the widget, in headless Chromium on a stranger's web site: nobody with chat
 * capacity is logged in, so a visitor who starts a chat is offered the form (a picker, since the web
 * channel offers two templates); the message becomes a ticket; a public reply shows in the
 * visitor's list and an internal one never does. English and Chinese, screenshots under
 * test-artifacts/widget/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { startHostSite, type HostSite } from './host-site.js';
import { openVisitor } from './visitor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/widget');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
const label = (en: string, zh: string) => ({ en, zh });
const fields = [
  { name: 'name', label: label('Your name', '您的姓名'), kind: 'text', required: true },
  { name: 'email', label: label('Email', '电子邮件'), kind: 'email', required: true },
  { name: 'phone', label: label('Phone', '电话'), kind: 'phone', required: false },
  { name: 'message', label: label('Message', '留言内容'), kind: 'long_text', required: true },
];

interface TicketRow {
  id: string;
  subject: string;
  visitorId: string | null;
  description: string;
}

describe.runIf(haveTools('leave a message in Chromium', [CHROMIUM]))('the widget: leaving a message when nobody can serve', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const user = await d.createUser('alice', ['agent']);
    const agent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: user, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    // Alice never logs in: nobody can serve the queue's chats.
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: agent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    await d.api('POST', '/api/leave-message-templates', { channel: 'web', businessLine: 'after_sales', name: { en: 'After-sales', zh: '售后服务' }, fields });
    await d.api('POST', '/api/leave-message-templates', { channel: 'web', businessLine: 'pre_sales', name: { en: 'Pre-sales', zh: '售前咨询' }, fields: fields.slice(0, 2).concat(fields.slice(3)) });
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  const ticketsOf = async (subject: string) => (await d.api<{ tickets: TicketRow[] }>('GET', '/api/tickets?limit=200')).tickets.filter((t) => t.subject.includes(subject));

  it('given nobody can serve when an English visitor starts a chat then the form is offered, the message becomes their ticket, and a public reply shows in their list', async () => {
    const v = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const w = v.page.locator('switchboard-chat');
    await v.page.goto(site.url);
    await w.locator('.launcher').click();
    await w.locator('.start').click();
    // The chat waits on, so the form is offered, not forced: the visitor may keep writing.
    await w.locator('.notice').waitFor();
    expect(await w.locator('.notice').textContent()).toBe('Nobody can chat right now. Leave us a message and we will get back to you.');
    expect(await w.locator('.compose textarea').isVisible()).toBe(true);
    await w.locator('.secondary', { hasText: 'Leave a message' }).click();
    const form = w.locator('form.leave');
    await form.waitFor();
    expect(await w.locator('.leave-offer .intro').textContent()).toBe('Leave us a message and we will get back to you.');
    expect(await form.locator('select option').allTextContents()).toEqual(['After-sales', 'Pre-sales']);
    expect(await form.locator('.field > span').allTextContents()).toEqual(['Topic', 'Your name *', 'Email *', 'Phone', 'Message *']);
    await form.locator('[name=name]').fill('Vera Lind');
    await form.locator('[name=email]').fill('vera@example.com');
    await form.locator('[name=message]').fill('The rear hub clicks.\nBought in May.');
    await shot(v.page, 'leave-message-form-en');
    await form.locator('button[type=submit]').click();
    await w.locator('.leave-done .ticket').waitFor();
    expect(await w.locator('.leave-done .intro').textContent()).toBe('Thank you, we have your message. Replies show here.');

    const [ticket] = await ticketsOf('The rear hub clicks.');
    expect(ticket?.subject).toBe('After-sales: The rear hub clicks.');
    expect(ticket?.visitorId).not.toBeNull();
    expect(await w.locator('.ticket .subject').allTextContents()).toEqual(['After-sales: The rear hub clicks.']);
    expect(await w.locator('.ticket .meta').first().textContent()).toMatch(/^Received · /);

    await d.api('POST', `/api/tickets/${ticket?.id}/replies`, { visibility: 'public', body: 'A new hub is on its way.' });
    await d.api('POST', `/api/tickets/${ticket?.id}/replies`, { visibility: 'internal', body: 'INTERNAL: warranty case' });
    await w.locator('.leave-done .secondary').click();
    // Back to the chat, still waiting: the visitor opens their list from there.
    await w.locator('.secondary', { hasText: 'My messages' }).click();
    await w.locator('.ticket .reply').waitFor();
    expect(await w.locator('.ticket .reply').allTextContents()).toEqual(['A new hub is on its way.']);
    expect(await w.locator('.panel').textContent()).not.toContain('INTERNAL');
    await shot(v.page, 'leave-message-tickets-en');
    expect(v.problems).toEqual([]);

    // The center reads what the visitor filled in field by field, labelled in the reader's language.
    const staff = await openTab(browser, d.base, { width: 1280, height: 800 }, 'zh-CN');
    try {
      await signIn(staff.page, 'toolbar-admin', PASSWORD);
      await staff.page.waitForURL(/\/app\/(supervisor|$)/);
      await staff.page.goto('/app/tickets');
      await staff.page.locator(`.ticket-rows li[data-ticket="${ticket?.id}"] button`).click();
      await staff.page.waitForSelector('.ticket-left-message');
      expect(await staff.page.textContent('#ticket-left-title')).toBe('访客留言：售后服务');
      expect(await staff.page.locator('.ticket-left-message dt').allTextContents()).toEqual(['您的姓名', '电子邮件', '留言内容']);
      expect(await staff.page.textContent('.ticket-left-message dd[data-field=message]')).toBe('The rear hub clicks.\nBought in May.');
      await shot(staff.page, 'leave-message-ticket-staff-zh');
    } finally {
      await staff.context.close();
    }
    await v.context.close();
  });

  it('given a Chinese visitor who chooses to leave a message then the form, the thanks and their list with the public reply are in Chinese', async () => {
    const v = await openVisitor(browser, `${site.url}?lang=zh-CN`, { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const w = v.page.locator('switchboard-chat');
    await v.page.goto(`${site.url}?lang=zh-CN`);
    await w.locator('.launcher').click();
    await w.locator('.secondary', { hasText: '留言' }).first().click();
    const form = w.locator('form.leave');
    await form.waitFor();
    expect(await w.locator('.leave-offer .intro').textContent()).toBe('请留言，我们会尽快回复您。');
    expect(await form.locator('.field > span').allTextContents()).toEqual(['咨询类型', '您的姓名 *', '电子邮件 *', '电话', '留言内容 *']);
    expect(await form.locator('select option').allTextContents()).toEqual(['售后服务', '售前咨询']);
    await form.locator('[name=name]').fill('王芳');
    await form.locator('[name=email]').fill('wang@example.cn');
    await form.locator('[name=phone]').fill('+86 10 1234 5678');
    await form.locator('[name=message]').fill('自行车链条生锈了，请联系我。');
    await shot(v.page, 'leave-message-form-zh');
    await form.locator('button[type=submit]').click();
    await w.locator('.leave-done .ticket').waitFor();
    expect(await w.locator('.leave-done .intro').textContent()).toBe('谢谢，我们已收到您的留言，回复会显示在这里。');

    const [ticket] = await ticketsOf('自行车链条生锈了');
    expect(ticket?.description).toBe('Your name: 王芳\nEmail: wang@example.cn\nPhone: +86 10 1234 5678\nMessage: 自行车链条生锈了，请联系我。');
    await d.api('POST', `/api/tickets/${ticket?.id}/replies`, { visibility: 'public', body: '我们明天给您打电话。' });
    await d.api('POST', `/api/tickets/${ticket?.id}/replies`, { visibility: 'internal', body: 'INTERNAL: 客户很急' });
    await w.locator('.leave-done .secondary').click();
    await w.locator('.secondary', { hasText: '我的留言' }).click();
    await w.locator('.ticket .reply').waitFor();
    expect(await w.locator('.ticket .reply').allTextContents()).toEqual(['我们明天给您打电话。']);
    expect(await w.locator('.ticket .meta').first().textContent()).toMatch(/^已收到 · /);
    expect(await w.locator('.panel').textContent()).not.toContain('INTERNAL');
    await shot(v.page, 'leave-message-tickets-zh');
    expect(v.problems).toEqual([]);
    await v.context.close();
  });
});

/**
 * Automatic invitations in headless Chromium (issue 12): an admin adds a rule on its page (a
 * regular expression as the pattern is refused in words, then a glob is saved), a visitor reading
 * Chinese opens a matching page on a stranger's site and the widget invites them in Chinese, the
 * visitor declines, and the agent's visitors panel names the rule and the answer. Screenshots in
 * English and Chinese: test-artifacts/chat/invitation-rules-*.png.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, startToolbarDaemon, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';
import { startHostSite, type HostSite } from './host-site.js';
import { openVisitor, type Visitor } from './visitor.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/chat');
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `invitation-rules-${name}.png`), fullPage: true });

describe.runIf(haveTools('invitation rules in Chromium', [CHROMIUM]))('automatic invitations: the rules page, the widget and the visitors panel', () => {
  let d: ToolbarDaemon;
  let site: HostSite;
  let browser: Browser;
  let admin: AgentTab;
  let alice: AgentTab;
  let visitor: Visitor;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    d = await startToolbarDaemon({});
    const aliceUser = await d.createUser('alice', ['agent']);
    await d.createUser('ada', ['admin']);
    const aliceAgent = (await d.api<{ id: string }>('POST', '/api/agents', { userId: aliceUser, number: '1001', displayName: 'Alice Wang', phone: { mode: 'fixed', extension: 'agent1' }, chatCapacity: 2 })).id;
    const queueId = (await d.api<{ id: string }>('POST', '/api/queues', { name: 'web-chat', media: 'chat', strategy: 'longest_idle', members: [{ agentId: aliceAgent }], wrapUpSeconds: 0, noAnswerTimeoutSeconds: 120 })).id;
    site = await startHostSite(d.base, { queue: queueId });
    browser = await launch();
    admin = await openTab(browser, d.base);
    alice = await openTab(browser, d.base);
    await signIn(alice.page, 'alice', PASSWORD);
    await alice.page.waitForSelector('#agent-login-title');
    // Available, so the rule's queue has an agent with a free chat slot.
    await alice.page.click('.agent-login button[type=submit]');
    await alice.page.waitForSelector('.visitors');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await d?.close();
  });

  it('given the rules page when the admin saves a regular expression as the pattern then it is refused in words; with a glob the rule is listed', { timeout: 60_000 }, async () => {
    await signIn(admin.page, 'ada', PASSWORD);
    await admin.page.waitForURL(/\/app\/(supervisor|toolbar)?$/);
    await admin.page.goto('/app/chat-invitation-rules');
    await admin.page.waitForSelector('text=No rules yet.');
    await admin.page.click('[data-action=new-rule]');
    await admin.page.fill('#rule-name', 'Help pages');
    await admin.page.fill('#rule-pattern', '^/pages/help.*$');
    await admin.page.fill('#rule-seconds', '0');
    await admin.page.fill('#rule-message-en', 'Stuck? We can help right now.');
    await admin.page.fill('#rule-message-zh', '遇到问题了吗？我们现在就可以帮您。');
    await admin.page.click('[data-action=save-rule]');
    const refusal = admin.page.locator('.template-refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('INVITATION_RULE_PATTERN_INVALID');
    expect(await refusal.textContent()).toContain('use * for any characters');
    await shot(admin.page, '01-refused-en');

    await admin.page.fill('#rule-pattern', '/pages/help*');
    // The refusal goes as soon as its cause is changed.
    expect(await refusal.count()).toBe(0);
    await admin.page.click('[data-action=save-rule]');
    await admin.page.waitForSelector('[data-rule-name="Help pages"]');
    expect(await admin.page.textContent('.rule-pattern')).toBe('/pages/help*');
    await shot(admin.page, '02-listed-en');
  });

  it('given the rule when a visitor reading Chinese opens a help page then the widget invites them in Chinese; they decline and the agent sees the rule and the answer', async () => {
    visitor = await openVisitor(browser, site.url, { viewport: { width: 1280, height: 720 }, locale: 'zh-CN' });
    await visitor.page.goto(`${site.url}pages/help?lang=zh-CN`);
    await visitor.page.waitForSelector('switchboard-chat .invitation');
    expect(await visitor.page.textContent('switchboard-chat .invitation-message')).toBe('遇到问题了吗？我们现在就可以帮您。');
    await shot(visitor.page, '03-widget-zh');
    await alice.page.waitForSelector('.visitor-invitation[data-answer=open]');
    expect(await alice.page.textContent('.visitor-invitation')).toBe('Invited by rule “Help pages”: waiting for an answer');

    await visitor.page.click('switchboard-chat .invitation-decline');
    await alice.page.waitForSelector('.visitor-invitation[data-answer=declined]');
    expect(await alice.page.textContent('.visitor-invitation')).toBe('Invited by rule “Help pages”: declined');
    await shot(alice.page, '04-visitors-en');
    expect(visitor.problems).toEqual([]);
    expect(alice.problems).toEqual([]);
  });

  it('given an admin reading Chinese when they open the rules page then it is in Chinese', async () => {
    const zh = await openTab(browser, d.base, { width: 1280, height: 720 }, 'zh-CN');
    await signIn(zh.page, 'ada', PASSWORD);
    await zh.page.waitForURL(/\/app\/(supervisor|toolbar)?$/);
    await zh.page.goto('/app/chat-invitation-rules');
    await zh.page.waitForSelector('[data-rule-name="Help pages"]');
    expect(await zh.page.textContent('#rules-title')).toBe('自动邀请');
    await zh.page.click('[data-action=edit-rule]');
    await zh.page.waitForSelector('#rule-form-title');
    await shot(zh.page, '05-page-zh');
    expect(zh.problems).toEqual([]);
    expect(admin.problems).toEqual([]);
  });
});

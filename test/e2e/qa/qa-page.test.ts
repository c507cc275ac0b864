/**
 * The quality page in headless Chromium: a supervisor builds a scorecard (the weights' total must
 * reach 100), assigns a filtered weekly sample to a second supervisor, draws one for herself,
 * evaluates a chat beside its transcript, the customer and the visitor's trail, and submits; the
 * agent reads it under "My evaluations" and disputes it; the second supervisor (who sees his
 * assigned chat and hands it back to her) upholds the score; the report shows the evaluation. English and Chinese;
 * screenshots under test-artifacts/qa/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { startSupervisorFloor } from '../supervisor/supervisor-floor.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/qa');
const SCREEN = { width: 1366, height: 900 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

describe.runIf(haveTools('quality page in Chromium', [CHROMIUM]))('the quality page in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let sue: AgentTab;
  let alice: AgentTab;
  let sam: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    let aliceAgent: string;
    ({ d, aliceAgent } = await startSupervisorFloor());
    const queueId = (await d.api<{ items: { id: string }[] }>('GET', '/api/queues')).items[0]?.id ?? '';
    const db = d.app().store.db;
    // One chat Alice handled two hours ago (the page's default range is the last week).
    const at = Date.now() - 2 * 3_600_000;
    await db.insertInto('chat_visitors').values({ id: 'v-qa', token_hash: 'h-qa', created_at: new Date(at) }).execute();
    await db
      .insertInto('chats')
      .values({ id: 'chat-qa', visitor_id: 'v-qa', queue_id: queueId, state: 'ended', agent_id: aliceAgent, visitor_name: '王芳', page: 'https://shop.example/orders', created_at: new Date(at), assigned_at: new Date(at + 20_000), ended_at: new Date(at + 600_000), end_reason: 'agent_ended', outcome: 'solved', outcome_reason: null, last_seq: 3 })
      .execute();
    await db
      .insertInto('chat_messages')
      .values([
        { chat_id: 'chat-qa', seq: 1, author: 'visitor', agent_id: null, client_id: 'v:1', body: '你好，我的订单三天了还没发货', at: new Date(at + 25_000) },
        { chat_id: 'chat-qa', seq: 2, author: 'agent', agent_id: aliceAgent, client_id: 'a:1', body: '您好，我是 Alice，马上帮您查询订单状态。', at: new Date(at + 40_000) },
        { chat_id: 'chat-qa', seq: 3, author: 'visitor', agent_id: null, client_id: 'v:2', body: '好的，谢谢', at: new Date(at + 60_000) },
      ])
      .execute();
    // The visit the chat started in (three pages, the last while chatting) and the customer she is.
    await db
      .insertInto('chat_visits')
      .values({ id: 'visit-qa', visitor_id: 'v-qa', started_at: new Date(at - 240_000), ended_at: new Date(at + 600_000), returning_visitor: true, landing_page: 'https://shop.example/', referrer: 'https://www.baidu.com/s?wd=订单查询', search_engine: 'baidu', search_keywords: '订单查询', device_type: 'mobile', browser: 'Chrome 120', os: 'Android 14', country: 'CN', region: 'Guangdong', city: 'Shenzhen' })
      .execute();
    await db
      .insertInto('chat_visit_pages')
      .values([
        { visit_id: 'visit-qa', seq: 1, url: 'https://shop.example/', title: '首页', entered_at: new Date(at - 240_000), left_at: new Date(at - 180_000) },
        { visit_id: 'visit-qa', seq: 2, url: 'https://shop.example/orders', title: '我的订单', entered_at: new Date(at - 180_000), left_at: new Date(at + 30_000) },
        { visit_id: 'visit-qa', seq: 3, url: 'https://shop.example/orders/1088', title: '订单 1088', entered_at: new Date(at + 30_000), left_at: new Date(at + 600_000) },
      ])
      .execute();
    await d.api('POST', '/api/customers', { name: '王芳', company: 'Example Shop', level: 'gold', tags: ['repeat buyer'], chatVisitors: ['v-qa'] });
    // A second, longer chat of Alice's: the one the filtered sample for Sam picks.
    await db.insertInto('chat_visitors').values({ id: 'v-qa2', token_hash: 'h-qa2', created_at: new Date(at) }).execute();
    await db
      .insertInto('chats')
      .values({ id: 'chat-qa2', visitor_id: 'v-qa2', queue_id: queueId, state: 'ended', agent_id: aliceAgent, visitor_name: '李雷', page: 'https://shop.example/returns', created_at: new Date(at + 3_600_000), assigned_at: new Date(at + 3_610_000), ended_at: new Date(at + 3_610_000 + 1_500_000), end_reason: 'agent_ended', outcome: 'solved', outcome_reason: null, last_seq: 0 })
      .execute();
    // A call Alice answered from a known customer, wrapped up, not recorded: ten days ago, out of the sampled week.
    const callAt = at - 10 * 86_400_000;
    await d.api('POST', '/api/customers', { name: '张伟', level: 'vip', phones: ['+86 139 1111 2222'] });
    await db
      .insertInto('calls')
      .values({ id: 'call-qa', direction: 'inbound', state: 'ended', from_number: '+8613911112222', to_number: '400', caller_name: 'ZHANG W', queue_id: queueId, contact_id: null, agent_id: aliceAgent, customer: null, ivr_path: '[]', variables: '{}', started_at: new Date(callAt), answered_at: new Date(callAt + 10_000), ended_at: new Date(callAt + 190_000), outcome: 'agent_answered', hung_up_by: 'caller', recording_ids: '[]', disposition_label: 'Refund issued', wrap_up_note: '已退款 88 元' })
      .execute();
    browser = await launch();
    sue = await openTab(browser, d.base, SCREEN);
    alice = await openTab(browser, d.base, SCREEN);
    sam = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const evaluationState = (page: Page) => page.getAttribute('.qa-evaluation', 'data-state');

  it('given a supervisor when they build a scorecard then the total must reach 100 before it saves', async () => {
    const page = sue.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto(`${d.base}/app/qa`);
    await page.click('button[data-tab="scorecards"]');
    await page.click('button[data-action="new-scorecard"]');
    await page.fill('#qa-card-name', 'Chat quality');
    await page.fill('input[id^="qa-sec-"]', 'Service');
    const items = page.locator('[data-item-edit]');
    await items.nth(0).locator('input[id^="qa-item-"]').fill('Greets the visitor by name');
    await items.nth(0).locator('input[id^="qa-weight-"]').fill('40');
    expect(await page.getAttribute('output.qa-total', 'data-total')).toBe('40');
    expect(await page.getAttribute('output.qa-total', 'class')).toContain('is-off');
    await page.click('button[data-action="add-item"]');
    await items.nth(1).locator('input[id^="qa-item-"]').fill('Solves the request');
    await items.nth(1).locator('select').selectOption('scale');
    await items.nth(1).locator('input[id^="qa-weight-"]').fill('60');
    await page.click('button[data-action="add-item"]');
    await items.nth(2).locator('input[id^="qa-item-"]').fill('No personal data asked in chat');
    await items.nth(2).locator('select').selectOption('critical');
    expect(await page.getAttribute('output.qa-total', 'data-total')).toBe('100');
    await shot(page, '01-scorecard-editor-en');
    await page.click('button[data-action="save-scorecard"]');
    await page.waitForSelector('button[data-action="new-scorecard"]');
    expect(await page.locator('.qa-panel tbody tr').allTextContents()).toEqual([expect.stringContaining('Chat quality')]);
    expect(sue.problems).toEqual([]);
  });

  it('given the scorecard when the supervisor assigns chats handled over 15 minutes, one per agent per week, to Sam then only the long chat is his', async () => {
    const page = sue.page;
    await page.click('button[data-tab="review"]');
    await page.waitForSelector('#qa-s-for option:nth-child(2)', { state: 'attached' });
    await page.selectOption('#qa-s-for', { label: 'sam' });
    await page.fill('#qa-s-min', '15');
    await page.check('#qa-s-week');
    await page.fill('#qa-per-agent', '1');
    await shot(page, '02a-assign-sample-en');
    await page.click('button[data-action="sample"]');
    await page.waitForSelector('[data-drawn="1"]');
    expect(await page.textContent('[data-drawn]')).toBe('Assigned to sam: 1.');
    // Hers stays empty: the sample went to Sam.
    expect(await page.locator('button[data-action="evaluate"]').count()).toBe(0);
    await page.selectOption('#qa-s-for', '');
    await page.fill('#qa-s-min', '');
    await page.uncheck('#qa-s-week');
    await page.fill('#qa-per-agent', '3');
    // Picking by hand: Sam's chat is sampled already, so only the other one is offered.
    await page.click('button[data-action="find"]');
    await page.waitForSelector('.qa-found tbody tr');
    expect(await page.locator('button[data-action="evaluate-found"]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-contact')))).toEqual(['chat-qa']);
    expect(await page.textContent('.qa-found tbody')).toContain('support');
    await shot(page, '02b-find-contacts-en');
    expect(sue.problems).toEqual([]);
  });

  it('given the scorecard when the supervisor samples and evaluates the chat then the transcript, the customer and the visitor’s trail are beside the form and the score is submitted', async () => {
    const page = sue.page;
    await page.click('button[data-action="sample"]');
    await page.waitForFunction(() => document.querySelector('[data-drawn]')?.textContent === '1 contacts added to your list.');
    await page.click('button[data-action="evaluate"][data-contact="chat-qa"]');
    await page.waitForSelector('.qa-transcript li');
    expect(await page.locator('.qa-transcript li').count()).toBe(3);
    expect(await page.textContent('.qa-transcript')).toContain('我的订单三天了还没发货');
    await page.waitForSelector('.qa-context .qa-trail li');
    expect(await page.textContent('.qa-customer')).toContain('王芳');
    expect(await page.textContent('.qa-customer')).toContain('Gold');
    expect(await page.locator('.qa-trail li').allTextContents()).toEqual([expect.stringContaining('首页'), expect.stringContaining('我的订单'), expect.stringMatching(/订单 1088.*during the chat/)]);
    expect(await page.textContent('.qa-context')).toContain('订单查询 (baidu)');
    const items = page.locator('[data-item-row]');
    await items.nth(0).locator('input[data-value="true"]').check();
    await items.nth(1).locator('input[data-value="4"]').check();
    expect(await page.textContent('output.qa-score')).toBe('2 of 3 answered');
    await items.nth(2).locator('input[data-value="true"]').check();
    // 40 + 60 x 3/4
    expect(await page.textContent('output.qa-score')).toBe('Score 85.0 / 100');
    await items.nth(1).locator('.qa-item-comment').fill('Could have given a delivery date');
    await page.fill('#qa-comment', 'Friendly and quick.');
    await shot(page, '02-evaluate-chat-en');
    await page.click('button[data-action="submit"]');
    await page.waitForFunction(() => document.querySelector('.qa-evaluation')?.getAttribute('data-state') === 'submitted');
    expect(await page.locator('button[data-action="submit"]').count()).toBe(0);

    // A call by its id: the caller's customer profile and the wrap-up beside the (absent) recording.
    await page.click('button[data-action="back"]');
    await page.selectOption('#qa-kind', 'call');
    await page.fill('#qa-contact', 'call-qa');
    await page.click('button[data-action="evaluate-by-id"]');
    await page.waitForSelector('.qa-context[data-context="call"] .qa-customer');
    expect(await page.textContent('.qa-customer')).toContain('张伟');
    expect(await page.textContent('.qa-context')).toContain('+8613911112222');
    expect(await page.textContent('[data-part="wrap-up"]')).toContain('Refund issued · 已退款 88 元');
    await page.waitForFunction(() => document.querySelector('.qa-material')?.textContent?.includes('This call was not recorded.'));
    await shot(page, '02c-evaluate-call-en');
    await page.click('button[data-action="back"]');
    expect(sue.problems).toEqual([]);
  });

  it('given the submitted evaluation when the agent opens My evaluations then she reads it and disputes it', async () => {
    const page = alice.page;
    await signIn(page, 'alice', PASSWORD);
    await page.waitForURL(/\/app\/toolbar$/);
    await page.goto(`${d.base}/app/qa`);
    await page.waitForSelector('button[data-action="open"]');
    expect(await page.locator('.qa-tabs [role="tab"]').allTextContents()).toEqual(['My evaluations']);
    await page.click('button[data-action="open"]');
    await page.waitForSelector('.qa-transcript li');
    expect(await page.textContent('output.qa-score')).toBe('Score 85.0 / 100');
    expect(await page.textContent('.qa-item-note')).toBe('Could have given a delivery date');
    expect(await page.locator('.qa-choice input:not([disabled])').count()).toBe(0);
    await page.fill('#qa-reason', 'The visitor had not given an order number, so no date could be given.');
    await page.click('button[data-action="dispute"]');
    await page.waitForFunction(() => document.querySelector('.qa-evaluation')?.getAttribute('data-state') === 'disputed');
    expect(await page.textContent('[data-part="dispute"]')).toContain('no date could be given');
    await shot(page, '03-agent-disputes-en');
    expect(alice.problems).toEqual([]);
  });

  it('given the dispute when a second supervisor opens it in Chinese then they uphold the score and the evaluator could not', async () => {
    // The evaluator sees no resolve buttons on her own evaluation.
    await sue.page.reload();
    await sue.page.waitForSelector('.qa-evaluation, .qa-tabs');
    expect(await sue.page.locator('button[data-action="uphold"]').count()).toBe(0);

    const page = sam.page;
    await signIn(page, 'sam', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto(`${d.base}/app/qa`);
    // The chat Sue assigned to him waits in his list.
    await page.waitForSelector('button[data-action="evaluate"][data-contact="chat-qa2"]');
    expect(await page.locator('button[data-action="evaluate"]').count()).toBe(1);
    // Who holds what: he hands it back to Sue, and his own list empties.
    await page.click('.qa-workload > summary');
    await page.waitForSelector('.qa-workload select[data-assignment="chat-qa2"]');
    expect(await page.locator('.qa-workload-counts .badge').allTextContents()).toEqual(['sam：1']);
    await page.selectOption('.qa-workload select[data-assignment="chat-qa2"]', { label: 'sue' });
    await page.waitForFunction(() => document.querySelector('.qa-workload-counts .badge')?.textContent === 'sue：1');
    await page.waitForFunction(() => document.querySelectorAll('button[data-action="evaluate"]').length === 0);
    await shot(page, '04a-workload-zh');
    await page.click('button[data-tab="evaluations"]');
    await page.selectOption('#qa-state', 'disputed');
    await page.waitForSelector('button[data-action="open"]');
    expect(await page.textContent('.qa-panel tbody')).toContain('申诉中');
    await page.click('button[data-action="open"]');
    await page.waitForSelector('button[data-action="uphold"]');
    expect(await page.textContent('.qa-material h3')).toContain('会话记录');
    expect(await page.textContent('.qa-context')).toContain('访客轨迹');
    await shot(page, '04-resolve-zh');
    await page.fill('#qa-note', '访客未提供订单号，维持原分，下次可主动询问订单号。');
    await page.click('button[data-action="uphold"]');
    await page.waitForFunction(() => document.querySelector('.qa-evaluation')?.getAttribute('data-state') === 'resolved');
    expect(await page.textContent('[data-part="resolution"]')).toContain('维持原分');
    expect(await evaluationState(page)).toBe('resolved');
    expect(sam.problems).toEqual([]);
  });

  it('given the resolved evaluation when the report is shown then it counts with its score, in both languages', async () => {
    const page = sam.page;
    await page.click('button[data-action="back"]');
    await page.click('button[data-tab="report"]');
    await page.waitForSelector('[data-report-total="1"]');
    expect(await page.textContent('.qa-summary')).toBe('共 1 条质检，平均 85.0 分；致命项未通过 0 条，申诉 1 条。');
    expect(await page.locator('.qa-panel tbody tr').allTextContents()).toEqual([expect.stringContaining('Alice Wang')]);
    await page.waitForSelector('.report-chart canvas');
    await shot(page, '05-report-zh');
    await page.selectOption('#qa-r-group', 'item');
    await page.waitForFunction(() => document.querySelectorAll('.qa-panel tbody tr').length === 3);
    // The weakest item first: the scale earned 75 %.
    expect(await page.locator('.qa-panel tbody tr').first().textContent()).toContain('Solves the request');
    await shot(page, '06-report-items-zh');

    const en = sue.page;
    await en.goto(`${d.base}/app/qa`);
    await en.click('button[data-tab="report"]');
    await en.waitForSelector('[data-report-total="1"]');
    await shot(en, '07-report-en');
    expect(sam.problems).toEqual([]);
    expect(sue.problems).toEqual([]);
  });
});

/**
 * The reports page in headless Chromium against the daemon on the simulated media server: a
 * supervisor reaches it from the header's page menu, shows a stored day (Asia/Shanghai) per hour
 * (chart and table; the totals are the test's own count), groups it by agent, exports it for Excel
 * (UTF-8 byte-order mark), and reads the agents tab (a lunch break by its reason's label). A wrong time zone
 * is refused under its field. English and Chinese; screenshots under test-artifacts/reports/.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../src/calls/call-model.js';
import { haveTools } from '../../helpers/tools.js';
import { startSupervisorFloor } from '../supervisor/supervisor-floor.js';
import { CHROMIUM, launch, openTab, signIn, type AgentTab } from '../toolbar/browser.js';
import { PASSWORD, type ToolbarDaemon } from '../toolbar/toolbar-daemon.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/reports');
const SCREEN = { width: 1440, height: 900 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
/** 23 November 2026, 00:00 in Shanghai. */
const DAY = Date.UTC(2026, 10, 22, 16, 0, 0);
const H = 3_600_000;
const CALLS = 40;

describe.runIf(haveTools('reports page in Chromium', [CHROMIUM]))('the reports page in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;
  const expected = { offered: 0, answered: 0, abandonedInQueue: 0, abandonedInIvr: 0, ratings: 0 };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    let aliceAgent: string;
    let bobAgent: string;
    ({ d, aliceAgent, bobAgent } = await startSupervisorFloor());
    const queueId = (await d.api<{ items: { id: string }[] }>('GET', '/api/queues')).items[0]?.id ?? '';
    const store = d.app().deps.contactCenter.callStore;
    // A day of calls from 09:00, one every 12 minutes: every 5th gives up in the queue, every 7th in the IVR.
    for (let i = 0; i < CALLS; i++) {
      const at = DAY + 9 * H + i * 12 * 60_000;
      const ivr = i % 7 === 3;
      const abandon = !ivr && i % 5 === 0;
      const c: CallRecord = {
        id: `call-${String(i).padStart(3, '0')}`,
        direction: 'inbound',
        state: 'ended',
        from: `+86138${String(10000000 + i)}`,
        to: '+861055550001',
        callerName: '',
        ivrPath: [],
        variables: {},
        startedAt: at,
        recordingIds: [],
        ...(ivr ? { endedAt: at + 8_000, outcome: 'ivr_abandon' as const } : {}),
        ...(abandon ? { queueId, endedAt: at + 45_000, outcome: 'queue_abandon' as const } : {}),
        ...(!ivr && !abandon ? { queueId, answeredAt: at + (i % 4) * 10_000, endedAt: at + (i % 4) * 10_000 + (120 + i * 3) * 1_000, outcome: 'agent_answered' as const, agentId: i % 2 ? aliceAgent : bobAgent } : {}),
      };
      await store.saveCall(c);
      if (ivr) expected.abandonedInIvr++;
      else {
        expected.offered++;
        if (abandon) expected.abandonedInQueue++;
        else expected.answered++;
      }
    }
    // The agents' day: Alice 08:55-17:30 with a contact 10:00-10:35 (5 minutes wrap-up) and lunch 12:00-13:00, Bob 09:00-17:00.
    const db = d.app().store.db;
    const trail: [string, number, string, string, string | null][] = [
      [aliceAgent, 8 * H + 55 * 60_000, 'logged_out', 'available', null],
      [aliceAgent, 10 * H, 'available', 'on_contact', null],
      [aliceAgent, 10 * H + 30 * 60_000, 'on_contact', 'wrap_up', null],
      [aliceAgent, 10 * H + 35 * 60_000, 'wrap_up', 'available', null],
      [aliceAgent, 12 * H, 'available', 'not_ready', 'lunch'],
      [aliceAgent, 13 * H, 'not_ready', 'available', null],
      [aliceAgent, 17 * H + 30 * 60_000, 'available', 'logged_out', null],
      [bobAgent, 9 * H, 'logged_out', 'available', null],
      [bobAgent, 17 * H, 'available', 'logged_out', null],
    ];
    for (const [agent_id, offset, from_state, to_state, reason] of trail) {
      await db.insertInto('acd_agent_transitions').values({ agent_id, at: new Date(DAY + offset), from_state, to_state, reason, by_user: null }).execute();
    }
    await d.api('POST', '/api/break-reasons', { code: 'lunch', label: 'Lunch break', paid: false });
    // Post-call ratings on the answered calls (a few minutes after each), and one chat's survey.
    let rated = 0;
    for (let i = 0; i < CALLS; i += 1) {
      if (i % 7 === 3 || i % 5 === 0 || i % 3 !== 0) continue;
      const at = new Date(DAY + 9 * H + i * 12 * 60_000 + 6 * 60_000);
      await db.insertInto('ivr_call_data').values({ call_id: `call-${String(i).padStart(3, '0')}`, name: 'rating', value: String(1 + ((i * 7) % 5)), flow: 'survey', at }).execute();
      rated++;
    }
    expected.ratings = rated;
    await db.insertInto('chat_visitors').values({ id: 'v-sat', token_hash: 'h-sat', created_at: new Date(DAY + 11 * H) }).execute();
    await db
      .insertInto('chats')
      .values({ id: 'chat-sat', visitor_id: 'v-sat', queue_id: queueId, state: 'ended', agent_id: aliceAgent, visitor_name: '王芳', page: '', created_at: new Date(DAY + 11 * H), assigned_at: new Date(DAY + 11 * H + 60_000), ended_at: new Date(DAY + 11 * H + 600_000), end_reason: 'agent_ended', outcome: 'solved', outcome_reason: null, last_seq: 0 })
      .execute();
    await db.insertInto('chat_surveys').values({ chat_id: 'chat-sat', score: 5, comment: '很好', at: new Date(DAY + 11 * H + 620_000) }).execute();
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  /** Shows the stored day and waits until the page shows it (the previous range's table stays until then). */
  const showDay = async (page: Page) => {
    await page.fill('#rp-from', '2026-11-23');
    await page.fill('#rp-to', '2026-11-23');
    await page.fill('#rp-tz', 'Asia/Shanghai');
    const answered = page.waitForResponse((r) => r.url().includes('/api/reports/') && new URL(r.url()).searchParams.get('from') === String(DAY));
    await page.click('button[data-action="show"]');
    await answered;
    await page.waitForSelector('.report-panel[aria-busy="false"]');
  };
  const totalRow = (page: Page) => page.locator('.report-panel tbody tr').first();
  /** The chart's canvas lies within its figure (nothing cut off at the sides). */
  const chartFits = async (page: Page) => {
    const fig = await page.locator('.report-chart').boundingBox();
    const canvas = await page.locator('.report-chart canvas').boundingBox();
    expect(fig && canvas).toBeTruthy();
    if (!fig || !canvas) return;
    expect(canvas.x).toBeGreaterThanOrEqual(fig.x);
    expect(canvas.x + canvas.width).toBeLessThanOrEqual(fig.x + fig.width + 0.5);
    expect(canvas.height).toBeGreaterThan(150);
  };

  it('given a supervisor when they open reports from the page menu and show a stored day then the chart and the totals are the day', async () => {
    const page = en.page;
    await signIn(page, 'sue', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.click('details.page-menu summary');
    await page.click('a[data-menu-page="reports"]');
    await page.waitForURL(/\/app\/reports$/);
    await page.waitForSelector('.report-panel table');
    await page.fill('#rp-tz', 'Mars/Olympus');
    await page.click('button[data-action="show"]');
    expect(await page.textContent('#rp-tz-error')).toBe('Unknown time zone: use a name such as Asia/Shanghai.');
    await showDay(page);
    await page.waitForFunction(() => document.querySelector('.report-panel tbody tr td')?.textContent === 'Total');
    await page.waitForSelector('.report-chart canvas');
    expect(await page.locator('#rp-tz-error').count()).toBe(0);
    const cells = await totalRow(page).locator('td').allTextContents();
    // Interval, offered, answered, abandoned in IVR, abandoned in queue, answer rate.
    expect(cells.slice(0, 5)).toEqual(['Total', String(expected.offered), String(expected.answered), String(expected.abandonedInIvr), String(expected.abandonedInQueue)]);
    expect(cells[5]).toBe(`${Math.round((expected.answered / expected.offered) * 100)}%`);
    // One row per hour with calls (09:00 to 16:00 local), after the total.
    expect(await page.locator('.report-panel tbody tr').count()).toBe(1 + 8);
    expect(await page.locator('.report-panel tbody tr').nth(1).locator('td').first().textContent()).toBe('09:00');
    expect(await page.textContent('[data-testid="report-definition"]')).toContain("answered within their queue's service-level time");
    await chartFits(page);
    await shot(page, '01-volume-en');
    expect(en.problems).toEqual([]);
  });

  it('given group by agent when shown then each agent has a row and a line, and the export is the same report for Excel', async () => {
    const page = en.page;
    await page.selectOption('#rp-group', 'agent');
    await page.click('button[data-action="show"]');
    await page.waitForFunction(() => document.querySelectorAll('.report-chart .trend-legend li').length === 2);
    expect(await page.locator('.report-chart .trend-legend li').allTextContents()).toEqual(['Alice Wang', 'Bob Li']);
    const totals = page.locator('.report-panel tbody tr').filter({ hasText: 'Total' });
    expect(await totals.count()).toBe(2);
    await chartFits(page);
    await shot(page, '02-volume-by-agent-en');
    const download = page.waitForEvent('download');
    await page.click('button[data-action="export"]');
    const file = await download;
    const bytes = readFileSync((await file.path()) ?? '');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    // Header, then 24 hours x 2 agents.
    expect(lines).toHaveLength(1 + 24 * 2);
    expect(lines[0]).toMatch(/^interval_start,group_id,group_name,offered,answered/);
    expect(lines.filter((l) => l.startsWith('2026-11-23T09:00+08:00,')).map((l) => l.split(',')[2])).toEqual(['Alice Wang', 'Bob Li']);
    expect(en.problems).toEqual([]);
  });

  it("given the agents tab when shown then each agent's day is there with Alice's lunch as not-ready time", async () => {
    const page = en.page;
    await page.click('button[data-tab="agents"]');
    await page.waitForSelector('.report-agents');
    await showDay(page);
    await page.waitForFunction(() => document.querySelectorAll('.report-agents tbody tr').length === 2 && !!document.querySelector('.report-agents .reasons'));
    const alice = page.locator('.report-agents tbody tr').filter({ hasText: 'Alice Wang' });
    const cells = await alice.locator('td').allTextContents();
    // Logged in 8:35, available 7:00, not ready 1:00 (lunch), occupancy 35 / (35 + 420) minutes, first login 08:55, last logout 17:30.
    expect(cells[2]).toBe('8:35:00');
    expect(cells[3]).toBe('7:00:00');
    // Stored by the break reason's code; shown by its label.
    expect(cells[4]).toBe('1:00:00Lunch break 1:00:00');
    expect(cells[5]).toBe('8%');
    expect(cells.slice(-2)).toEqual(['08:55', '17:30']);
    await chartFits(page);
    await shot(page, '03-agents-en');
    expect(en.problems).toEqual([]);
  });

  it('given the page in Chinese when the day and the agents are shown then every label is Chinese and nothing is cut off', async () => {
    const page = zh.page;
    await signIn(page, 'sam', PASSWORD);
    await page.waitForURL(/\/app\/supervisor$/);
    await page.goto('/app/reports');
    await page.waitForSelector('.report-panel table');
    await showDay(page);
    await page.waitForFunction(() => document.querySelector('.report-panel tbody tr td')?.textContent === '合计');
    expect(await page.textContent('.report-tabs')).toBe('话务量坐席满意度聊天机器人');
    expect(await page.textContent('[data-testid="report-definition"]')).toContain('服务水平');
    await chartFits(page);
    await shot(page, '04-volume-zh');
    await page.selectOption('#rp-group', 'queue');
    await page.selectOption('#rp-interval', '15m');
    await page.click('button[data-action="show"]');
    await page.waitForFunction(() => document.querySelector('.report-panel thead')?.textContent?.includes('分组'));
    await shot(page, '05-volume-by-queue-zh');
    await page.click('button[data-tab="agents"]');
    await page.waitForFunction(() => document.querySelectorAll('.report-agents tbody tr').length === 2);
    expect(await page.textContent('.report-agents thead')).toContain('占用率');
    await chartFits(page);
    await shot(page, '06-agents-zh');
    await page.click('button[data-tab="satisfaction"]');
    await page.waitForSelector('.report-satisfaction tbody tr');
    expect(await page.textContent('.report-satisfaction thead')).toContain('满意率');
    await chartFits(page);
    await shot(page, '08-satisfaction-zh');
    expect(zh.problems).toEqual([]);
  });

  it('given the satisfaction tab grouped by media then calls and chats each have their answers, and the totals match what was stored', async () => {
    const page = en.page;
    await page.goto('/app/reports');
    await page.click('button[data-tab="satisfaction"]');
    await showDay(page);
    await page.selectOption('#rp-interval', 'hour');
    await page.selectOption('#rp-group', 'media');
    await page.click('button[data-action="show"]');
    await page.waitForFunction(() => document.querySelector('.report-satisfaction thead')?.textContent?.includes('Group'));
    const totals = await page.locator('.report-satisfaction tbody tr').evaluateAll((trs) => trs.slice(0, 2).map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)));
    expect(totals[0]?.slice(0, 3)).toEqual(['Total', 'Calls', String(expected.ratings)]);
    expect(totals[1]?.slice(0, 5)).toEqual(['Total', 'Chats', '1', '5.00', '100%']);
    expect(await page.textContent('[data-testid="satisfaction-definition"]')).toContain('CSAT: answers scoring 4 or 5');
    await chartFits(page);
    await shot(page, '07-satisfaction-by-media-en');
    expect(en.problems).toEqual([]);
  });
});

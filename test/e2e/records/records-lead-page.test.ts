/**
 * The records page for a team lead in headless Chromium, on the records pages' floor (team Sales
 * with Alice and Bob, supervisor-floor.ts): Lena leads Sales and takes calls and chats herself as
 * an agent of Support, a team she does not lead, beside Carl. She sees Sales' calls and chats and
 * her own, also a call she answered and passed on to Carl, and none of Carl's own; the Chats tab's
 * export downloads a CSV whose rows are exactly the chats shown. English and Chinese; screenshots
 * under test-artifacts/records/ (14-*, 15-*).
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
import { seedEndedChat, seedPageVisitor } from './records-seed.js';

const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/records');
const SCREEN = { width: 1440, height: 900 };
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });

/** Newest first, as both tabs list them: who handled each (the call's or chat's agent). */
const CALLS = [
  ['call-lena', 'lena'],
  ['call-passed', 'carl'],
  ['call-carl', 'carl'],
  ['call-bob', 'bob'],
  ['call-alice', 'alice'],
] as const;
const CHATS = [
  ['chat-lena', 'lena'],
  ['chat-carl', 'carl'],
  ['chat-bob', 'bob'],
  ['chat-alice', 'alice'],
] as const;
/** What Lena reaches: Sales' (Alice, Bob), her own, and the call she answered before passing it to Carl. */
const LENAS_CALLS = ['call-lena', 'call-passed', 'call-bob', 'call-alice'];
const LENAS_CHATS = ['chat-lena', 'chat-bob', 'chat-alice'];

describe.runIf(haveTools('records page for a team lead in Chromium', [CHROMIUM]))('the records page for a team lead in Chromium', () => {
  let d: ToolbarDaemon;
  let browser: Browser;
  let en: AgentTab;
  let zh: AgentTab;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const floor = await startSupervisorFloor();
    d = floor.d;
    const support = await d.api<{ id: string }>('POST', '/api/teams', { name: 'Support' });
    const salesId = (await d.api<{ items: { id: string; name: string }[] }>('GET', '/api/teams')).items.find((t) => t.name === 'Sales')?.id ?? '';
    const lena = await d.api<{ user: { id: string } }>('POST', '/api/users', { username: 'lena', roles: ['team_lead'], password: PASSWORD });
    await d.api('PUT', `/api/teams/${salesId}`, { name: 'Sales', leadUserIds: [lena.user.id] });
    const carlUser = await d.createUser('carl', ['agent']);
    const agent = async (userId: string, number: string, displayName: string, extension: string) =>
      (await d.api<{ id: string }>('POST', '/api/agents', { userId, number, displayName, teamId: support.id, phone: { mode: 'fixed', extension } })).id;
    const agents: Record<string, string> = {
      alice: floor.aliceAgent,
      bob: floor.bobAgent,
      carl: await agent(carlUser, '1003', 'Carl Zhao', 'agent3'),
      lena: await agent(lena.user.id, '1004', 'Lena Sun', 'agent4'),
    };
    const queueId = (await d.api<{ items: { id: string }[] }>('GET', '/api/queues')).items[0]?.id ?? '';
    const store = d.app().deps.contactCenter.callStore;
    const now = Date.now();
    for (const [i, [id, who]] of [...CALLS].reverse().entries()) {
      const at = now - (10 - i) * 60 * 60_000;
      const c: CallRecord = { id, direction: 'inbound', state: 'ended', from: `+49301000${i}`, to: '+861055550001', callerName: '', ivrPath: [], variables: {}, startedAt: at, answeredAt: at + 5_000, endedAt: at + 120_000, queueId, agentId: agents[who] ?? '', outcome: 'agent_answered', recordingIds: [] };
      await store.saveCall(c);
      if (id === 'call-passed') {
        // Lena answered it, then transferred it to Carl, whose call it ended as.
        await store.saveLeg({ id: 'leg-passed-lena', callId: id, role: 'agent', agentId: agents.lena ?? '', endpoint: 'agent4', createdAt: at, answeredAt: at + 5_000, endedAt: at + 40_000 });
        await store.saveLeg({ id: 'leg-passed-carl', callId: id, role: 'agent', agentId: agents.carl ?? '', endpoint: 'agent3', createdAt: at + 40_000, answeredAt: at + 45_000, endedAt: at + 120_000 });
      }
    }
    const db = d.app().store.db;
    await seedPageVisitor(db);
    for (const [i, [id, who]] of [...CHATS].reverse().entries()) {
      await seedEndedChat(db, { id, queueId, agentId: agents[who] ?? '', visitorName: `访客 ${who}`, at: now - (10 - i) * 60 * 60_000, durationMs: 90_000, solved: i % 2 === 0 });
    }
    browser = await launch();
    en = await openTab(browser, d.base, SCREEN);
    zh = await openTab(browser, d.base, SCREEN, 'zh-CN');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await d?.close();
  });

  const openRecords = async (page: Page) => {
    await signIn(page, 'lena', PASSWORD);
    await page.waitForURL(/\/app\/(supervisor|toolbar)$/);
    await page.goto('/app/records');
    await page.waitForSelector('.records tbody button[data-call]');
  };
  const shownCalls = (page: Page) => page.locator('.records tbody button[data-call]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-call')));
  const shownChats = (page: Page) => page.locator('.chat-records tbody button[data-chat]').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-chat')));

  it("given a team lead who also takes calls outside their teams when they open the records then their teams' calls and their own show, also one they passed on, and none of the other team's", async () => {
    const page = en.page;
    await openRecords(page);
    expect(await shownCalls(page)).toEqual(LENAS_CALLS);
    const passed = await page.textContent('.records tbody tr:has(button[data-call="call-passed"])');
    expect(passed).toContain('Carl Zhao');
    await shot(page, '14-lead-calls-en');
    expect(en.problems).toEqual([]);
  });

  it('given the lead on the Chats tab when they export then the CSV downloaded holds exactly the chats shown', async () => {
    const page = en.page;
    await page.click('button[data-tab="chats"]');
    await page.waitForSelector('.chat-records tbody button[data-chat]');
    const shown = await shownChats(page);
    expect(shown).toEqual(LENAS_CHATS);
    const download = page.waitForEvent('download');
    await page.click('.chat-records button[data-action="export"]');
    const file = await download;
    await page.waitForSelector('.chat-records .export-progress[data-done="true"]');
    const bytes = readFileSync((await file.path()) ?? '');
    const lines = bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
    expect(lines[0]?.startsWith('chat_id,')).toBe(true);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(shown);
    expect(lines.find((l) => l.startsWith('chat-lena,'))).toContain('Lena Sun');
    await shot(page, '14b-lead-chats-export-en');
    expect(en.problems).toEqual([]);
  });

  it('given the lead reading Chinese then the same calls and chats show, in Chinese', async () => {
    const page = zh.page;
    await openRecords(page);
    expect(await shownCalls(page)).toEqual(LENAS_CALLS);
    await shot(page, '15-lead-calls-zh-CN');
    await page.click('button[data-tab="chats"]');
    await page.waitForSelector('.chat-records tbody button[data-chat]');
    expect(await shownChats(page)).toEqual(LENAS_CHATS);
    expect(await page.textContent('button[data-tab="chats"]')).toBe('聊天');
    await shot(page, '15b-lead-chats-zh-CN');
    expect(zh.problems).toEqual([]);
  });
});

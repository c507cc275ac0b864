import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveTools } from '../../helpers/tools.js';
import { createIvrApp, PASSWORD, type IvrApp } from './ivr-app.js';

let t: IvrApp;
let browser: Browser;
let page: Page;
let base: string;
const SCREENSHOT = '/tmp/ivr-admin-page.png';
const CHROMIUM = '/usr/bin/chromium';

/** What the browser refused under the daemon's Content-Security-Policy (must stay empty). */
const cspViolations: string[] = [];

async function signIn(username: string): Promise<Page> {
  const p = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  p.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await p.goto(`${base}/ivr-admin/?flow=main`);
  await p.fill('input[name=username]', username);
  await p.fill('input[name=password]', PASSWORD);
  await p.click('#login-form button');
  await p.waitForSelector('#diagram g.node');
  return p;
}

describe.runIf(haveTools('IVR admin page in Chromium', [CHROMIUM]))('IVR admin page in Chromium', () => {
  beforeAll(async () => {
    t = await createIvrApp();
    await t.loginAs(['admin'], 'flow-admin');
    await t.loginAs(['supervisor'], 'flow-viewer');
    base = await t.server.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('given an admin when the page opens then every flow is listed with its state and main is drawn as a diagram', async () => {
    page = await signIn('flow-admin');
    const items = await page.locator('#flows button').allTextContents();
    expect(items).toEqual(['after-hoursvalid', 'mainvalid', 'order-statusvalid', 'surveyvalid', 'vip-routingvalid']);
    // One box per node of the file as it is in ivr-flows/ (the examples evolve).
    const mainNodes = Object.keys((parseYaml(readFileSync(join(t.flowsDir, 'main.yaml'), 'utf8')) as { nodes: object }).nodes);
    expect(await page.locator('#diagram g.node').count()).toBe(mainNodes.length);
    expect(await page.locator('#diagram g.edge').count()).toBe(13);
    expect(await page.locator('#diagram g.node.start').getAttribute('data-node')).toBe('hours');
    expect(await page.textContent('#flow-version')).toBe('running version 1');
  });

  it('given a broken edit when the admin saves then it is refused, the problems are listed and the file is unchanged', async () => {
    const file = join(t.flowsDir, 'main.yaml');
    const before = readFileSync(file, 'utf8');
    await page.fill('#source', before.replace('"2": support_menu', '"2": support_menu_x'));
    await page.click('#save');
    await page.waitForSelector('#problems li');
    expect(await page.textContent('#save-result')).toContain('Not saved');
    const problems = await page.locator('#problems li').allTextContents();
    expect(problems).toContainEqual(expect.stringMatching(/^\d+:12: node "menu" goes to "support_menu_x" \(2\), which is not a node of this flow$/));
    expect(readFileSync(file, 'utf8')).toBe(before);
    await page.click('#check');
    await page.waitForSelector('#diagram g.node.problem');
    expect(await page.locator('#diagram g.node.problem').first().getAttribute('data-node')).toBe('menu');
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it('given a valid edit when the admin saves then the new version runs and the diagram shows the change', async () => {
    const file = join(t.flowsDir, 'main.yaml');
    const next = readFileSync(file, 'utf8').replace('      "9": offer_callback\n', '      "9": offer_callback\n      "0": billing\n');
    await page.fill('#source', next);
    await page.click('#save');
    await page.waitForFunction(() => document.querySelector('#save-result')?.textContent?.startsWith('Saved'));
    expect(await page.textContent('#save-result')).toBe('Saved: running version 2');
    expect(readFileSync(file, 'utf8')).toBe(next);
    expect(t.registry.runningVersion('main')?.version).toBe(2);
    expect(await page.locator('#diagram g.edge[data-from="menu"][data-to="billing"]').count()).toBe(1);
    expect(await page.locator('#problems li').count()).toBe(0);
    await page.screenshot({ path: SCREENSHOT.replace('.png', '-saved.png'), fullPage: true });
  });

  it('given a user without ivr.edit when the page opens then the diagram shows but saving is disabled', async () => {
    const viewer = await signIn('flow-viewer');
    expect(await viewer.locator('#save').isDisabled()).toBe(true);
    expect(await viewer.locator('#source').getAttribute('readonly')).not.toBeNull();
    await viewer.close();
  });

  it('given the daemon\'s Content-Security-Policy when the page ran every step above then the browser refused nothing', () => {
    expect(cspViolations).toEqual([]);
  });
});

/**
 * A visitor's browser for the chat tests: the stranger's site with the widget, and a hand on the
 * widget's socket. Every /api/widget/ws connection runs through Playwright's WebSocket routing to
 * the daemon, so the test can swallow frames in both directions (lost on the wire), cut the
 * connection, and keep it cut (context offline, new sockets refused) until it is restored.
 * context.setOffline alone does not touch an open WebSocket in Chromium.
 */
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';

export interface Visitor {
  context: BrowserContext;
  page: Page;
  problems: string[];
  /** Frames from now on are lost on the wire, both ways, until the cut. */
  loseFrames(): void;
  /** The network goes: the open socket drops and no new one gets through. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  /** Frames the widget sent, as the wire saw them (also the swallowed ones). */
  sentFrames: { type: string; clientId?: string; resume?: number }[];
}

export async function openVisitor(browser: Browser, siteUrl: string, options: { viewport: { width: number; height: number }; locale: string; isMobile?: boolean }): Promise<Visitor> {
  const context = await browser.newContext({ viewport: options.viewport, locale: options.locale, ...(options.isMobile ? { isMobile: true, hasTouch: true } : {}) });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // The widget says what it does about a dropped link on the console (warn), never as an error.
    if (m.type() === 'error' && !/WebSocket connection|Failed to load resource/.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (err) => problems.push(String(err)));

  let offline = false;
  let losing = false;
  let live: { ws: WebSocketRoute; server: WebSocketRoute }[] = [];
  const sentFrames: Visitor['sentFrames'] = [];
  await page.routeWebSocket(/\/api\/widget\/ws$/, (ws) => {
    if (offline) {
      void ws.close({ code: 4999, reason: 'test: offline' });
      return;
    }
    const server = ws.connectToServer();
    const pair = { ws, server };
    live.push(pair);
    ws.onMessage((m) => {
      sentFrames.push(JSON.parse(String(m)) as Visitor['sentFrames'][number]);
      if (!losing) server.send(m);
    });
    server.onMessage((m) => {
      if (!losing) ws.send(m);
    });
    ws.onClose(() => {
      live = live.filter((x) => x !== pair);
      void server.close();
    });
    server.onClose(() => {
      live = live.filter((x) => x !== pair);
      void ws.close();
    });
  });

  return {
    context,
    page,
    problems,
    sentFrames,
    loseFrames: () => {
      losing = true;
    },
    async cut() {
      offline = true;
      await context.setOffline(true);
      const open = live;
      live = [];
      for (const { ws, server } of open) {
        await server.close();
        await ws.close({ code: 4999, reason: 'test: network cut' });
      }
      losing = false;
    },
    async restore() {
      offline = false;
      // Fires the page's `online` event: the widget reconnects at once instead of after its back-off.
      await context.setOffline(false);
    },
  };
}

/**
 * Visitors before any chat, through the real widget socket, store and local lookups: the trail of
 * pages with the time on each (a fake clock), landing page, referrer and search words, device from
 * the User-Agent, region from the forwarded address (trustProxy) in geoip-lite's local files, a
 * returning visitor, and what is not kept (the address, the header).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeClock } from '../../../src/core/clock.js';
import { startChatWorld, Visitor, type ChatWorld } from './chat-world.js';

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

describe('visitors before any chat', () => {
  let w: ChatWorld;
  let clock: FakeClock;
  const open: Visitor[] = [];

  beforeEach(async () => {
    w = await startChatWorld({ chatCapacity: 1, config: { trustProxy: true } });
    clock = w.t.clock;
  });
  afterEach(async () => {
    for (const v of open.splice(0)) await v.close();
    await w.close();
  });

  const connect = async (headers: Record<string, string>) => {
    const v = await Visitor.connect(w.wsUrl, headers);
    open.push(v);
    return v;
  };
  const visits = () => w.t.deps.contactCenter.visits;
  /** Frames of a socket are handled in order: once `tickets` is answered, every frame before it was. */
  const handled = async (v: Visitor) => {
    await v.request({ type: 'tickets' }, 'tickets');
    await visits().idle();
  };
  /** The server saw the socket close and closed its page (and the visit, if it was the last). */
  const left = async (v: Visitor) => {
    await v.close();
    await vi.waitFor(() => expect(visits().online().every((x) => x.online && x.visit.endedAt === null)).toBe(true));
    await vi.waitFor(async () => expect(await w.t.db.selectFrom('chat_visit_pages').select('seq').where('left_at', 'is', null).execute()).toEqual([]));
    await visits().idle();
  };

  it('given a visitor from a baidu search on an iPhone behind a proxy when they view two pages and leave then the trail, times, search words, device and region are kept, and not the address', async () => {
    const vera = await connect({ 'user-agent': IPHONE, 'x-forwarded-for': '8.8.8.8' });
    const welcome = await vera.request({ type: 'hello' }, 'welcome');
    const visitorId = (await w.t.db.selectFrom('chat_visitors').select('id').executeTakeFirstOrThrow()).id;
    vera.send({ type: 'page_view', url: 'https://shop.example/', title: 'Shop', referrer: 'https://www.baidu.com/s?wd=%E8%87%AA%E8%A1%8C%E8%BD%A6' });
    await handled(vera);
    clock.advance(12_000);
    vera.send({ type: 'page_view', url: 'https://shop.example/bikes', title: 'Bikes' });
    await handled(vera);
    clock.advance(30_000);

    const live = visits().online();
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ online: true, timeOnSiteMs: 42_000, currentPage: { url: 'https://shop.example/bikes', title: 'Bikes' } });
    expect(live[0]?.visit).toMatchObject({
      visitorId,
      returning: false,
      landingPage: 'https://shop.example/',
      referrer: 'https://www.baidu.com/s?wd=%E8%87%AA%E8%A1%8C%E8%BD%A6',
      searchEngine: 'baidu',
      searchKeywords: '自行车',
      device: { type: 'mobile', browser: 'Mobile Safari 17', os: 'iOS 17.0' },
    });
    expect(live[0]?.visit.region?.country).toBe('US');
    expect(live[0]?.pages.map((p) => [p.url, p.durationMs])).toEqual([
      ['https://shop.example/', 12_000],
      ['https://shop.example/bikes', 30_000],
    ]);

    clock.advance(5000);
    await left(vera);
    expect(visits().online()).toEqual([]);
    const rows = await w.t.db.selectFrom('chat_visit_pages').select(['seq', 'url', 'entered_at', 'left_at']).orderBy('seq').execute();
    expect(rows.map((r) => [r.seq, r.url, (r.left_at?.getTime() ?? 0) - r.entered_at.getTime()])).toEqual([
      [1, 'https://shop.example/', 12_000],
      [2, 'https://shop.example/bikes', 35_000],
    ]);
    const visit = await w.t.db.selectFrom('chat_visits').selectAll().executeTakeFirstOrThrow();
    expect(visit.ended_at).not.toBeNull();
    expect(visit.country).toBe('US');
    // Privacy: neither the address nor the header is stored anywhere in the visit.
    expect(JSON.stringify(visit)).not.toContain('8.8.8.8');
    expect(JSON.stringify(visit)).not.toContain('AppleWebKit');
    expect(welcome.type).toBe('welcome');
  });

  it('given a visitor on the same machine when they view a page then there is no region', async () => {
    const v = await connect({ 'user-agent': IPHONE });
    await v.request({ type: 'hello' }, 'welcome');
    v.send({ type: 'page_view', url: 'https://shop.example/' });
    await handled(v);
    expect(visits().online()[0]?.visit.region).toBeNull();
  });

  it('given a visitor who comes back with their token when the next page loads soon then the visit continues; an hour later a new visit is returning', async () => {
    const first = await connect({ 'user-agent': IPHONE });
    const token = ((await first.request({ type: 'hello' }, 'welcome')) as { visitorToken: string }).visitorToken;
    first.send({ type: 'page_view', url: 'https://shop.example/', referrer: 'https://www.google.com/search?q=bikes' });
    await handled(first);
    await left(first);
    expect(visits().online()).toEqual([]);
    clock.advance(60_000);

    // A classic site: the next page is a new page load, a new socket.
    const next = await connect({ 'user-agent': IPHONE });
    await next.request({ type: 'hello', visitorToken: token }, 'welcome');
    next.send({ type: 'page_view', url: 'https://shop.example/cart' });
    await handled(next);
    const same = visits().online()[0];
    expect(same?.visit).toMatchObject({ returning: false, landingPage: 'https://shop.example/', searchEngine: 'google', searchKeywords: 'bikes' });
    expect(same?.pages.map((p) => p.url)).toEqual(['https://shop.example/', 'https://shop.example/cart']);
    await left(next);
    expect(visits().online()).toEqual([]);

    clock.advance(60 * 60_000);
    const later = await connect({ 'user-agent': IPHONE });
    await later.request({ type: 'hello', visitorToken: token }, 'welcome');
    later.send({ type: 'page_view', url: 'https://shop.example/bikes' });
    await handled(later);
    const back = visits().online()[0];
    expect(back?.visit).toMatchObject({ returning: true, landingPage: 'https://shop.example/bikes', referrer: '' });
    expect(back?.visit.id).not.toBe(same?.visit.id);
    expect(await w.t.db.selectFrom('chat_visits').select('id').execute()).toHaveLength(2);
  });

  it('given a page_view before hello or with a bad address when sent then it is refused with a code and nothing is stored', async () => {
    const v = await connect({});
    expect(await v.request({ type: 'page_view', url: 'https://shop.example/' }, 'error')).toMatchObject({ code: 'CHAT_HELLO_REQUIRED' });
    await v.request({ type: 'hello' }, 'welcome');
    expect(await v.request({ type: 'page_view', url: 'x'.repeat(2001) }, 'error')).toMatchObject({ code: 'VALIDATION_FAILED', where: '/url' });
    expect(await v.request({ type: 'page_view' }, 'error')).toMatchObject({ code: 'VALIDATION_FAILED' });
    await handled(v);
    expect(await w.t.db.selectFrom('chat_visit_pages').select('seq').execute()).toEqual([]);
  });

  it('given a visitor browsing before any chat when an agent lists visitors then they see the current page, pages, device, region and the trail; others get 401/403/404', async () => {
    const v = await connect({ 'user-agent': IPHONE, 'x-forwarded-for': '1.2.4.8' });
    await v.request({ type: 'hello' }, 'welcome');
    v.send({ type: 'page_view', url: 'https://shop.example/', title: 'Shop', referrer: 'https://www.so.com/s?q=%E5%9C%A8%E7%BA%BF%E5%AE%A2%E6%9C%8D' });
    await handled(v);
    clock.advance(8000);
    v.send({ type: 'page_view', url: 'https://shop.example/bikes', title: 'Bikes' });
    await handled(v);
    clock.advance(2000);

    const list = await w.t.inject({ method: 'GET', url: '/api/visitors', headers: w.alice });
    expect(list.statusCode, list.body).toBe(200);
    const [one] = list.json().visitors;
    expect(one).toMatchObject({
      online: true,
      returning: false,
      timeOnSiteMs: 10_000,
      currentPage: { url: 'https://shop.example/bikes', title: 'Bikes' },
      pagesViewed: 2,
      landingPage: 'https://shop.example/',
      searchEngine: 'so.com',
      searchKeywords: '在线客服',
      device: { type: 'mobile', browser: 'Mobile Safari 17', os: 'iOS 17.0' },
      region: { country: 'CN' },
      chatId: null,
    });
    const trail = await w.t.inject({ method: 'GET', url: `/api/visitors/${one.visitorId}`, headers: w.alice });
    expect(trail.json().pages.map((p: { url: string; durationMs: number; leftAt: number | null }) => [p.url, p.durationMs, p.leftAt === null])).toEqual([
      ['https://shop.example/', 8000, false],
      ['https://shop.example/bikes', 2000, true],
    ]);

    expect((await w.t.inject({ method: 'GET', url: '/api/visitors' })).statusCode).toBe(401);
    expect((await w.t.inject({ method: 'GET', url: '/api/visitors', headers: await w.t.loginAs([]) })).statusCode).toBe(403);
    const missing = await w.t.inject({ method: 'GET', url: '/api/visitors/nobody', headers: w.alice });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'VISITOR_NOT_FOUND']);
  });

  it('given a visitor from China waiting for a chat when an agent lists chats then the waiting row carries the channel and the region, and a visitor on this machine none', async () => {
    expect((await w.t.inject({ method: 'POST', url: '/api/agent/chat-capacity', headers: w.alice, payload: { capacity: 0 } })).statusCode).toBe(200);
    const far = await connect({ 'user-agent': IPHONE, 'x-forwarded-for': '1.2.4.8' });
    await far.request({ type: 'hello' }, 'welcome');
    const farChat = ((await far.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;
    const near = await connect({ 'user-agent': IPHONE });
    await near.request({ type: 'hello' }, 'welcome');
    const nearChat = ((await near.request({ type: 'start', queue: w.queueId }, 'started')) as { chatId: string }).chatId;

    const list = await w.t.inject({ method: 'GET', url: '/api/chats', headers: w.alice });
    expect(list.statusCode, list.body).toBe(200);
    const waiting = list.json().waiting as { id: string; channel: string; region?: string }[];
    expect(waiting.find((c) => c.id === farChat)).toMatchObject({ channel: 'web', region: expect.stringMatching(/(^|, )CN$/) });
    expect(waiting.find((c) => c.id === nearChat)).not.toHaveProperty('region');
  });

  describe('invitations', () => {
    const invite = (visitorId: string, message = 'Can I help you choose a bike?') => w.t.inject({ method: 'POST', url: `/api/visitors/${visitorId}/invite`, headers: w.alice, payload: { message } });
    const browsing = async () => {
      const v = await connect({ 'user-agent': IPHONE });
      await v.request({ type: 'hello' }, 'welcome');
      v.send({ type: 'page_view', url: 'https://shop.example/bikes' });
      await handled(v);
      const visitorId = visits().online().at(-1)?.visit.visitorId as string;
      return { v, visitorId };
    };

    it('given a visitor on the site when the agent invites and the visitor accepts then the widget shows the agent and message, and the chat opens assigned to that agent', async () => {
      const { v, visitorId } = await browsing();
      const res = await invite(visitorId);
      expect(res.statusCode, res.body).toBe(200);
      const shown = await v.next('invitation');
      expect(shown).toMatchObject({ agentName: 'Alice', message: 'Can I help you choose a bike?' });
      const started = await v.request({ type: 'invitation_answer', invitationId: shown.invitationId, accept: true }, 'started');
      expect(started.type).toBe('started');
      expect(await v.next('assigned')).toEqual({ type: 'assigned', agentName: 'Alice' });
      const chatId = (started as { chatId: string }).chatId;
      const row = await w.t.db.selectFrom('chats').select(['agent_id', 'state', 'page']).where('id', '=', chatId).executeTakeFirstOrThrow();
      expect(row).toEqual({ agent_id: w.aliceId, state: 'active', page: 'https://shop.example/bikes' });
      // Chatting now: a second invitation is refused.
      expect((await invite(visitorId)).json().code).toBe('VISITOR_CHATTING');
    });

    it('given an invitation when the visitor declines then the agent is told, and answering it again is refused as expired', async () => {
      const { v, visitorId } = await browsing();
      const told: unknown[] = [];
      const off = w.t.deps.bus.subscribe((e) => {
        if (e.type === 'visitor.invitation_answered') told.push({ answer: e.answer, agentId: e.agentId, scope: e.scope });
      });
      await invite(visitorId);
      const shown = await v.next('invitation');
      v.send({ type: 'invitation_answer', invitationId: shown.invitationId, accept: false });
      await handled(v);
      off();
      expect(told).toEqual([{ answer: 'declined', agentId: w.aliceId, scope: { agentId: w.aliceId } }]);
      expect(await v.request({ type: 'invitation_answer', invitationId: shown.invitationId, accept: true }, 'error')).toMatchObject({ code: 'INVITATION_EXPIRED', where: '/invitationId' });
      expect(await w.t.db.selectFrom('chats').select('id').execute()).toEqual([]);
    });

    it('given an invitation left unanswered past two minutes when the visitor accepts then INVITATION_EXPIRED and no chat; a visitor who left cannot be invited', async () => {
      const { v, visitorId } = await browsing();
      await invite(visitorId);
      const shown = await v.next('invitation');
      // The socket's heartbeat (30 s) must not end it while time jumps: the client answers pings.
      for (let i = 0; i < 5; i++) {
        clock.advance(25_000);
        await handled(v);
      }
      expect(await v.request({ type: 'invitation_answer', invitationId: shown.invitationId, accept: true }, 'error')).toMatchObject({ code: 'INVITATION_EXPIRED' });
      expect(await w.t.db.selectFrom('chats').select('id').execute()).toEqual([]);
      await left(v);
      const gone = await invite(visitorId);
      expect([gone.statusCode, gone.json().code]).toEqual([409, 'VISITOR_GONE']);
    });
  });
});

/**
 * Visitors before any chat (issue 12): the widget opens its socket when a page loads and sends a
 * `page_view` for that page and for every in-page (SPA) navigation. A visit spans the sockets of
 * one visitor: every page load of a classic site is a new socket, so a visitor whose last socket
 * closed less than VISIT_GAP_MS ago continues the same visit; later, a new one starts.
 *
 *   (no visit) ──connect──▶ live (sockets ≥ 1) ──last socket closes──▶ ended
 *                             ▲                                          │ connect within the gap
 *                             └──────────────────────────────────────────┘
 *
 * Time on a page: from its view to the next view on the same socket or that socket closing.
 * Kept: landing page, referrer and search words, pages with their times, device/browser/OS and
 * the region; never the IP address or the User-Agent header (only what is read from them).
 *
 * The work of one visitor runs in order on its lane, so two tabs cannot number pages twice.
 */
import type { Clock } from '../core/clock.js';
import type { VisitorLookup, VisitPage, VisitRecord, VisitRegion, VisitStore } from './ports.js';
import { searchOrigin, timeOnPage } from './visit-tracking.js';

/** A visitor back within this time after their last socket closed continues the same visit. */
export const VISIT_GAP_MS = 30 * 60_000;

/** Characters kept of a page's address, title and the referrer. */
export const VISIT_LIMITS = { maxUrlLength: 2000, maxTitleLength: 300 } as const;

export interface VisitServiceDeps {
  store: VisitStore;
  lookup: VisitorLookup;
  clock: Clock;
  newId: () => string;
  /** Something agents see of this visitor changed (slice 2: the live list). */
  changed?: (visitorId: string) => void;
}

/** What one socket tells about its browser when it says hello. */
export interface VisitSocketInfo {
  /** This visitor's token was known before this socket (issued on an earlier page). */
  known: boolean;
  userAgent: string;
  /** The client's address (with trustProxy, the forwarded one); used for the region only. */
  ip: string;
}

interface LiveVisit {
  visit: VisitRecord;
  pages: VisitPage[];
  /** socket id -> the seq of the page open on it (undefined before its first page_view). */
  sockets: Map<string, number | undefined>;
}

/** The live view agents are shown of one visitor (slice 2 lists these). */
export interface VisitView {
  visit: VisitRecord;
  pages: (VisitPage & { durationMs: number })[];
  currentPage: VisitPage | undefined;
  timeOnSiteMs: number;
  online: boolean;
}

export class VisitService {
  private readonly live = new Map<string, LiveVisit>();
  private readonly socketVisitor = new Map<string, string>();
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(private readonly d: VisitServiceDeps) {}

  /** Visits a stop left open are ended at start (their sockets are gone). */
  async start(): Promise<void> {
    await this.d.store.closeOpenVisits(this.d.clock.now());
  }

  /** A socket of this visitor said hello: the visit continues or starts. Returns the socket's id. */
  connect(visitorId: string, info: VisitSocketInfo): Promise<string> {
    const socketId = this.d.newId();
    this.socketVisitor.set(socketId, visitorId);
    return this.lane(visitorId, async () => {
      const live = this.live.get(visitorId) ?? (await this.resume(visitorId, info));
      live.sockets.set(socketId, undefined);
      this.d.changed?.(visitorId);
      return socketId;
    });
  }

  /** The page the socket shows now: the one it showed before is left. */
  pageView(socketId: string, view: { url: string; title: string; referrer: string }): Promise<void> {
    const visitorId = this.socketVisitor.get(socketId);
    if (visitorId === undefined) return Promise.resolve();
    return this.lane(visitorId, async () => {
      const live = this.live.get(visitorId);
      if (!live || !live.sockets.has(socketId)) return;
      const now = this.d.clock.now();
      await this.leave(live, live.sockets.get(socketId), now);
      const page: VisitPage = { visitId: live.visit.id, seq: live.pages.length + 1, url: view.url.slice(0, VISIT_LIMITS.maxUrlLength), title: view.title.slice(0, VISIT_LIMITS.maxTitleLength), enteredAt: now, leftAt: null };
      await this.d.store.insertPage(page);
      live.pages.push(page);
      live.sockets.set(socketId, page.seq);
      if (live.visit.landingPage === '') {
        const referrer = view.referrer.slice(0, VISIT_LIMITS.maxUrlLength);
        const search = searchOrigin(referrer);
        live.visit = { ...live.visit, landingPage: page.url, referrer, searchEngine: search?.engine ?? '', searchKeywords: search?.keywords ?? '' };
        await this.d.store.saveVisit(live.visit);
      }
      this.d.changed?.(visitorId);
    });
  }

  /** The socket closed: its page is left; the last socket ends the visit (it may continue within the gap). */
  disconnect(socketId: string): Promise<void> {
    const visitorId = this.socketVisitor.get(socketId);
    if (visitorId === undefined) return Promise.resolve();
    this.socketVisitor.delete(socketId);
    return this.lane(visitorId, async () => {
      const live = this.live.get(visitorId);
      if (!live || !live.sockets.has(socketId)) return;
      const now = this.d.clock.now();
      await this.leave(live, live.sockets.get(socketId), now);
      live.sockets.delete(socketId);
      if (live.sockets.size === 0) {
        live.visit = { ...live.visit, endedAt: now };
        await this.d.store.saveVisit(live.visit);
        this.live.delete(visitorId);
      }
      this.d.changed?.(visitorId);
    });
  }

  /** Visitors on the site now. */
  online(): VisitView[] {
    return [...this.live.values()].map((l) => this.viewOf(l));
  }

  /** One visitor's visit as agents see it (their latest visit when not on the site now). */
  async visitOf(visitorId: string): Promise<VisitView | undefined> {
    const live = this.live.get(visitorId);
    if (live) return this.viewOf(live);
    const visit = await this.d.store.lastVisit(visitorId);
    if (!visit) return undefined;
    return this.viewOf({ visit, pages: await this.d.store.pages(visit.id), sockets: new Map() });
  }

  /** Where the visitor is (the live visit's, else their last visit's region): one read, no pages. */
  async regionOf(visitorId: string): Promise<VisitRegion | null> {
    const live = this.live.get(visitorId);
    if (live) return live.visit.region;
    return (await this.d.store.lastVisit(visitorId))?.region ?? null;
  }

  /** Something else agents see of the visitor changed (a chat started): listeners re-read. */
  touch(visitorId: string): void {
    if (this.live.has(visitorId)) this.d.changed?.(visitorId);
  }

  /** The visitor's visit while on the site now (undefined otherwise). */
  liveView(visitorId: string): VisitView | undefined {
    const live = this.live.get(visitorId);
    return live ? this.viewOf(live) : undefined;
  }

  isOnline(visitorId: string): boolean {
    return this.live.has(visitorId);
  }

  /** Everything queued has run (tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.lanes.values()]);
  }

  private viewOf(l: LiveVisit): VisitView {
    const now = this.d.clock.now();
    const open = [...l.sockets.values()].filter((s): s is number => s !== undefined);
    const current = open.length > 0 ? l.pages[Math.max(...open) - 1] : undefined;
    return {
      visit: l.visit,
      pages: l.pages.map((p) => ({ ...p, durationMs: timeOnPage(p, now) })),
      currentPage: current,
      timeOnSiteMs: Math.max(0, (l.visit.endedAt ?? now) - l.visit.startedAt),
      online: l.sockets.size > 0,
    };
  }

  private async resume(visitorId: string, info: VisitSocketInfo): Promise<LiveVisit> {
    const now = this.d.clock.now();
    const last = await this.d.store.lastVisit(visitorId);
    if (last && last.endedAt !== null && now - last.endedAt < VISIT_GAP_MS) {
      const visit = { ...last, endedAt: null };
      await this.d.store.saveVisit(visit);
      const live: LiveVisit = { visit, pages: await this.d.store.pages(visit.id), sockets: new Map() };
      this.live.set(visitorId, live);
      return live;
    }
    const visit: VisitRecord = {
      id: this.d.newId(),
      visitorId,
      startedAt: now,
      endedAt: null,
      returning: info.known || last !== undefined,
      landingPage: '',
      referrer: '',
      searchEngine: '',
      searchKeywords: '',
      device: this.d.lookup.device(info.userAgent),
      region: this.d.lookup.region(info.ip) ?? null,
    };
    await this.d.store.insertVisit(visit);
    const live: LiveVisit = { visit, pages: [], sockets: new Map() };
    this.live.set(visitorId, live);
    return live;
  }

  private async leave(live: LiveVisit, seq: number | undefined, at: number): Promise<void> {
    if (seq === undefined) return;
    const page = live.pages[seq - 1];
    if (!page || page.leftAt !== null) return;
    await this.d.store.closePage(page.visitId, page.seq, at);
    live.pages[seq - 1] = { ...page, leftAt: at };
  }

  private lane<T>(visitorId: string, work: () => Promise<T>): Promise<T> {
    const before = this.lanes.get(visitorId) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(visitorId, tail);
    void tail.then(() => {
      if (this.lanes.get(visitorId) === tail) this.lanes.delete(visitorId);
    });
    return run;
  }
}

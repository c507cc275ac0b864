/** Visits of widget visitors (src/chat/ports.ts VisitStore) over kysely: PGlite or PostgreSQL. */
import type { Insertable, Kysely, Selectable } from 'kysely';
import type { VisitPage, VisitRecord, VisitStore } from '../../chat/ports.js';
import type { Database } from '../schema.js';
import type { ChatVisitsTable } from '../tables/chat.js';

function toVisit(r: Selectable<ChatVisitsTable>): VisitRecord {
  return {
    id: r.id,
    visitorId: r.visitor_id,
    startedAt: r.started_at.getTime(),
    endedAt: r.ended_at?.getTime() ?? null,
    returning: r.returning_visitor,
    landingPage: r.landing_page,
    referrer: r.referrer,
    searchEngine: r.search_engine,
    searchKeywords: r.search_keywords,
    device: { type: r.device_type, browser: r.browser, os: r.os },
    region: r.country === '' ? null : { country: r.country, region: r.region, city: r.city },
  };
}

function visitRow(v: VisitRecord): Insertable<ChatVisitsTable> {
  return {
    id: v.id,
    visitor_id: v.visitorId,
    started_at: new Date(v.startedAt),
    ended_at: v.endedAt === null ? null : new Date(v.endedAt),
    returning_visitor: v.returning,
    landing_page: v.landingPage,
    referrer: v.referrer,
    search_engine: v.searchEngine,
    search_keywords: v.searchKeywords,
    device_type: v.device.type,
    browser: v.device.browser,
    os: v.device.os,
    country: v.region?.country ?? '',
    region: v.region?.region ?? '',
    city: v.region?.city ?? '',
  };
}

export class KyselyVisitStore implements VisitStore {
  constructor(private readonly db: Kysely<Database>) {}

  async lastVisit(visitorId: string): Promise<VisitRecord | undefined> {
    const row = await this.db.selectFrom('chat_visits').selectAll().where('visitor_id', '=', visitorId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? toVisit(row) : undefined;
  }

  async insertVisit(visit: VisitRecord): Promise<void> {
    await this.db.insertInto('chat_visits').values(visitRow(visit)).execute();
  }

  async saveVisit(visit: VisitRecord): Promise<void> {
    const { id: _id, visitor_id: _v, started_at: _s, ...changes } = visitRow(visit);
    await this.db.updateTable('chat_visits').set(changes).where('id', '=', visit.id).execute();
  }

  async insertPage(page: VisitPage): Promise<void> {
    await this.db
      .insertInto('chat_visit_pages')
      .values({ visit_id: page.visitId, seq: page.seq, url: page.url, title: page.title, entered_at: new Date(page.enteredAt), left_at: page.leftAt === null ? null : new Date(page.leftAt) })
      .execute();
  }

  async closePage(visitId: string, seq: number, leftAt: number): Promise<void> {
    await this.db.updateTable('chat_visit_pages').set({ left_at: new Date(leftAt) }).where('visit_id', '=', visitId).where('seq', '=', seq).where('left_at', 'is', null).execute();
  }

  async pages(visitId: string): Promise<VisitPage[]> {
    const rows = await this.db.selectFrom('chat_visit_pages').selectAll().where('visit_id', '=', visitId).orderBy('seq').execute();
    return rows.map((r) => ({ visitId: r.visit_id, seq: r.seq, url: r.url, title: r.title, enteredAt: r.entered_at.getTime(), leftAt: r.left_at?.getTime() ?? null }));
  }

  async closeOpenVisits(at: number): Promise<number> {
    const when = new Date(at);
    await this.db.updateTable('chat_visit_pages').set({ left_at: when }).where('left_at', 'is', null).execute();
    const r = await this.db.updateTable('chat_visits').set({ ended_at: when }).where('ended_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}

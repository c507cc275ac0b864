/**
 * A customer's timeline: calls (by any of their numbers), chats (by their chat visitor ids) and
 * tickets (by customer id), newest first, one page at a time with a keyset cursor ("<at>:<id>" of
 * the last entry). Each source is asked for a page strictly before the cursor and the pages are
 * merged, so a page costs three indexed reads however far back it is.
 *
 * What a viewer sees: recordings only with the permission to listen (records.view); tickets only
 * with tickets.view, team-scoped as on the tickets page; calls and chats to anyone who may view
 * customers (numbers, outcomes and names, as the customer page always showed).
 */
import { AppError } from '../core/errors.js';
import type { Customer } from './model.js';
import { phoneLookupForms } from './phone-number.js';
import type { CustomerTimelineSource, TicketScope, TimelineCursor, TimelineSourceEntry } from './timeline-ports.js';
import { NameCache } from './name-cache.js';

export type TimelineEntry = (TimelineSourceEntry & { agentName?: string; queueName?: string }) & { kind: TimelineSourceEntry['kind'] };

export interface TimelineViewer {
  canListen: boolean;
  /** undefined: no tickets.view; `all`: every ticket; else the scope. */
  tickets: 'all' | TicketScope | undefined;
}

export interface TimelinePage {
  items: TimelineEntry[];
  /** The cursor of the next (older) page; absent on the last one. */
  next?: string;
}

export interface CustomerTimelineDeps {
  customer(id: string): Promise<Customer | undefined>;
  source: CustomerTimelineSource;
  agentName(id: string): Promise<string | undefined>;
  queueName(id: string): Promise<string | undefined>;
}

export const TIMELINE_PAGE = 30;

export function encodeCursor(c: TimelineCursor): string {
  return `${c.at}:${c.id}`;
}

/** VALIDATION_FAILED naming `/before` for a cursor this service did not write. */
export function decodeCursor(raw: string): TimelineCursor {
  const at = raw.indexOf(':');
  const ms = Number(raw.slice(0, at));
  if (at <= 0 || !Number.isSafeInteger(ms) || raw.length === at + 1) {
    throw new AppError('VALIDATION_FAILED', '/before: not a timeline cursor', { problems: [{ where: '/querystring/before', reason: 'not a timeline cursor' }] });
  }
  return { at: ms, id: raw.slice(at + 1) };
}

/** Newest first; same time: the greater id first (byte order), as the sources sort. */
export function newerFirst(a: TimelineCursor, b: TimelineCursor): number {
  if (a.at !== b.at) return b.at - a.at;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** The first `limit` of the merged pages, and whether anything may be left after them. */
export function mergePages(pages: TimelineSourceEntry[][], limit: number): { items: TimelineSourceEntry[]; more: boolean } {
  const all = pages.flat().sort(newerFirst);
  // A source that filled its page may hold more; anything merged beyond the limit is more too.
  const more = all.length > limit || pages.some((p) => p.length >= limit);
  return { items: all.slice(0, limit), more };
}

export class CustomerTimelineService {
  constructor(private readonly deps: CustomerTimelineDeps) {}

  async page(customerId: string, viewer: TimelineViewer, before: string | undefined, limit = TIMELINE_PAGE): Promise<TimelinePage> {
    const customer = await this.deps.customer(customerId);
    if (!customer) throw new AppError('NOT_FOUND', `No customer ${customerId}`, { customerId });
    const cursor = before === undefined ? undefined : decodeCursor(before);
    const numbers = [...new Set(customer.phones.flatMap((p) => phoneLookupForms(p)))];
    const { source } = this.deps;
    const pages = await Promise.all([
      numbers.length > 0 ? source.calls(numbers, cursor, limit) : [],
      customer.chatVisitors.length > 0 || customer.messaging.length > 0 ? source.chats({ visitorIds: customer.chatVisitors, messaging: customer.messaging }, cursor, limit) : [],
      viewer.tickets === undefined ? [] : source.tickets(customer.id, viewer.tickets === 'all' ? undefined : viewer.tickets, cursor, limit),
    ]);
    const { items, more } = mergePages(pages, limit);
    const names = new NameCache(this.deps);
    const named = await Promise.all(items.map((e) => this.named(e, viewer, names)));
    const last = items[items.length - 1];
    return { items: named, ...(more && last ? { next: encodeCursor(last) } : {}) };
  }

  private async named(e: TimelineSourceEntry, viewer: TimelineViewer, names: NameCache): Promise<TimelineEntry> {
    if (e.kind === 'ticket') return e;
    const [agentName, queueName] = await Promise.all([e.agentId ? names.agent(e.agentId) : undefined, e.queueId ? names.queue(e.queueId) : undefined]);
    const labels = { ...(agentName ? { agentName } : {}), ...(queueName ? { queueName } : {}) };
    if (e.kind === 'chat') return { ...e, ...labels };
    return { ...e, ...labels, recordingIds: viewer.canListen ? e.recordingIds : [] };
  }
}

/**
 * What a customer's timeline reads (src/store/customers/customer-timeline-repo.ts implements it):
 * each source newest first, strictly before a keyset cursor, at most `limit` rows. Ties on the
 * time are broken by id in byte order (`collate "C"` in SQL, plain string order here), so pages
 * neither repeat nor skip an entry.
 */
import type { MessagingId } from './model.js';

export interface TimelineCursor {
  at: number;
  id: string;
}

export interface TimelineCall {
  kind: 'call';
  id: string;
  at: number;
  direction: 'inbound' | 'outbound';
  number: string;
  answeredAt?: number;
  endedAt?: number;
  outcome?: string;
  agentId?: string;
  queueId?: string;
  /** The IVR nodes the caller passed, in order. */
  ivrPath: string[];
  /** What a post-call survey stored against the call (a satisfaction rating). */
  survey: Record<string, string>;
  recordingIds: string[];
}

export interface TimelineChat {
  kind: 'chat';
  id: string;
  at: number;
  state: string;
  endedAt?: number;
  outcome?: string;
  endReason?: string;
  agentId?: string;
  queueId: string;
  /** The visitor's answer to the survey after a solved chat: `rating` 1-5 and `comment` when one was written (as a call's survey is given). */
  survey?: Record<string, string>;
}

export interface TimelineTicket {
  kind: 'ticket';
  id: string;
  at: number;
  subject: string;
  status: string;
  priority: string;
}

export type TimelineSourceEntry = TimelineCall | TimelineChat | TimelineTicket;

/** Team scoping of tickets, as the ticket service applies it (its own teams, its own, team-less). */
export interface TicketScope {
  teamIds: string[];
  agentId: string | null;
}

export interface CustomerTimelineSource {
  calls(numbers: string[], before: TimelineCursor | undefined, limit: number): Promise<TimelineCall[]>;
  /**
   * Chats of the customer's widget visitor ids and of their messaging identities (a platform's
   * user chats as a visitor of their own, sql/106: the identity finds their chats).
   */
  chats(who: { visitorIds: string[]; messaging: MessagingId[] }, before: TimelineCursor | undefined, limit: number): Promise<TimelineChat[]>;
  /** `scope` undefined: every ticket of the customer (supervisors and admins). */
  tickets(customerId: string, scope: TicketScope | undefined, before: TimelineCursor | undefined, limit: number): Promise<TimelineTicket[]>;
}

import type { AgentRecord, AgentTransition, Presence } from '../agents/agent-state.js';
import type { Media } from '../core/vocabulary.js';
import type {
  AgentProfile,
  ContactView,
  EnqueueResult,
  NewContact,
  OfferView,
  PositionInfo,
  QueueConfig,
} from './types.js';

/**
 * The public API of the routing service (implemented by `RoutingService` in routing-service.ts).
 *
 * Model
 * - Every command is synchronous and atomic: the engine state changes completely or not at all
 *   (a refused command throws AppError and changes nothing). Effects leave through the ports:
 *   DomainEvents on the bus, offers/withdrawals/exits on the OfferDeliveryPort, and records on the
 *   persistence port. Persistence is write-behind in command order; `flush()` resolves once
 *   everything issued so far is stored.
 * - Offers are exactly-once: a contact has at most one open offer (ring-all: one per ringing
 *   agent, the first accept wins and the rest are withdrawn in the same step). Every offer ends
 *   accepted, rejected, no_answer or withdrawn; the engine's own timer turns an unanswered offer
 *   into no_answer after the queue's `offerTimeoutMs`.
 * - A rejected or unanswered contact keeps its place in line.
 * - Ids: `enqueue` uses `contact.id` when given (e.g. the call id), else generates one.
 *
 * Errors: NOT_FOUND (unknown agent/queue/contact), OFFER_NOT_FOUND (offer no longer open: a late
 * accept after another agent won, after a timeout or withdrawal), CONTACT_NOT_WAITING,
 * INVALID_TRANSITION, CAPACITY_EXCEEDED, VALIDATION_FAILED.
 *
 * Typical voice flow (call-handling layer):
 *   const r = acd.enqueue({ id: callId, media: 'voice', queueId, attributes })
 *   -> deliverOffer(offer) on the port: ring offer.phone; on answer acd.acceptOffer(offer.id),
 *      on decline acd.rejectOffer(offer.id), on ring timeout acd.offerNoAnswer(offer.id)
 *   -> withdrawOffer(offer, reason): stop ringing (caller hung up, answered elsewhere, ...)
 *   -> caller hangs up while waiting: acd.abandon(callId); after the conversation:
 *      acd.contactEnded(callId) (wrap-up starts by itself).
 */
export interface RoutingApi {
  // ---- configuration (from the config store; applied live) ----
  upsertQueue(queue: QueueConfig): void;
  upsertAgentProfile(profile: AgentProfile): void;
  /**
   * The queue was deleted: its waiting contacts go to its overflow queue, else exit with reason
   * `removed` through its closed action (else hang up); connected contacts end normally. No-op
   * for a queue the engine does not hold.
   */
  removeQueue(queueId: string): void;
  /**
   * The agent was deleted: offers withdrawn (contacts keep their place), out of every queue, logged
   * out (a live contact stays until it ends); login is refused until a profile is configured again.
   */
  removeAgent(agentId: string): void;

  // ---- contacts ----
  /** Queue a contact, or exit it at once (queue closed / full) through the queue's action. */
  enqueue(contact: NewContact): EnqueueResult;
  /** The customer left before an agent took it (counts as abandoned). */
  abandon(contactId: string): void;
  /** The system took it out of the queue (not abandoned), e.g. the caller chose voicemail. */
  cancel(contactId: string, reason: string): void;
  /** Virtual hold: the caller hangs up but keeps the place; the agent will call `number`. */
  convertToCallback(contactId: string, number: string): ContactView;
  acceptOffer(offerId: string): OfferView;
  rejectOffer(offerId: string, reason?: string): void;
  offerNoAnswer(offerId: string): void;
  contactHeld(contactId: string): void;
  contactResumed(contactId: string): void;
  /**
   * The conversation is over; the agent's wrap-up starts (per-queue duration). For a click-to-dial
   * contact (startOutbound) the agent goes back from `outbound` to `available` instead.
   */
  contactEnded(contactId: string, outcome?: string): void;
  /**
   * Attended transfer completed: the connected contact passes to `toAgentId` at once (no offer is
   * delivered: they already talk with the caller); its agent is released without wrap-up.
   */
  handOver(contactId: string, toAgentId: string): void;
  /**
   * A colleague's consultation (attended transfer, three-way) rings `agentId` about `contactId`:
   * the agent is on it (work phase `consulted`) and is offered nothing else until consultEnded or
   * a handOver of that contact to them.
   */
  consultStarted(agentId: string, contactId: string): void;
  consultEnded(agentId: string, contactId: string): void;
  /** Click-to-dial: the agent goes `outbound` until contactEnded(contactId). */
  startOutbound(agentId: string, contactId: string): AgentSnapshot;

  // ---- agents ----
  login(agentId: string, opts?: { phone?: string; state?: 'available' | 'not_ready'; reason?: string; chatCapacity?: number; by?: string }): AgentSnapshot;
  logout(agentId: string, opts?: { by?: string; force?: boolean }): AgentSnapshot;
  setState(agentId: string, state: Exclude<Presence, 'logged_out'>, opts?: { reason?: string; by?: string }): AgentSnapshot;
  setChatCapacity(agentId: string, capacity: number): AgentSnapshot;
  finishWrapUp(agentId: string, contactId?: string): AgentSnapshot;
  extendWrapUp(agentId: string, ms: number, contactId?: string): AgentSnapshot;
  /** The agent picks a specific waiting contact; it is offered to them (kind `taken`). */
  takeContact(agentId: string, contactId: string): OfferView;

  // ---- supervisors (`by` is the supervisor's user id, recorded on transitions) ----
  assignContact(contactId: string, agentId: string, by: string): OfferView;
  /** Active contact to another agent (offer kind `transferred`; the first agent keeps it until accepted) or back into a queue. */
  forceTransfer(contactId: string, target: { agentId: string } | { queueId: string }, by: string): OfferView | null;
  /** Throws the coded refusal forceTransfer would give, changing nothing (checked before media moves). */
  checkTransfer(contactId: string, target: { agentId: string } | { queueId: string }): void;
  forceState(agentId: string, state: Exclude<Presence, 'logged_out'>, reason: string | undefined, by: string): AgentSnapshot;
  forceLogout(agentId: string, by: string): AgentSnapshot;

  // ---- queries ----
  position(contactId: string): PositionInfo;
  contact(contactId: string): ContactView;
  queueSnapshot(queueId: string): QueueSnapshot;
  /** A queue's counts without its rows (what a snapshot would count, read in O(log n)). */
  queueFigures(queueId: string): QueueFigures;
  /** The first `limit` rows of a queue's snapshot, in line order: O(log n + limit). */
  waitingPage(queueId: string, limit: number): QueueSnapshot['contacts'];
  agentSnapshot(agentId: string): AgentSnapshot;
  agents(): AgentSnapshot[];
  /** The agent's teams; an agent the engine does not know is in none. */
  teamsOf(agentId: string): string[];
  openOffers(agentId?: string): OfferView[];
  /** The attendance trail (from the persistence port). */
  attendance(agentId: string, from: number, to: number): Promise<AgentTransition[]>;

  // ---- lifecycle ----
  /** Rebuild queues (same order), agents, open offers and timers from persistence. Call once, after config. */
  recover(): Promise<void>;
  flush(): Promise<void>;
  /** Stop timers (shutdown). */
  close(): Promise<void>;
}

export interface AgentSnapshot extends AgentRecord {
  profile: AgentProfile | null;
  openOffers: OfferView[];
}

export interface QueueSnapshot {
  queueId: string;
  strategy: QueueConfig['strategy'];
  /** Waiting contacts (including those being offered), in line order. */
  contacts: (ContactView & { position: number; waitedMs: number })[];
  staffed: { voice: number; chat: number };
  available: { voice: number; chat: number };
  averageHandleMs: number;
  estimatedWaitMs: number | null;
}

/** A queue's figures, kept as the line changes (contact-line.ts): no row per contact is built. */
export interface QueueFigures {
  queueId: string;
  /** Contacts in line (waiting or being offered) per medium, and in all. */
  waiting: Record<Media, number> & { total: number };
  /**
   * The earliest arrival among them (their first arrival: a contact sent back keeps it) and how
   * long ago that was; null and 0 with nobody in line. Not the line's head: priorities reorder it.
   */
  oldestEnqueuedAt: number | null;
  longestWaitMs: number;
  staffed: { voice: number; chat: number };
  available: { voice: number; chat: number };
}

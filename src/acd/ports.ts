import type { DomainEvent } from '../core/events.js';
import type { AgentRecord, AgentTransition } from '../agents/agent-state.js';
import type { ContactExit, ContactState, OfferKind, OfferView } from './types.js';
import type { Media } from '../core/events.js';

/**
 * The ports the routing service applies its effects through. The engine core never does I/O;
 * the service turns its effects into calls on these.
 */

/** A contact as stored: enough to put it back exactly where it was after a restart. */
export interface ContactRecord {
  id: string;
  media: Media;
  queueId: string;
  priority: number;
  attributes: Record<string, string>;
  /** The contact's own requirements (the queue's are merged in at routing time). */
  requiredSkills: Record<string, number>;
  customerLevel: string | null;
  /** First arrival in the routing engine: waiting time and seniority count from here. */
  enqueuedAt: number;
  /** Arrival in the current queue: relaxation steps count from here. */
  queueEnteredAt: number;
  /** Place in line (see rankOf in engine-model.ts): lower goes first. Stored so a restart keeps the order even if queue weights changed meanwhile. */
  rank: number;
  /** Global arrival sequence: breaks ties so equal contacts keep arrival order. */
  seq: number;
  state: ContactState;
  /** Relaxation steps of the current queue already applied. */
  relaxStep: number;
  /** Agent handling it (connected) or the agent it was last with. */
  agentId: string | null;
  /** Agents that rejected or missed it, with the time until which they are skipped. */
  declinedUntil: Record<string, number>;
  callbackNumber: string | null;
  answeredAt: number | null;
  endedAt: number | null;
  outcome: string | null;
}

export type OfferState = 'open' | 'accepted' | 'rejected' | 'no_answer' | 'withdrawn';

export interface OfferRecord {
  id: string;
  kind: OfferKind;
  contactId: string;
  agentId: string;
  queueId: string;
  media: Media;
  offeredAt: number;
  expiresAt: number;
  state: OfferState;
  resolvedAt: number | null;
  reason: string | null;
}

/** One write; a batch is applied all-or-nothing and batches in the order given. */
export type AcdWrite =
  | { kind: 'contact'; contact: ContactRecord }
  | { kind: 'offer'; offer: OfferRecord }
  | { kind: 'agent'; agent: AgentRecord }
  | { kind: 'transition'; transition: AgentTransition };

/** Everything a restarted engine needs. */
export interface AcdSnapshot {
  /** Contacts not yet ended. */
  contacts: ContactRecord[];
  /** Offers still open. */
  offers: OfferRecord[];
  /** Every agent ever seen (logged out ones included: they keep counters and rotation). */
  agents: AgentRecord[];
}

export interface AcdPersistence {
  /**
   * Contact, offer and agent writes are upserts by id; transitions are appended. With `batchId`, a
   * batch holding transitions that was already stored under that id is skipped whole: a retry
   * after a lost answer (the commit landed, the connection dropped) does not append them twice.
   */
  write(batch: readonly AcdWrite[], batchId?: string): Promise<void>;
  load(): Promise<AcdSnapshot>;
  /** Contacts still live or ended at or after `at` (rebuilding the day's figures after a restart). */
  contactsSince(at: number): Promise<ContactRecord[]>;
  /** The attendance trail of one agent between two times (inclusive from, exclusive to). */
  transitions(agentId: string, from: number, to: number): Promise<AgentTransition[]>;
}

/** Offers as stored, read back for an agent's own figures (the toolbar's day). */
export interface OfferHistoryReader {
  /** Offers of these media made to the agent at or after `since` that rang out or were rejected. */
  missedOffersSince(agentId: string, since: number, media: readonly Media[]): Promise<number>;
}

/**
 * Implemented by the channel layers (calls for voice and callback, chat for chat). Calls are
 * fire-and-forget: the layer reports back through the service (`acceptOffer`, `rejectOffer`,
 * `offerNoAnswer`, `abandon`, `contactEnded`). A throwing implementation is logged; the engine's
 * own offer timeout still resolves the offer.
 */
export interface OfferDeliveryPort {
  /** Ring the agent's phone / pop the chat. `offer.kind` says why it was offered. */
  deliverOffer(offer: OfferView): void;
  /** Stop ringing: the offer was withdrawn (`answered_elsewhere`, `abandoned`, `agent_logged_out`, ...). */
  withdrawOffer(offer: OfferView, reason: string): void;
  /** The contact left its queue without an agent; carry out `exit.action` (not `queue`: the engine did that). */
  contactExited(exit: ContactExit): void;
}

export interface BusinessHoursPort {
  isOpen(queueId: string, now: number): boolean;
  /**
   * The next instant after `now` at which the queue's open/closed state changes (null: never, or
   * no calendar). With it, contacts already waiting get the closed action when the queue closes;
   * without it, hours are checked at arrival only.
   */
  nextChange?(queueId: string, now: number): number | null;
}

export interface EventPublisher {
  publish(event: DomainEvent): void;
}

/** Uniform in [0, 1): injected so random strategies are reproducible in tests. */
export type RandomSource = () => number;

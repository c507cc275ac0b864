import type { Media } from '../core/events.js';
import { ROUTING_STRATEGIES, type ChannelExitAction, type RoutingStrategy } from '../core/vocabulary.js';

/**
 * Routing vocabulary shared by the engine core, the service and its callers (call handling, chat,
 * HTTP). Everything here is plain data so it can be persisted and sent over the wire untouched.
 */

/** Which capacity slot a contact uses: a callback is a phone call the agent's phone places. */
export type MediaClass = 'voice' | 'chat';

export function mediaClassOf(media: Media): MediaClass {
  return media === 'chat' ? 'chat' : 'voice';
}

export type Strategy = RoutingStrategy;

export const STRATEGIES: readonly Strategy[] = ROUTING_STRATEGIES;

/**
 * What happens to a contact that leaves a queue without an agent (closed, full, waited too long).
 * `queue` is carried out by the engine itself (the contact moves, keeping its enqueue time); the
 * other actions are carried out by the channel layer that owns the contact (`contactExited`).
 */
export type ExitAction =
  | { action: 'queue'; target: string }
  | { action: ChannelExitAction; target?: string };

/** `removed`: the queue was deleted from the configuration while the contact waited in it. */
export type ExitReason = 'closed' | 'full' | 'max_wait' | 'removed';

/** A relaxation step: once a contact has waited `afterMs` in its queue, its targets widen. */
export interface RelaxationStep {
  afterMs: number;
  /** Lower every required skill level by this much (never below 0). */
  lowerLevelsBy?: number;
  /** Accept agents at this level or above for every required skill (caps the requirement). */
  acceptLevel?: number;
  /** Stop requiring these skills. */
  dropSkills?: string[];
  /** Move the contact to another queue (it keeps its original enqueue time). */
  overflowToQueueId?: string;
}

export interface QueueMember {
  agentId: string;
  /** Position for top-down (lower first); also the tie-break of every other strategy. */
  order?: number;
  /** Relative weight for weighted random (default 1). */
  weight?: number;
}

export interface QueueConfig {
  id: string;
  name?: string;
  strategy: Strategy;
  /** Added to every contact's priority: lets one queue outrank another for shared agents. */
  priority?: number;
  /** Minimum skill levels every contact of this queue requires (merged with the contact's own). */
  requiredSkills?: Record<string, number>;
  /** Steps in increasing `afterMs`. */
  relaxation?: RelaxationStep[];
  /**
   * How many milliseconds of waiting one priority point is worth. A contact of priority p that
   * arrived at t ranks like a priority-0 contact that arrived at t - p * agingMsPerPriority, so a
   * low priority contact is overtaken for a bounded time only and never starves.
   */
  agingMsPerPriority?: number;
  /** Priority points added per customer level (e.g. `{ vip: 100 }` puts VIPs first). */
  customerLevelPriority?: Record<string, number>;
  maxSize?: number;
  /**
   * Being drained by an admin: the contacts already waiting are served, nothing new enters
   * (an arrival or transfer is refused with QUEUE_DISABLED, an overflow goes on as if closed).
   */
  disabled?: boolean;
  fullAction?: ExitAction;
  maxWaitMs?: number;
  maxWaitAction?: ExitAction;
  closedAction?: ExitAction;
  /** After-contact work started automatically when a contact of this queue ends (0: none). */
  wrapUpMs?: number;
  /** How long an offer rings before it counts as no answer. */
  offerTimeoutMs?: number;
  /** Consecutive unanswered offers after which the agent is made not ready (default: engine setting). */
  maxMissedOffers?: number;
  /** Answer-time threshold for the service level (real-time view). */
  serviceLevelMs?: number;
  members: QueueMember[];
}

export interface AgentProfile {
  id: string;
  /** Skill name -> level (higher is better). */
  skills: Record<string, number>;
  teamIds: string[];
  /** Chat capacity at login when the agent has not set one (default 0). */
  defaultChatCapacity?: number;
}

export interface EngineConfig {
  /** Whether an agent on a call (or offered one, or wrapping one up) may be offered new chats. */
  callBlocksChats: boolean;
  /** Consecutive unanswered offers after which the agent is made not ready (`missed_offers`). */
  maxMissedOffers: number;
  /** A contact an agent rejected or missed is not offered to that agent again for this long. */
  declineCooldownMs: number;
  defaultOfferTimeoutMs: number;
  defaultAgingMsPerPriority: number;
  /** How many recent handle times per queue feed the estimated wait. */
  handleTimeSamples: number;
  /** Handle time assumed before a queue has any history. */
  defaultHandleTimeMs: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  callBlocksChats: true,
  maxMissedOffers: 3,
  declineCooldownMs: 30_000,
  defaultOfferTimeoutMs: 20_000,
  defaultAgingMsPerPriority: 10_000,
  handleTimeSamples: 50,
  defaultHandleTimeMs: 180_000,
};

/** A contact as handed to `enqueue`. */
export interface NewContact {
  /** Given by the channel layer (call id, chat session id) or generated. */
  id?: string;
  media: Media;
  queueId: string;
  priority?: number;
  /** Business type or IVR choice, caller region, source channel... shown on the offer. */
  attributes?: Record<string, string>;
  requiredSkills?: Record<string, number>;
  customerLevel?: string;
  /** Keep an earlier place (a caller transferred from another queue); default now. */
  enqueuedAt?: number;
  /** Number the agent's phone dials for a callback contact. */
  callbackNumber?: string;
  /**
   * Offer to this agent only, in the same command (a transfer to a named agent): the contact is
   * never offered to anyone else first. Refused, with nothing changed, when the agent cannot take it.
   */
  targetAgentId?: string;
}

export type ContactState = 'waiting' | 'offering' | 'connected' | 'ended';

/** What callers may see of a contact (offers, snapshots, screen pop). */
export interface ContactView {
  id: string;
  media: Media;
  queueId: string;
  priority: number;
  attributes: Record<string, string>;
  requiredSkills: Record<string, number>;
  customerLevel?: string;
  enqueuedAt: number;
  state: ContactState;
  agentId?: string;
  callbackNumber?: string;
}

/**
 * How an offer came about: `routed` by the queue strategy, `ring_all` (one of several; first
 * accept wins), `taken` by the agent from the waiting list, `assigned` by a supervisor,
 * `transferred` by a supervisor from another agent (who keeps the contact until this one accepts).
 */
export type OfferKind = 'routed' | 'ring_all' | 'taken' | 'assigned' | 'transferred';

export interface OfferView {
  id: string;
  kind: OfferKind;
  contactId: string;
  agentId: string;
  queueId: string;
  media: Media;
  offeredAt: number;
  expiresAt: number;
  contact: ContactView;
  /** The phone the agent logged in with (voice and callback offers ring it). */
  phone?: string;
}

export interface ContactExit {
  contact: ContactView;
  queueId: string;
  reason: ExitReason;
  action: ExitAction;
}

export type EnqueueResult =
  | { status: 'waiting'; contactId: string; queueId: string; position: number; estimatedWaitMs: number | null }
  | { status: 'exited'; contactId: string; queueId: string; reason: ExitReason; action: ExitAction };

export interface PositionInfo {
  contactId: string;
  queueId: string;
  /** 1 = next in line. */
  position: number;
  /** null when nobody staffs the queue. */
  estimatedWaitMs: number | null;
}

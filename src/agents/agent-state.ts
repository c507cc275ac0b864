import { AppError } from '../core/errors.js';
import type { AgentStateName, Media } from '../core/events.js';

/**
 * Agent state as a pure reducer. An agent has a presence chosen by the agent (or a supervisor)
 * and a list of work items, one per contact on the desk. The state everyone sees is derived:
 * an open offer shows as `offered`, else a live contact as `on_contact`, else after-contact work
 * as `wrap_up`, else the presence. Several chats and a call can be on one desk at once.
 *
 * Presence (explicit table PRESENCE_TRANSITIONS):
 *
 *                 login(available)            set(not_ready, reason)
 *   logged_out ───────────────────▶ available ◀────────────────────▶ not_ready
 *        ▲  │     login(not_ready)      │  ▲     set(available)        │  ▲
 *        │  └───────────────────────────┼──┼───────────────────────────┘  │
 *        │                              ▼  │ set(available)               │ set(not_ready)
 *        └──────── logout ──────────  outbound ───────────────────────────┘
 *          (from any logged-in presence)
 *
 * Work item per contact (explicit table WORK_TRANSITIONS):
 *
 *   (none) ─offer─▶ offered ─accept─▶ talking ◀─hold/resume─▶ held
 *                      │                 │ ended                 │ ended
 *                      │ reject,         ▼                       ▼
 *                      │ no_answer,   wrap_up ─finish/due─▶ (none)
 *                      ▼ withdraw        (skipped when the queue has no wrap-up time
 *                    (none)               or the agent is logged out)
 *   talking/held ─transferred_away─▶ (none)
 *
 *   (none) ─consult_started─▶ consulted ─consult_ended─▶ (none)     (no wrap-up, nothing handled)
 *                                 │ offer (the same contact, transferred: the attended transfer
 *                                 ▼        completes and the consulted agent takes the caller over)
 *                              offered ─accept─▶ talking ...
 *
 * A consulted agent (rung or talking in a colleague's consultation) holds their voice slot like a
 * live contact, so the routing engine offers them nothing else until the consultation ends.
 *
 * Every change of the derived state yields an AgentTransition: the attendance trail.
 */

export type Presence = 'logged_out' | 'available' | 'not_ready' | 'outbound';
export type WorkPhase = 'offered' | 'talking' | 'held' | 'wrap_up' | 'consulted';

export interface WorkItem {
  contactId: string;
  media: Media;
  queueId: string;
  phase: WorkPhase;
  offerId: string | null;
  since: number;
  /** When the contact was accepted (talk time runs from here, through holds). */
  acceptedAt: number | null;
  wrapUpEndsAt: number | null;
}

export interface AgentRecord {
  id: string;
  presence: Presence;
  /** Not-ready reason code (agent's own, or a system one such as `missed_offers`). */
  reason: string | null;
  phone: string | null;
  chatCapacity: number;
  missedOffers: number;
  loginAt: number | null;
  state: AgentStateName;
  stateSince: number;
  /** When each slot last became free; longest-idle ranks by it. */
  idleSince: { voice: number; chat: number };
  /** Contacts accepted and total talk time since the record began (fewest / least talk time). */
  handled: number;
  talkMs: number;
  /** Rotation marks per queue for round robin (engine-wide offer sequence). */
  lastOfferSeq: Record<string, number>;
  work: WorkItem[];
}

export interface AgentTransition {
  agentId: string;
  at: number;
  from: AgentStateName;
  to: AgentStateName;
  reason: string | null;
  by: string | null;
}

export type AgentCommand =
  | { kind: 'login'; phone?: string; presence: 'available' | 'not_ready'; reason?: string; chatCapacity?: number }
  | { kind: 'logout'; force: boolean }
  | { kind: 'set_presence'; presence: 'available' | 'not_ready' | 'outbound'; reason?: string }
  | { kind: 'set_chat_capacity'; capacity: number }
  /** `onOutbound`: a supervisor's or attended transfer may reach an agent who is on an outbound (consult) call. */
  | { kind: 'offer'; contactId: string; media: Media; queueId: string; offerId: string; onOutbound?: boolean }
  | { kind: 'offer_closed'; contactId: string; outcome: 'accepted' | 'rejected' | 'no_answer' | 'withdrawn' }
  /** A colleague's consultation rings this agent (the contact is the colleague's, `queueId` its queue). */
  | { kind: 'consult_started'; contactId: string; queueId: string }
  | { kind: 'consult_ended'; contactId: string }
  | { kind: 'hold' | 'resume'; contactId: string }
  | { kind: 'contact_ended'; contactId: string; wrapUpMs: number }
  | { kind: 'transferred_away'; contactId: string }
  | { kind: 'finish_wrap_up'; contactId: string }
  | { kind: 'extend_wrap_up'; contactId: string; ms: number };

export interface AgentContext {
  now: number;
  by?: string;
  maxMissedOffers: number;
}

export interface AgentResult {
  agent: AgentRecord;
  transitions: AgentTransition[];
}

export const PRESENCE_TRANSITIONS: Readonly<Record<Presence, readonly Presence[]>> = {
  logged_out: ['available', 'not_ready'],
  available: ['not_ready', 'outbound', 'logged_out', 'available'],
  not_ready: ['available', 'not_ready', 'outbound', 'logged_out'],
  outbound: ['available', 'not_ready', 'logged_out'],
};

type WorkEvent = 'accept' | 'reject' | 'no_answer' | 'withdraw' | 'hold' | 'resume' | 'end' | 'transfer_away' | 'finish' | 'offer' | 'consult_end';

export const WORK_TRANSITIONS: Readonly<Record<WorkPhase, Partial<Record<WorkEvent, WorkPhase | null>>>> = {
  offered: { accept: 'talking', reject: null, no_answer: null, withdraw: null },
  talking: { hold: 'held', end: 'wrap_up', transfer_away: null },
  held: { resume: 'talking', end: 'wrap_up', transfer_away: null },
  wrap_up: { finish: null },
  consulted: { offer: 'offered', consult_end: null },
};

export function newAgentRecord(id: string, now: number): AgentRecord {
  return {
    id,
    presence: 'logged_out',
    reason: null,
    phone: null,
    chatCapacity: 0,
    missedOffers: 0,
    loginAt: null,
    state: 'logged_out',
    stateSince: now,
    idleSince: { voice: now, chat: now },
    handled: 0,
    talkMs: 0,
    lastOfferSeq: {},
    work: [],
  };
}

export function deriveState(agent: Pick<AgentRecord, 'presence' | 'work'>): AgentStateName {
  let live = false;
  let wrap = false;
  for (const w of agent.work) {
    if (w.phase === 'offered') return 'offered';
    if (w.phase === 'wrap_up') wrap = true;
    else live = true;
  }
  if (live) return 'on_contact';
  if (wrap) return 'wrap_up';
  return agent.presence;
}

/** A contact the agent is on the line for (logout keeps it; it holds the slot until it ends). */
function isLive(w: WorkItem): boolean {
  return w.phase === 'talking' || w.phase === 'held' || w.phase === 'consulted';
}

function refuse(agent: AgentRecord, what: string, details: Record<string, unknown> = {}): never {
  throw new AppError('INVALID_TRANSITION', `agent ${agent.id}: ${what} is not allowed in state ${agent.state}`, {
    agentId: agent.id,
    state: agent.state,
    presence: agent.presence,
    ...details,
  });
}

function movePresence(agent: AgentRecord, to: Presence, what: string): void {
  if (!PRESENCE_TRANSITIONS[agent.presence].includes(to)) refuse(agent, what, { to });
  agent.presence = to;
}

function workStep(agent: AgentRecord, contactId: string, event: WorkEvent, now: number): WorkItem {
  const item = agent.work.find((w) => w.contactId === contactId);
  if (!item) refuse(agent, `${event} of contact ${contactId} (not on this desk)`, { contactId });
  const table = WORK_TRANSITIONS[item.phase];
  if (!(event in table)) refuse(agent, `${event} of contact ${contactId} in phase ${item.phase}`, { contactId });
  const next = table[event] ?? null;
  if (next === null) {
    agent.work = agent.work.filter((w) => w !== item);
    const cls = item.media === 'chat' ? 'chat' : 'voice';
    agent.idleSince = { ...agent.idleSince, [cls]: now };
  } else {
    const replaced: WorkItem = {
      contactId: item.contactId,
      media: item.media,
      queueId: item.queueId,
      phase: next,
      offerId: item.offerId,
      since: now,
      acceptedAt: event === 'accept' ? now : item.acceptedAt,
      wrapUpEndsAt: item.wrapUpEndsAt,
    };
    agent.work = agent.work.map((w) => (w === item ? replaced : w));
    return replaced;
  }
  return item;
}

/**
 * A shallow copy with every field named: one stable object shape for all records, which keeps the
 * copy (made on every agent change) a plain allocation instead of a generic spread.
 */
export function copyAgentRecord(r: AgentRecord): AgentRecord {
  return {
    id: r.id,
    presence: r.presence,
    reason: r.reason,
    phone: r.phone,
    chatCapacity: r.chatCapacity,
    missedOffers: r.missedOffers,
    loginAt: r.loginAt,
    state: r.state,
    stateSince: r.stateSince,
    idleSince: r.idleSince,
    handled: r.handled,
    talkMs: r.talkMs,
    lastOfferSeq: r.lastOfferSeq,
    work: r.work,
  };
}

/** Applies one command; throws INVALID_TRANSITION (state unchanged) when the tables forbid it. */
export function reduceAgent(prev: AgentRecord, cmd: AgentCommand, ctx: AgentContext): AgentResult {
  const agent = copyAgentRecord(prev);
  const { now } = ctx;
  switch (cmd.kind) {
    case 'login': {
      // A second login while logged in (a toolbar reload, a phone change) continues the same
      // attendance: the login time, idle clocks and miss count stay as they were.
      const again = prev.presence !== 'logged_out';
      movePresence(agent, cmd.presence, 'login');
      agent.reason = cmd.presence === 'not_ready' ? (cmd.reason ?? 'login') : null;
      agent.phone = cmd.phone ?? (again ? prev.phone : null);
      if (cmd.chatCapacity !== undefined) agent.chatCapacity = cmd.chatCapacity;
      if (!again) {
        agent.loginAt = now;
        agent.missedOffers = 0;
        agent.idleSince = { voice: now, chat: now };
      }
      break;
    }
    case 'logout': {
      if (agent.presence === 'logged_out') refuse(agent, 'logout');
      const live = agent.work.some(isLive);
      if (live && !cmd.force) refuse(agent, 'logout with a live contact');
      movePresence(agent, 'logged_out', 'logout');
      // Offers are withdrawn and wrap-ups dropped; live contacts (and consultations) stay until they end.
      agent.work = agent.work.filter(isLive);
      agent.reason = null;
      agent.phone = null;
      agent.loginAt = null;
      break;
    }
    case 'set_presence':
      if (agent.presence === 'logged_out') refuse(agent, `set ${cmd.presence}`);
      movePresence(agent, cmd.presence, `set ${cmd.presence}`);
      // Not ready always has a reason; outbound keeps one when given (click-to-dial sets it, so the
      // call's end can tell a dial from the agent's own choice, also after a restart).
      agent.reason = cmd.presence === 'not_ready' ? (cmd.reason ?? 'not_ready') : cmd.presence === 'outbound' ? (cmd.reason ?? null) : null;
      if (cmd.presence === 'available') {
        agent.missedOffers = 0;
        if (prev.presence !== 'available') agent.idleSince = { voice: now, chat: now };
      }
      break;
    case 'set_chat_capacity':
      if (!Number.isInteger(cmd.capacity) || cmd.capacity < 0) {
        throw new AppError('VALIDATION_FAILED', `chat capacity must be a whole number >= 0, got ${cmd.capacity}`, {
          problems: [{ where: '/chatCapacity', reason: 'must be an integer >= 0' }],
        });
      }
      agent.chatCapacity = cmd.capacity;
      break;
    case 'offer': {
      if (agent.presence === 'logged_out' || (agent.presence === 'outbound' && !cmd.onOutbound)) refuse(agent, 'offer');
      const same = agent.work.find((w) => w.contactId === cmd.contactId);
      if (same?.phase === 'consulted' && cmd.onOutbound) {
        // The consultation becomes the transfer's offer in place: the slot never looks free between.
        const offered = workStep(agent, cmd.contactId, 'offer', now);
        agent.work = agent.work.map((w) => (w === offered ? { ...w, queueId: cmd.queueId, offerId: cmd.offerId } : w));
        break;
      }
      if (same) refuse(agent, `second offer of contact ${cmd.contactId}`);
      // A chat slot counts as used from the offer on, so chats spread over agents by longest idle.
      if (cmd.media === 'chat') agent.idleSince = { ...agent.idleSince, chat: now };
      agent.work = [
        ...agent.work,
        { contactId: cmd.contactId, media: cmd.media, queueId: cmd.queueId, phase: 'offered', offerId: cmd.offerId, since: now, acceptedAt: null, wrapUpEndsAt: null },
      ];
      break;
    }
    case 'consult_started':
      // Recorded in any presence: the consultation already rings, the desk says so.
      if (agent.work.some((w) => w.contactId === cmd.contactId)) refuse(agent, `consultation about contact ${cmd.contactId} already on this desk`, { contactId: cmd.contactId });
      agent.work = [
        ...agent.work,
        { contactId: cmd.contactId, media: 'voice', queueId: cmd.queueId, phase: 'consulted', offerId: null, since: now, acceptedAt: null, wrapUpEndsAt: null },
      ];
      break;
    case 'consult_ended':
      workStep(agent, cmd.contactId, 'consult_end', now);
      break;
    case 'offer_closed': {
      const event: WorkEvent =
        cmd.outcome === 'accepted' ? 'accept' : cmd.outcome === 'withdrawn' ? 'withdraw' : cmd.outcome === 'rejected' ? 'reject' : 'no_answer';
      workStep(agent, cmd.contactId, event, now);
      if (cmd.outcome === 'accepted') {
        agent.missedOffers = 0;
        agent.handled += 1;
      } else if (cmd.outcome === 'no_answer') {
        agent.missedOffers += 1;
        if (agent.missedOffers >= ctx.maxMissedOffers && agent.presence === 'available') {
          agent.presence = 'not_ready';
          agent.reason = 'missed_offers';
        }
      }
      break;
    }
    case 'hold':
    case 'resume':
      workStep(agent, cmd.contactId, cmd.kind, now);
      break;
    case 'contact_ended': {
      const item = agent.work.find((w) => w.contactId === cmd.contactId);
      if (item && item.acceptedAt !== null) agent.talkMs += now - item.acceptedAt;
      const next = workStep(agent, cmd.contactId, 'end', now);
      if (cmd.wrapUpMs <= 0 || agent.presence === 'logged_out') {
        workStep(agent, cmd.contactId, 'finish', now);
      } else {
        agent.work = agent.work.map((w) => (w === next ? { ...w, wrapUpEndsAt: now + cmd.wrapUpMs } : w));
      }
      break;
    }
    case 'transferred_away':
      workStep(agent, cmd.contactId, 'transfer_away', now);
      break;
    case 'finish_wrap_up':
      workStep(agent, cmd.contactId, 'finish', now);
      break;
    case 'extend_wrap_up': {
      const item = agent.work.find((w) => w.contactId === cmd.contactId);
      if (!item || item.phase !== 'wrap_up') refuse(agent, `extend wrap-up of ${cmd.contactId}`, { contactId: cmd.contactId });
      if (!(cmd.ms > 0)) {
        throw new AppError('VALIDATION_FAILED', 'a wrap-up extension must be a positive duration', {
          problems: [{ where: '/ms', reason: 'must be > 0' }],
        });
      }
      agent.work = agent.work.map((w) => (w === item ? { ...w, wrapUpEndsAt: (w.wrapUpEndsAt ?? now) + cmd.ms } : w));
      break;
    }
  }
  const to = deriveState(agent);
  const transitions: AgentTransition[] = [];
  const reasonChanged = to === 'not_ready' && prev.state === 'not_ready' && agent.reason !== prev.reason;
  if (to !== prev.state || reasonChanged) {
    transitions.push({ agentId: agent.id, at: now, from: prev.state, to, reason: to === 'not_ready' ? agent.reason : null, by: ctx.by ?? null });
    agent.state = to;
    agent.stateSince = now;
  }
  return { agent, transitions };
}

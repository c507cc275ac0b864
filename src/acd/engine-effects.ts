import type { AgentTransition } from '../agents/agent-state.js';
import type { DomainEvent } from '../core/events.js';
import type { EngineContext } from './engine-core.js';
import type { AgentEntry, ContactEntry } from './engine-model.js';
import type { AcdWrite, OfferRecord } from './ports.js';
import { copyContactRecord } from './record-copies.js';
import type { TimerKey } from './timer-keys.js';
import type { ContactExit, OfferView } from './types.js';

/** What one engine command asks the outside world to do, in order. */
export type EngineEffect =
  | { kind: 'event'; event: DomainEvent }
  | { kind: 'write'; batch: AcdWrite[] }
  | { kind: 'deliver'; offer: OfferView }
  | { kind: 'withdraw'; offer: OfferView; reason: string }
  | { kind: 'exit'; exit: ContactExit }
  | { kind: 'timer'; key: TimerKey; at: number }
  | { kind: 'cancel_timer'; key: TimerKey };

/**
 * What the running command has produced so far: effects in order, the records it changed (written
 * once each at the end), and what it made matchable (for settle, engine-matching.ts).
 */
export interface EffectSink {
  fx: EngineEffect[];
  readonly dirtyContacts: Set<ContactEntry>;
  readonly dirtyAgents: Set<AgentEntry>;
  offerWrites: OfferRecord[];
  transitions: AgentTransition[];
  readonly pendingContacts: Set<ContactEntry>;
  readonly pendingAgents: Set<AgentEntry>;
}

export function newEffectSink(): EffectSink {
  return { fx: [], dirtyContacts: new Set(), dirtyAgents: new Set(), offerWrites: [], transitions: [], pendingContacts: new Set(), pendingAgents: new Set() };
}

export function emit(cx: EngineContext, effect: EngineEffect): void {
  cx.out.fx.push(effect);
}

export function publish(cx: EngineContext, event: DomainEvent): void {
  cx.out.fx.push({ kind: 'event', event });
}

export function timer(cx: EngineContext, key: TimerKey, at: number): void {
  cx.out.fx.push({ kind: 'timer', key, at });
}

export function cancelTimer(cx: EngineContext, key: TimerKey): void {
  cx.out.fx.push({ kind: 'cancel_timer', key });
}

/** The contact record changed: it is written at the end of the command. */
export function touch(cx: EngineContext, c: ContactEntry): void {
  cx.out.dirtyContacts.add(c);
}

/** The command succeeded: its effects, the records it changed first as one write batch. */
export function commit(out: EffectSink): EngineEffect[] {
  const batch: AcdWrite[] = [];
  // A shallow copy is enough: attributes, skills and declines are replaced, never changed in place.
  for (const c of out.dirtyContacts) batch.push({ kind: 'contact', contact: copyContactRecord(c.rec) });
  // The last write of each offer wins (a handful per command: a scan beats a Map).
  const offers = out.offerWrites;
  for (let i = 0; i < offers.length; i++) {
    const o = offers[i] as OfferRecord;
    let later = false;
    for (let j = i + 1; j < offers.length && !later; j++) later = (offers[j] as OfferRecord).id === o.id;
    if (!later) batch.push({ kind: 'offer', offer: o });
  }
  for (const a of out.dirtyAgents) batch.push({ kind: 'agent', agent: a.rec });
  for (const t of out.transitions) batch.push({ kind: 'transition', transition: t });
  const effects = out.fx;
  if (batch.length > 0) effects.unshift({ kind: 'write', batch });
  out.fx = [];
  out.dirtyContacts.clear();
  out.dirtyAgents.clear();
  out.offerWrites = [];
  out.transitions = [];
  return effects;
}

/** The command failed: nothing it produced leaves the engine. */
export function discard(out: EffectSink): void {
  out.fx = [];
  out.dirtyContacts.clear();
  out.dirtyAgents.clear();
  out.offerWrites = [];
  out.transitions = [];
  out.pendingAgents.clear();
  out.pendingContacts.clear();
}

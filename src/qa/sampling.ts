/**
 * Random samples for evaluators: up to N contacts per agent from a period. "Random" is a stable
 * shuffle keyed by a seed (the period and the evaluator), so a test can name what it expects. The
 * sample tops each agent up to N counting what the evaluator already holds from the period, so a
 * repeated or retried request never widens it.
 */
import type { QaMedia } from './scorecard.js';

export interface SampleCandidate {
  kind: QaMedia;
  id: string;
  agentId: string;
  startedAt: number;
}

export const MAX_PER_AGENT = 50;

/** FNV-1a, 32 bits: enough to shuffle; nothing here is secret. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Up to `perAgent` per agent less what `held` says the agent already has, each agent's picks oldest first. */
export function sampleContacts(candidates: readonly SampleCandidate[], perAgent: number, seed: string, held: ReadonlyMap<string, number> = new Map()): SampleCandidate[] {
  const byAgent = new Map<string, SampleCandidate[]>();
  for (const c of candidates) {
    const list = byAgent.get(c.agentId) ?? [];
    list.push(c);
    byAgent.set(c.agentId, list);
  }
  const out: SampleCandidate[] = [];
  for (const agentId of [...byAgent.keys()].sort()) {
    const picked = (byAgent.get(agentId) ?? [])
      .map((c) => ({ c, key: hash(`${seed}:${c.kind}:${c.id}`) }))
      .sort((a, b) => a.key - b.key || (a.c.id < b.c.id ? -1 : 1))
      .slice(0, Math.max(0, perAgent - (held.get(agentId) ?? 0)))
      .map((x) => x.c)
      .sort((a, b) => a.startedAt - b.startedAt);
    out.push(...picked);
  }
  return out;
}

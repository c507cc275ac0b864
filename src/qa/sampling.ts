/**
 * Random samples for evaluators: up to N contacts per agent from a period, or per agent and week
 * ("a random sample per agent per week": a range of four weeks gives N of each week, not N in
 * all). "Random" is a stable shuffle keyed by a seed (the period and the evaluator), so a test can
 * name what it expects. The sample tops each agent (and week) up to N counting what the evaluator
 * already holds from it, so a repeated or retried request never widens it.
 */
import type { QaMedia } from './scorecard.js';

export interface SampleCandidate {
  kind: QaMedia;
  id: string;
  agentId: string;
  startedAt: number;
  /** For filtered samples: the queue it came through (null: dialed directly), and how long the agent handled it. */
  queueId?: string | null;
  handledMs?: number | null;
}

/** Maps a contact's start to the start of its week (or another period); absent: the whole range is one. */
export type PeriodOf = (startedAt: number) => number;

/** What `held` counts by: the agent, or the agent in one period. */
export function sampleKey(agentId: string, startedAt: number, periodOf?: PeriodOf): string {
  return periodOf ? `${agentId}@${String(periodOf(startedAt)).padStart(15, '0')}` : agentId;
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

/**
 * Up to `perAgent` per agent (per agent and period with `periodOf`) less what `held` says is
 * already held under the same sampleKey; each agent's picks oldest first.
 */
export function sampleContacts(candidates: readonly SampleCandidate[], perAgent: number, seed: string, held: ReadonlyMap<string, number> = new Map(), periodOf?: PeriodOf): SampleCandidate[] {
  const byAgent = new Map<string, SampleCandidate[]>();
  for (const c of candidates) {
    const key = sampleKey(c.agentId, c.startedAt, periodOf);
    const list = byAgent.get(key) ?? [];
    list.push(c);
    byAgent.set(key, list);
  }
  const out: SampleCandidate[] = [];
  for (const key of [...byAgent.keys()].sort()) {
    const picked = (byAgent.get(key) ?? [])
      .map((c) => ({ c, key: hash(`${seed}:${c.kind}:${c.id}`) }))
      .sort((a, b) => a.key - b.key || (a.c.id < b.c.id ? -1 : 1))
      .slice(0, Math.max(0, perAgent - (held.get(key) ?? 0)))
      .map((x) => x.c)
      .sort((a, b) => a.startedAt - b.startedAt);
    out.push(...picked);
  }
  return out;
}

/**
 * The small steps of traffic between faults, chosen by a seeded generator: an idle agent changes
 * state, a caller arrives on the overflow line or in the IVR, a waiting caller gives up. Each says
 * which callers it ends and which agents it touches, so the checks leave those out of "before".
 */
import { IVR_LINE, OVERFLOW_LINE, type Agent, type World } from './world.js';

/** mulberry32: the same seed gives the same faults at the same steps. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Step {
  /** Resolves with the error when the step failed (a kill may cut it off): it never rejects. */
  done: Promise<unknown>;
  /** Caller channels this step hangs up. */
  ends: string[];
  /** Agent ids whose state this step changes. */
  touched: string[];
}

const available = new Map<string, boolean>();

/** A step whose failure is its result, so a kill landing in the middle never leaves a rejection unhandled. */
const step = (p: Promise<unknown>, ends: string[], touched: string[]): Step => ({ done: p.then(() => undefined, (err: unknown) => err), ends, touched });

export async function randomAction(w: World, idle: Agent[], random: () => number): Promise<Step> {
  const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(random() * xs.length)];
  const kind = Math.floor(random() * 4);
  if (kind === 0) {
    const agent = pick(idle);
    if (agent) {
      const next = !(available.get(agent.agentId) ?? false);
      available.set(agent.agentId, next);
      return step(agent.api.post('/api/agent/state', { state: next ? 'available' : 'not_ready' }), [], [agent.agentId]);
    }
  }
  if (kind === 1 && w.waitingCallers.length > 2) {
    const i = Math.floor(random() * w.waitingCallers.length);
    const [caller] = w.waitingCallers.splice(i, 1);
    if (caller) return step(w.pbx.send({ op: 'hangup', id: caller }), [caller], []);
  }
  if (kind === 2) return step(w.pbx.place(w.nextCaller(), IVR_LINE), [], []);
  const placed = w.pbx.place(w.nextCaller(), OVERFLOW_LINE).then((id) => w.waitingCallers.push(id));
  return step(placed, [], []);
}

/**
 * The queue and skill ids a flow's names mean, kept in memory between calls. Every caller leaving
 * the IVR for a queue asked the database two or more times (queue id, enabled, each skill) after
 * their last key press and before the agent's phone could ring (issue 19, goal 0). The answers
 * change only when an admin changes a queue or a skill, and the directory announces each such
 * change as `config.changed`: then everything held is dropped and asked again on next use.
 * Only found answers are kept; an unknown name is asked every time, so a queue made a moment ago
 * is found without waiting for anything.
 *
 * While the database cannot be asked (restarting, unreachable: issue 15) a caller leaving the IVR
 * must still reach the queue: the last answer found is kept apart from the cache (a change does
 * not drop it) and used when the store fails, with a warning. A change made during the outage
 * cannot have been stored, so the last answer is still the right one. `warm` asks for the names
 * of the running flows at start, so even the first caller of a queue after a restart has one.
 */
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { FlowTargetLookup } from './ports.js';

const DROPS_CACHE = new Set(['queue', 'skill']);

export class CachedFlowTargets implements FlowTargetLookup {
  private readonly queues = new Map<string, string>();
  private readonly skills = new Map<string, string>();
  private readonly enabled = new Map<string, boolean>();
  /** The last answer found for each key, kept across changes: used only when the store fails. */
  private readonly lastKnown = new Map<string, string | boolean>();
  /** Moves on each change: an answer asked for before a change is not kept after it. */
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Required<FlowTargetLookup>,
    bus: Pick<EventBus, 'subscribe'>,
    private readonly log?: Pick<Logger, 'warn'>,
  ) {
    this.unsubscribe = bus.subscribe((e) => this.onEvent(e));
  }

  async queueIdOf(ref: string): Promise<string | undefined> {
    const key = ref.toLowerCase();
    const held = this.queues.get(key);
    if (held !== undefined) return held;
    const asked = this.generation;
    const id = await this.orLastKnown(`queue ${key}`, () => this.store.queueIdOf(ref));
    if (id !== undefined && asked === this.generation) this.queues.set(key, id);
    return id;
  }

  async skillIdOf(ref: string): Promise<string | undefined> {
    const key = ref.toLowerCase();
    const held = this.skills.get(key);
    if (held !== undefined) return held;
    const asked = this.generation;
    const id = await this.orLastKnown(`skill ${key}`, () => this.store.skillIdOf(ref));
    if (id !== undefined && asked === this.generation) this.skills.set(key, id);
    return id;
  }

  async queueEnabled(id: string): Promise<boolean> {
    const held = this.enabled.get(id);
    if (held !== undefined) return held;
    const asked = this.generation;
    const on = (await this.orLastKnown(`enabled ${id}`, () => this.store.queueEnabled(id))) ?? false;
    if (asked === this.generation) this.enabled.set(id, on);
    return on;
  }

  /** Asks for these names now (at start, for the running flows); a failure is logged, not thrown. */
  async warm(names: { queues: readonly string[]; skills: readonly string[] }): Promise<void> {
    try {
      for (const q of names.queues) {
        const id = await this.queueIdOf(q);
        if (id) await this.queueEnabled(id);
      }
      for (const s of names.skills) await this.skillIdOf(s);
    } catch (err) {
      this.log?.warn({ err }, 'the queues and skills of the running flows could not be looked up at start: they are asked on first use');
    }
  }

  /** The store's answer, remembered; when the store fails, the last answer it gave, if any. */
  private async orLastKnown<T extends string | boolean>(key: string, ask: () => Promise<T | undefined>): Promise<T | undefined> {
    try {
      const answer = await ask();
      if (answer !== undefined) this.lastKnown.set(key, answer);
      return answer;
    } catch (err) {
      const last = this.lastKnown.get(key) as T | undefined;
      if (last === undefined) throw err;
      this.log?.warn({ err, key }, 'flow target lookup failed: the last answer found is used');
      return last;
    }
  }

  close(): void {
    this.unsubscribe();
  }

  private onEvent(e: DomainEvent): void {
    if (e.type !== 'config.changed' || !DROPS_CACHE.has(e.entity)) return;
    this.generation++;
    this.queues.clear();
    this.skills.clear();
    this.enabled.clear();
  }
}

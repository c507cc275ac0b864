/**
 * The queue and skill ids a flow's names mean, kept in memory between calls. Every caller leaving
 * the IVR for a queue asked the database two or more times (queue id, enabled, each skill) after
 * their last key press and before the agent's phone could ring (issue 19, goal 0). The answers
 * change only when an admin changes a queue or a skill, and the directory announces each such
 * change as `config.changed`: then everything held is dropped and asked again on next use.
 * Only found answers are kept; an unknown name is asked every time, so a queue made a moment ago
 * is found without waiting for anything.
 */
import type { DomainEvent, EventBus } from '../core/events.js';
import type { FlowTargetLookup } from './ports.js';

const DROPS_CACHE = new Set(['queue', 'skill']);

export class CachedFlowTargets implements FlowTargetLookup {
  private readonly queues = new Map<string, string>();
  private readonly skills = new Map<string, string>();
  private readonly enabled = new Map<string, boolean>();
  /** Moves on each change: an answer asked for before a change is not kept after it. */
  private generation = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly store: Required<FlowTargetLookup>,
    bus: Pick<EventBus, 'subscribe'>,
  ) {
    this.unsubscribe = bus.subscribe((e) => this.onEvent(e));
  }

  async queueIdOf(ref: string): Promise<string | undefined> {
    const key = ref.toLowerCase();
    const held = this.queues.get(key);
    if (held !== undefined) return held;
    const asked = this.generation;
    const id = await this.store.queueIdOf(ref);
    if (id !== undefined && asked === this.generation) this.queues.set(key, id);
    return id;
  }

  async skillIdOf(ref: string): Promise<string | undefined> {
    const key = ref.toLowerCase();
    const held = this.skills.get(key);
    if (held !== undefined) return held;
    const asked = this.generation;
    const id = await this.store.skillIdOf(ref);
    if (id !== undefined && asked === this.generation) this.skills.set(key, id);
    return id;
  }

  async queueEnabled(id: string): Promise<boolean> {
    const held = this.enabled.get(id);
    if (held !== undefined) return held;
    const asked = this.generation;
    const on = await this.store.queueEnabled(id);
    if (asked === this.generation) this.enabled.set(id, on);
    return on;
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

import type { BusinessHoursPort } from '../acd/ports.js';
import type { RoutingApi } from '../acd/routing-api.js';
import { isOpen, nextChange } from '../calendars/business-hours.js';
import type { BusinessCalendar } from '../calendars/calendar.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { toAcdAgentProfile, toAcdQueueConfig } from './acd-mapping.js';
import { allItems } from '../core/paging.js';
import type { DirectoryReaders } from './ports.js';

type Repos = Pick<DirectoryReaders, 'queues' | 'agents' | 'calendars'>;

export type RoutingTarget = Pick<RoutingApi, 'upsertQueue' | 'upsertAgentProfile' | 'removeQueue' | 'removeAgent'>;

const RELOAD_ON = new Set(['queue', 'agent', 'calendar', 'skill', 'team']);

/**
 * Keeps the routing engine and its business-hours check in step with the stored configuration:
 * `start(bus, routing)` loads everything, then every `config.changed` of a queue, agent, calendar, skill or
 * team reloads. A queue or agent applied before and no longer stored (or named by a `deleted`
 * event) is removed from the engine (RoutingApi.removeQueue / removeAgent). Reloads run one at a time; changes arriving meanwhile fold into one more reload.
 * The engine's `isOpen` is synchronous, so calendars are held in memory per queue.
 */
export class RoutingSync implements BusinessHoursPort {
  private calendarOfQueue = new Map<string, BusinessCalendar>();
  private running: Promise<void> | undefined;
  private again = false;
  private unsubscribe: (() => void) | undefined;
  private routing: RoutingTarget | undefined;
  private applied = { queue: new Set<string>(), agent: new Set<string>() };
  private deleted = { queue: new Set<string>(), agent: new Set<string>() };

  /**
   * The routing service is given to `start`, not here: the service itself takes this object as
   * its BusinessHoursPort, so it is built after it.
   */
  constructor(
    private readonly repos: Repos,
    private readonly logger: Logger,
  ) {}

  /** A queue without a calendar is always open. */
  isOpen(queueId: string, now: number): boolean {
    const cal = this.calendarOfQueue.get(queueId);
    return cal ? isOpen(cal, now) : true;
  }

  /** When the queue's calendar next opens or closes; null without a calendar or a change within about a year. */
  nextChange(queueId: string, now: number): number | null {
    const cal = this.calendarOfQueue.get(queueId);
    return cal ? (nextChange(cal, now)?.at ?? null) : null;
  }

  async start(bus: EventBus, routing: RoutingTarget): Promise<void> {
    this.routing = routing;
    this.unsubscribe ??= bus.subscribe((e) => this.onEvent(e));
    await this.reload();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** Resolves once the configuration stored now is applied. */
  reload(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private onEvent(e: DomainEvent): void {
    if (e.type !== 'config.changed' || !RELOAD_ON.has(e.entity)) return;
    if (e.action === 'deleted' && (e.entity === 'queue' || e.entity === 'agent')) this.deleted[e.entity].add(e.id);
    this.reload().catch((err: unknown) => this.logger.error({ err }, 'reloading routing configuration failed'));
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.loadOnce();
    } while (this.again);
  }

  private async loadOnce(): Promise<void> {
    const [queues, agents, calendars] = await Promise.all([
      allItems((page) => this.repos.queues.list(page)),
      allItems((page) => this.repos.agents.list(page)),
      allItems((page) => this.repos.calendars.list(page)),
    ]);
    const byId = new Map(calendars.map((c) => [c.id, c]));
    const next = new Map<string, BusinessCalendar>();
    for (const q of queues) {
      const cal = q.calendarId ? byId.get(q.calendarId) : undefined;
      if (cal) next.set(q.id, cal);
    }
    this.calendarOfQueue = next;
    // One entry the engine refuses must not keep the others from being applied.
    const routing = this.routing;
    if (!routing) return;
    for (const a of agents) this.apply('agent', a.id, () => routing.upsertAgentProfile(toAcdAgentProfile(a)));
    for (const q of queues) this.apply('queue', q.id, () => routing.upsertQueue(toAcdQueueConfig(q)));
    // Removed after the upserts, so a deleted queue's contacts can overflow into a queue just created.
    this.removeGone('queue', new Set(queues.map((q) => q.id)), (id) => routing.removeQueue(id));
    this.removeGone('agent', new Set(agents.map((a) => a.id)), (id) => routing.removeAgent(id));
  }

  private removeGone(entity: 'queue' | 'agent', stored: Set<string>, remove: (id: string) => void): void {
    const candidates = new Set([...this.applied[entity], ...this.deleted[entity]]);
    this.deleted[entity].clear();
    for (const id of candidates) {
      if (stored.has(id)) continue;
      this.apply(entity, id, () => remove(id));
    }
    this.applied[entity] = stored;
  }

  private apply(entity: string, id: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error({ err, entity, id }, 'routing engine refused configuration');
    }
  }
}

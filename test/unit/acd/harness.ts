import { FakeClock } from '../../../src/core/clock.js';
import type { DomainEvent } from '../../../src/core/events.js';
import { sequentialIds } from '../../../src/core/ids.js';
import { InMemoryAcdPersistence } from '../../../src/acd/in-memory-persistence.js';
import type { BusinessHoursPort, OfferDeliveryPort } from '../../../src/acd/ports.js';
import { RoutingService, type RoutingServiceDeps } from '../../../src/acd/routing-service.js';
import type { ContactExit, EngineConfig, OfferView, QueueConfig } from '../../../src/acd/types.js';

/** A delivery port that records what it was asked to do. */
export class RecordingDelivery implements OfferDeliveryPort {
  delivered: OfferView[] = [];
  withdrawn: { offer: OfferView; reason: string }[] = [];
  exits: ContactExit[] = [];
  onDeliver: ((offer: OfferView) => void) | null = null;
  deliverOffer(offer: OfferView): void {
    this.delivered.push(offer);
    this.onDeliver?.(offer);
  }
  withdrawOffer(offer: OfferView, reason: string): void {
    this.withdrawn.push({ offer, reason });
  }
  contactExited(exit: ContactExit): void {
    this.exits.push(exit);
  }
  lastFor(agentId: string): OfferView {
    const o = [...this.delivered].reverse().find((x) => x.agentId === agentId);
    if (!o) throw new Error(`no offer delivered to ${agentId}`);
    return o;
  }
}

export interface Harness {
  clock: FakeClock;
  store: InMemoryAcdPersistence;
  delivery: RecordingDelivery;
  events: DomainEvent[];
  acd: RoutingService;
  open: Set<string> | null;
  /** A second service over the same store, as after a restart. */
  restart(): Promise<RoutingService>;
}

export function harness(opts: { config?: Partial<EngineConfig>; random?: () => number; closed?: string[]; businessHours?: BusinessHoursPort } = {}): Harness {
  const clock = new FakeClock();
  const store = new InMemoryAcdPersistence();
  const delivery = new RecordingDelivery();
  const events: DomainEvent[] = [];
  const closed = new Set(opts.closed ?? []);
  const ids = sequentialIds('o');
  const deps = (): RoutingServiceDeps => ({
    clock,
    persistence: store,
    delivery,
    events: { publish: (e) => events.push(e) },
    businessHours: opts.businessHours ?? { isOpen: (q) => !closed.has(q) },
    ...(opts.config ? { config: opts.config } : {}),
    random: opts.random ?? (() => 0),
    newId: ids,
  });
  const h: Harness = {
    clock,
    store,
    delivery,
    events,
    acd: new RoutingService(deps()),
    open: null,
    async restart() {
      await h.acd.flush();
      await h.acd.close();
      const next = new RoutingService(deps());
      return next;
    },
  };
  return h;
}

export function queue(id: string, agents: string[], extra: Partial<QueueConfig> = {}): QueueConfig {
  return { id, strategy: 'longest_idle', members: agents.map((agentId, i) => ({ agentId, order: i })), ...extra };
}

export function eventsOf<T extends DomainEvent['type']>(events: DomainEvent[], type: T): Extract<DomainEvent, { type: T }>[] {
  return events.filter((e): e is Extract<DomainEvent, { type: T }> => e.type === type);
}

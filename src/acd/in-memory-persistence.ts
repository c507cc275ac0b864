import type { AgentRecord, AgentTransition } from '../agents/agent-state.js';
import type { AcdPersistence, AcdSnapshot, AcdWrite, ContactRecord, OfferRecord } from './ports.js';

/**
 * Persistence in memory: for tests and for running without a database. Records are cloned on the
 * way in and out so nobody can change stored state by holding a reference.
 */
export class InMemoryAcdPersistence implements AcdPersistence {
  readonly contacts = new Map<string, ContactRecord>();
  readonly offers = new Map<string, OfferRecord>();
  readonly agents = new Map<string, AgentRecord>();
  readonly trail: AgentTransition[] = [];
  /** Number of batches written (tests use it to see write-behind progress). */
  batches = 0;
  private readonly batchIds = new Set<string>();

  write(batch: readonly AcdWrite[], batchId?: string): Promise<void> {
    // As the database store: only a batch holding transitions (appends) is remembered by its id.
    if (batchId !== undefined && batch.some((w) => w.kind === 'transition')) {
      if (this.batchIds.has(batchId)) return Promise.resolve();
      this.batchIds.add(batchId);
    }
    for (const w of batch) {
      switch (w.kind) {
        case 'contact':
          this.contacts.set(w.contact.id, structuredClone(w.contact));
          break;
        case 'offer':
          this.offers.set(w.offer.id, structuredClone(w.offer));
          break;
        case 'agent':
          this.agents.set(w.agent.id, structuredClone(w.agent));
          break;
        case 'transition':
          this.trail.push(structuredClone(w.transition));
          break;
      }
    }
    this.batches++;
    return Promise.resolve();
  }

  load(): Promise<AcdSnapshot> {
    return Promise.resolve({
      contacts: [...this.contacts.values()].filter((c) => c.state !== 'ended').map((c) => structuredClone(c)),
      offers: [...this.offers.values()].filter((o) => o.state === 'open').map((o) => structuredClone(o)),
      agents: [...this.agents.values()].map((a) => structuredClone(a)),
    });
  }

  contactsSince(at: number): Promise<ContactRecord[]> {
    return Promise.resolve([...this.contacts.values()].filter((c) => c.endedAt === null || c.endedAt >= at).map((c) => structuredClone(c)));
  }

  transitions(agentId: string, from: number, to: number): Promise<AgentTransition[]> {
    return Promise.resolve(this.trail.filter((t) => t.agentId === agentId && t.at >= from && t.at < to).map((t) => structuredClone(t)));
  }
}

/**
 * Merging customers after the user confirmed it, and an admin's undo. Each is one unit of work
 * with its audit entry (`customer.merge` / `customer.merge_undo` on the kept customer), then
 * announced as configuration changes of both customers (screens showing either re-read them).
 * Merging a customer into itself is refused before anything is read: CUSTOMER_MERGE_SELF.
 */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import { planMerge, requireTwoCustomers } from './customer-merge.js';
import type { CustomerMerge, CustomerMergeStore } from './merge-ports.js';

export interface MergeActor {
  userId: string;
  ip?: string;
}

export interface CustomerMergeServiceDeps {
  store: CustomerMergeStore;
  audit: AuditLog;
  bus: Pick<EventBus, 'publish'>;
  clock: Clock;
  newId: () => string;
}

export class CustomerMergeService {
  constructor(private readonly deps: CustomerMergeServiceDeps) {}

  async merge(keptId: string, mergedId: string, actor: MergeActor): Promise<CustomerMerge> {
    requireTwoCustomers(keptId, mergedId);
    const at = this.deps.clock.now();
    const merge = await this.deps.store.merge(keptId, mergedId, planMerge, { id: this.deps.newId(), at, by: actor.userId }, (m) => this.entry(actor, 'customer.merge', m), this.deps.audit);
    this.announce(keptId, 'updated');
    this.announce(mergedId, 'deleted');
    return merge;
  }

  async undo(mergeId: string, actor: MergeActor): Promise<CustomerMerge> {
    const merge = await this.deps.store.undo(mergeId, this.deps.clock.now(), actor.userId, (m) => this.entry(actor, 'customer.merge_undo', m), this.deps.audit);
    this.announce(merge.keptId, 'updated');
    this.announce(merge.mergedId, 'created');
    return merge;
  }

  mergesInto(customerId: string): Promise<CustomerMerge[]> {
    return this.deps.store.mergesInto(customerId);
  }

  private entry(actor: MergeActor, action: string, m: CustomerMerge): AuditEntry {
    return {
      actorId: actor.userId,
      action,
      target: `customer:${m.keptId}`,
      details: { mergeId: m.id, mergedId: m.mergedId, mergedName: m.mergedName, movedIdentities: m.movedIdentities, movedTickets: m.movedTickets },
      ...(actor.ip ? { ip: actor.ip } : {}),
    };
  }

  private announce(id: string, action: 'created' | 'updated' | 'deleted'): void {
    this.deps.bus.publish({ type: 'config.changed', at: this.deps.clock.now(), scope: { everyone: true }, entity: 'customer', id, action });
  }
}

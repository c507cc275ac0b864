/** What merging customers needs from the store (src/store/customers/customer-merge-repo.ts). */
import type { AuditEntry, AuditLog } from '../accounts/audit.js';
import type { Customer } from './model.js';
import type { MergePlan } from './customer-merge.js';

export interface CustomerMerge {
  id: string;
  keptId: string;
  mergedId: string;
  /** The merged-away customer's name, for lists (the customer itself no longer exists). */
  mergedName: string;
  mergedAt: number;
  mergedBy: string | null;
  undoneAt: number | null;
  undoneBy: string | null;
  /** How many identities and tickets moved to the kept customer. */
  movedIdentities: number;
  movedTickets: number;
}

export interface CustomerMergeStore {
  /**
   * In one transaction: both customers read (NOT_FOUND naming the missing one), `plan` applied,
   * the merged customer's tickets re-pointed, the merged customer deleted, the merge record with
   * its snapshots and the audit entry (made from the record) stored.
   */
  merge(
    keptId: string,
    mergedId: string,
    plan: (kept: Customer, merged: Customer) => MergePlan,
    record: { id: string; at: number; by: string | null },
    audit: (m: CustomerMerge) => AuditEntry,
    log: AuditLog,
  ): Promise<CustomerMerge>;
  /**
   * Restores both customers exactly as before the merge, with the audit entry. CUSTOMER_MERGE_NOT_FOUND
   * for no such merge; CUSTOMER_MERGE_NOT_UNDOABLE when undone already or the kept customer changed since.
   */
  undo(mergeId: string, at: number, by: string | null, audit: (m: CustomerMerge) => AuditEntry, log: AuditLog): Promise<CustomerMerge>;
  /** Merges into this customer, newest first. */
  mergesInto(customerId: string): Promise<CustomerMerge[]>;
}

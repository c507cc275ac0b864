/**
 * Merging one customer (the "merged" one) into another (the "kept" one): the kept customer's
 * fields with the gaps filled from the merged one, and every identity of the merged customer the
 * kept one does not hold yet. Pure; the store applies the plan in one transaction and keeps what
 * an undo needs (src/store/customers/customer-merge-repo.ts).
 *
 *   name, company     the kept one's; a blank company takes the merged one's
 *   level             the higher of the two (a VIP stays a VIP)
 *   tags              both, the kept one's first
 *   notes             both, the kept one's first, separated by a blank line
 *   profile, custom   the kept one's values; what it lacks comes from the merged one
 *   identities        the merged one's appended (phones, e-mails, chat and messaging ids)
 */
import { AppError } from '../core/errors.js';
import { CUSTOMER_LEVELS } from '../core/vocabulary.js';
import type { Customer, CustomerProfile, MessagingId } from './model.js';

export interface MergePlan {
  /** The kept customer's fields after the merge (identities included). */
  kept: Omit<Customer, 'createdAt' | 'updatedAt'>;
  /** Identities moving from the merged customer to the kept one. */
  moved: { phones: string[]; emails: string[]; chatVisitors: string[]; messaging: MessagingId[] };
}

export function requireTwoCustomers(keptId: string, mergedId: string): void {
  if (keptId === mergedId) {
    throw new AppError('CUSTOMER_MERGE_SELF', 'A customer cannot be merged into itself', { problems: [{ where: '/mergedId', reason: 'is the customer kept' }] });
  }
}

const notIn = <T>(have: readonly T[], key: (t: T) => string) => {
  const keys = new Set(have.map(key));
  return (t: T) => !keys.has(key(t));
};

export function planMerge(kept: Customer, merged: Customer): MergePlan {
  requireTwoCustomers(kept.id, merged.id);
  const moved = {
    phones: merged.phones.filter(notIn(kept.phones, (p) => p)),
    emails: merged.emails.filter(notIn(kept.emails, (e) => e)),
    chatVisitors: merged.chatVisitors.filter(notIn(kept.chatVisitors, (v) => v)),
    messaging: merged.messaging.filter(notIn(kept.messaging, (m) => `${m.platform}:${m.id}`)),
  };
  const profile: CustomerProfile = { ...merged.profile, ...kept.profile };
  const level = CUSTOMER_LEVELS.indexOf(merged.level) > CUSTOMER_LEVELS.indexOf(kept.level) ? merged.level : kept.level;
  return {
    kept: {
      id: kept.id,
      name: kept.name,
      company: kept.company || merged.company,
      level,
      phones: [...kept.phones, ...moved.phones],
      emails: [...kept.emails, ...moved.emails],
      chatVisitors: [...kept.chatVisitors, ...moved.chatVisitors],
      messaging: [...kept.messaging, ...moved.messaging],
      tags: [...new Set([...kept.tags, ...merged.tags])],
      notes: [kept.notes, merged.notes].filter((n) => n.trim() !== '').join('\n\n'),
      profile,
      custom: { ...merged.custom, ...kept.custom },
    },
    moved,
  };
}

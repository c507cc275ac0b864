/**
 * The SLA clock: each priority has a time to solve, counted from the ticket's creation. A change
 * of priority moves the due time (from the creation, not from the change, so raising a priority
 * never buys time). Pending tickets keep their clock running: pausing is a policy not asked for yet.
 */
import type { TicketPriority } from './model.js';

const HOUR = 3_600_000;

export type SlaPolicy = Readonly<Record<TicketPriority, number>>;

export const DEFAULT_SLA: SlaPolicy = {
  urgent: 4 * HOUR,
  high: 8 * HOUR,
  normal: 24 * HOUR,
  low: 72 * HOUR,
};

export function dueAt(createdAt: number, priority: TicketPriority, sla: SlaPolicy = DEFAULT_SLA): number {
  return createdAt + sla[priority];
}

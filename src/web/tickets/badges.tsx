/** How a ticket's status and priority read on the page, in the page's language. */
import { TICKET_PRIORITIES, TICKET_STATUSES, type TicketPriority, type TicketStatus } from '../../tickets/model.js';
import { t, type MessageKey } from '../i18n/i18n.js';

/** Deleted tickets are found through the status filter only. */
export const STATUSES: readonly TicketStatus[] = TICKET_STATUSES;
export const PRIORITIES: readonly TicketPriority[] = TICKET_PRIORITIES;

export const statusText = (s: TicketStatus) => t(`tickets.status.${s}` as MessageKey);
export const priorityText = (p: TicketPriority) => t(`tickets.priority.${p}` as MessageKey);

export function StatusBadge({ status }: { status: TicketStatus }) {
  return (
    <span class={`badge ticket-status-${status}`} data-status={status}>
      {statusText(status)}
    </span>
  );
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return (
    <span class={`badge ticket-priority-${priority}`} data-priority={priority}>
      {priorityText(priority)}
    </span>
  );
}

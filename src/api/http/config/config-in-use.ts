import type { ContactView } from '../../../acd/types.js';
import { AppError } from '../../../core/errors.js';
import { flowsUsing, type ConfigKind, type FlowUser } from '../../../ivr/flow-usage.js';
import type { FlowSnapshot } from '../../../ivr/runner.js';

/** Who depends on a queue, calendar or skill right now: running IVR flows and waiting contacts. */
export interface ConfigUsers {
  flowsUsing(kind: ConfigKind, refs: string[]): FlowUser[];
  /** Contacts waiting (or being offered) in the queue, or requiring the skill. */
  waitingContacts(kind: ConfigKind, id: string): number;
}

/**
 * Refuses (CONFIG_IN_USE) a change that would strand callers: deleting what a flow routes to or
 * what waiting contacts need, or disabling a queue a flow routes to (disabling a queue callers
 * wait in is how to drain it: they are still served, no new ones come). The details list the
 * flows by file and the number of waiting contacts, so the admin knows what to change first.
 */
export function requireUnused(
  users: ConfigUsers,
  change: { kind: ConfigKind; id: string; name: string; action: 'delete' | 'disable' | 'rename' },
): void {
  // A rename only breaks flows that name it by its old name; those naming the id keep working.
  const flows = users.flowsUsing(change.kind, change.action === 'rename' ? [change.name] : [change.id, change.name]);
  const waitingContacts = change.action === 'delete' ? users.waitingContacts(change.kind, change.id) : 0;
  if (flows.length === 0 && waitingContacts === 0) return;
  const parts = [
    ...(flows.length > 0 ? [`IVR flow${flows.length > 1 ? 's' : ''} ${flows.map((f) => f.flow).join(', ')}`] : []),
    ...(waitingContacts > 0 ? [`${waitingContacts} waiting contact${waitingContacts > 1 ? 's' : ''}`] : []),
  ];
  const hint = change.kind === 'queue' && change.action === 'delete' && flows.length === 0 ? '; disable the queue to let it drain first' : '';
  throw new AppError('CONFIG_IN_USE', `${change.kind} "${change.name}" cannot be ${change.action}d: it is used by ${parts.join(' and ')}${hint}`, {
    entity: change.kind,
    id: change.id,
    flows,
    waitingContacts,
  });
}

/** ConfigUsers over the running flows and the routing engine's live contacts. */
export function configUsersOf(sources: {
  flows: () => FlowSnapshot;
  live: () => { waiting: { contactId: string; queueId: string }[] };
  contact: (id: string) => Pick<ContactView, 'requiredSkills'>;
}): ConfigUsers {
  return {
    flowsUsing: (kind, refs) => flowsUsing(sources.flows(), kind, refs),
    waitingContacts: (kind, id) => {
      const waiting = sources.live().waiting;
      if (kind === 'queue') return waiting.filter((w) => w.queueId === id).length;
      if (kind === 'skill') return waiting.filter((w) => sources.contact(w.contactId).requiredSkills[id] !== undefined).length;
      // Contacts do not wait on a calendar; queues that use one are protected by the database.
      return 0;
    },
  };
}

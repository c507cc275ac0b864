/**
 * The one way the directory changes: a write, its audit entry (`queue.update`, target
 * `queue:<id>`) in the same transaction, then, once committed, one `config.changed` event so the
 * routing engine reloads, the agent directory refreshes and screens update. A failed audit write
 * rolls the change back and reaches the caller; nothing is announced for a change not stored.
 */
import type { AuditLog } from '../accounts/audit.js';
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { DirectoryReaders, DirectoryRepos, DirectoryStore } from './ports.js';

export type ChangeAction = 'created' | 'updated' | 'deleted';

/** Who asks for a change, for the audit trail. */
export interface Actor {
  /** Absent for the system itself. */
  userId?: string;
  /** Client address when the change came over the network. */
  ip?: string;
}

const AUDIT_VERB: Record<ChangeAction, string> = { created: 'create', updated: 'update', deleted: 'delete' };

export interface DirectoryServiceDeps {
  store: DirectoryStore;
  audit: AuditLog;
  bus: EventBus;
  clock: Clock;
}

export class DirectoryService {
  /** Reads outside any change (lists, lookups); the same objects the engines read through. */
  readonly read: DirectoryReaders;

  constructor(private readonly deps: DirectoryServiceDeps) {
    this.read = deps.store;
  }

  /**
   * Runs `write` on the repositories of one unit of work with the audit entry of `entity`
   * `action`, then announces the change. `idOf` names the entity written (a create learns its id
   * from the result); `detailsOf`, when given, adds what changed to the audit entry.
   */
  async change<R>(
    actor: Actor,
    entity: string,
    action: ChangeAction,
    write: (repos: DirectoryRepos) => Promise<R>,
    idOf: (result: R) => string,
    detailsOf?: (result: R) => Record<string, unknown>,
  ): Promise<R> {
    let id = '';
    const result = await this.deps.store.transact(this.deps.audit, async (repos, audit) => {
      const written = await write(repos);
      id = idOf(written);
      await audit.record({
        ...(actor.userId ? { actorId: actor.userId } : {}),
        action: `${entity}.${AUDIT_VERB[action]}`,
        target: `${entity}:${id}`,
        ...(detailsOf ? { details: detailsOf(written) } : {}),
        ...(actor.ip !== undefined ? { ip: actor.ip } : {}),
      });
      return written;
    });
    this.deps.bus.publish({ type: 'config.changed', at: this.deps.clock.now(), scope: { everyone: true }, entity, id, action });
    return result;
  }
}

import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { Clock } from '../../../core/clock.js';
import { AppError, isAppError, type FieldProblem } from '../../../core/errors.js';
import type { EventBus } from '../../../core/events.js';
import type { ConfigRepoSet, ConfigRepos } from '../../../store/config/index.js';

export type ChangeAction = 'created' | 'updated' | 'deleted';

const AUDIT_VERB: Record<ChangeAction, string> = { created: 'create', updated: 'update', deleted: 'delete' };

/**
 * A configuration write with its audit entry (`queue.update`, target `queue:<id>`) in one
 * transaction, then, once committed, one `config.changed` event so engines reload and screens
 * refresh. A failed audit write rolls the change back and reaches the caller.
 */
export class ConfigChanges {
  constructor(
    private readonly deps: { repos: Pick<ConfigRepos, 'transact'>; audit: AuditLog; bus: EventBus; clock: Clock },
  ) {}

  async apply<R>(
    request: FastifyRequest,
    entity: string,
    action: ChangeAction,
    write: (repos: ConfigRepoSet) => Promise<R>,
    idOf: (result: R) => string,
  ): Promise<R> {
    let id = '';
    const result = await this.deps.repos.transact(this.deps.audit, async (repos, audit) => {
      const written = await write(repos);
      id = idOf(written);
      await audit.record({
        ...(request.principal ? { actorId: request.principal.userId } : {}),
        action: `${entity}.${AUDIT_VERB[action]}`,
        target: `${entity}:${id}`,
        ip: request.ip,
      });
      return written;
    });
    this.deps.bus.publish({ type: 'config.changed', at: this.deps.clock.now(), scope: { everyone: true }, entity, id, action });
    return result;
  }
}

/**
 * Repositories name fields relative to the entity (`/name`); over HTTP the same field is
 * `/body/name`, as schema failures name it.
 */
export function inBody(err: unknown): unknown {
  if (!isAppError(err)) return err;
  const details = err.details as { problems?: FieldProblem[]; field?: unknown } | undefined;
  if (err.code === 'VALIDATION_FAILED' && Array.isArray(details?.problems)) {
    const problems = details.problems.map((p) => ({ where: `/body${p.where}`, reason: p.reason }));
    const first = problems[0];
    return new AppError('VALIDATION_FAILED', first ? `${first.where}: ${first.reason}` : err.message, { problems });
  }
  if (err.code === 'CONFLICT' && typeof details?.field === 'string' && details.field.startsWith('/')) {
    const field = `/body${details.field}`;
    return new AppError('CONFLICT', err.message.replace(details.field, field), { ...details, field });
  }
  return err;
}

export async function bodyErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw inBody(err);
  }
}

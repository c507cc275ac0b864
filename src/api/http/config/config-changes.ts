import type { FastifyRequest } from 'fastify';
import type { AuditLog } from '../../../accounts/audit.js';
import type { Clock } from '../../../core/clock.js';
import { AppError, isAppError, type FieldProblem } from '../../../core/errors.js';
import type { EventBus } from '../../../core/events.js';

export type ChangeAction = 'created' | 'updated' | 'deleted';

const AUDIT_VERB: Record<ChangeAction, string> = { created: 'create', updated: 'update', deleted: 'delete' };

/**
 * After a configuration write has committed: one audit entry (`queue.update`, target `queue:<id>`)
 * and one `config.changed` event, so engines reload and screens refresh.
 */
export class ConfigChanges {
  constructor(
    private readonly deps: { audit: AuditLog; bus: EventBus; clock: Clock },
  ) {}

  async record(request: FastifyRequest, entity: string, id: string, action: ChangeAction, details?: Record<string, unknown>): Promise<void> {
    await this.deps.audit.record({
      ...(request.principal ? { actorId: request.principal.userId } : {}),
      action: `${entity}.${AUDIT_VERB[action]}`,
      target: `${entity}:${id}`,
      ip: request.ip,
      ...(details ? { details } : {}),
    });
    this.deps.bus.publish({ type: 'config.changed', at: this.deps.clock.now(), scope: { everyone: true }, entity, id, action });
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

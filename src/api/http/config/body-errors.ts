import { AppError, isAppError, type FieldProblem } from '../../../core/errors.js';

/**
 * Repositories name fields relative to the entity (`/name`); over HTTP the same field is
 * `/body/name`, as schema failures name it.
 */
export function inBody(err: unknown): unknown {
  if (!isAppError(err)) return err;
  const details = err.details as { problems?: FieldProblem[]; field?: unknown } | undefined;
  if ((err.code === 'VALIDATION_FAILED' || err.code.startsWith('CUSTOMER_')) && Array.isArray(details?.problems)) {
    const problems = details.problems.map((p) => ({ where: `/body${p.where}`, reason: p.reason }));
    const first = problems[0];
    return new AppError(err.code, first ? `${first.where}: ${first.reason}` : err.message, { ...details, problems });
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

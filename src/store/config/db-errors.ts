import { AppError, validationError } from '../../core/errors.js';

/**
 * Turns PostgreSQL constraint violations (same shape from pg and PGlite) into coded errors that
 * name the field. Repositories check references themselves first to name the exact list index;
 * these mappings are the backstop for races and for anything a check missed.
 */
export interface ConstraintMeaning {
  /** JSON pointer of the input field the constraint guards. */
  field: string;
  /** What a violation means for the caller. */
  kind: 'duplicate' | 'unknown_reference' | 'in_use';
}

interface PgLikeError {
  code?: unknown;
  constraint?: unknown;
}

export function pgError(err: unknown): { code: string; constraint?: string } | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, constraint } = err as PgLikeError;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return typeof constraint === 'string' ? { code, constraint } : { code };
}

export function translateConstraintError(
  err: unknown,
  meanings: Record<string, ConstraintMeaning>,
  deleting = false,
): unknown {
  const pg = pgError(err);
  if (!pg?.constraint) return err;
  const meaning = meanings[pg.constraint];
  // Rows of other areas (contacts, call records) may point at what is being deleted.
  if (!meaning && deleting && pg.code === '23503') {
    return new AppError('CONFLICT', 'Still in use', { constraint: pg.constraint, reason: 'in use' });
  }
  if (!meaning) return err;
  const isUnique = pg.code === '23505';
  const isForeignKey = pg.code === '23503';
  if (isUnique && meaning.kind === 'duplicate') return conflict(meaning.field, 'is already taken');
  if (isForeignKey && meaning.kind === 'unknown_reference') {
    return validationError([{ where: meaning.field, reason: 'refers to something that does not exist' }]);
  }
  if (isForeignKey && meaning.kind === 'in_use') {
    return new AppError('CONFLICT', `Still in use by ${meaning.field}`, { field: meaning.field, reason: 'in use' });
  }
  return err;
}

export function conflict(field: string, reason: string): AppError {
  return new AppError('CONFLICT', `${field}: ${reason}`, { field, reason });
}

export function notFound(entity: string, id: string): AppError {
  return new AppError('NOT_FOUND', `No ${entity} with id ${id}`, { entity, id });
}

/**
 * Runs `fn`, rethrowing constraint violations as coded errors. With `deleting`, any foreign key
 * that still points at the row makes the delete a CONFLICT.
 */
export async function withConstraints<T>(
  meanings: Record<string, ConstraintMeaning>,
  fn: () => Promise<T>,
  deleting = false,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw translateConstraintError(err, meanings, deleting);
  }
}

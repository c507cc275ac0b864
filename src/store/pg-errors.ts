/** PostgreSQL error codes (same from pg and PGlite): the SQLSTATE travels in `code`. */
export function pgErrorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err && typeof (err as { code: unknown }).code === 'string') {
    return (err as { code: string }).code;
  }
  return undefined;
}

export function isUniqueViolation(err: unknown): boolean {
  return pgErrorCode(err) === '23505';
}

export function isForeignKeyViolation(err: unknown): boolean {
  return pgErrorCode(err) === '23503';
}

/** Any integrity constraint (class 23: unique, foreign key, check, not null): the statement was rolled back. */
export function isConstraintViolation(err: unknown): boolean {
  return pgErrorCode(err)?.startsWith('23') ?? false;
}

/** Socket errors of a server that went away or cannot be reached (Node's codes). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** SQLSTATEs of a server shutting down or starting: admin_shutdown, crash_shutdown, cannot_connect_now. */
const RESTARTING_STATES = new Set(['57P01', '57P02', '57P03']);
/** What pg and pg-pool say, with no code, when a connection ends under a query or cannot be opened in time. */
const UNREACHABLE_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)/;

/**
 * True when the database could not be reached or dropped the connection (restarting, network
 * cut): the same statement may succeed once it is back. False for anything the statement itself
 * caused (a constraint, a syntax error), which no retry fixes.
 */
export function isDatabaseUnreachable(err: unknown): boolean {
  const code = pgErrorCode(err);
  if (code !== undefined && (UNREACHABLE_CODES.has(code) || RESTARTING_STATES.has(code) || code.startsWith('08'))) return true;
  return err instanceof Error && UNREACHABLE_MESSAGES.test(err.message);
}

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

import { createHash, randomBytes } from 'node:crypto';

/**
 * The visitor's only credential: 32 random bytes, base64url. The store keeps its SHA-256 only,
 * so a leaked database cannot be replayed as visitors (the token has full entropy: no salt or
 * slow hash is needed).
 */
export function newVisitorToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashVisitorToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

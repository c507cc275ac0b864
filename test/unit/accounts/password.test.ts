import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/accounts/password.js';

describe('scrypt password hashing', () => {
  it('given the same password twice then the hashes differ (per-user salt) and both verify', async () => {
    const a = await hashPassword('the same password');
    const b = await hashPassword('the same password');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('the same password', a)).toBe(true);
    expect(await verifyPassword('the same password', b)).toBe(true);
  });

  it('given a wrong password or a tampered hash then it does not verify', async () => {
    const h = await hashPassword('right password');
    expect(await verifyPassword('wrong password', h)).toBe(false);
    const parts = h.split('$');
    const key = parts[5] as string;
    // Change a character in the middle: the last base64url character partly encodes padding bits.
    parts[5] = `${key.slice(0, 10)}${key[10] === 'A' ? 'B' : 'A'}${key.slice(11)}`;
    expect(await verifyPassword('right password', parts.join('$'))).toBe(false);
  });

  it('given a malformed stored hash then it never matches and never throws', async () => {
    for (const stored of ['', 'plain', 'scrypt$x$8$1$aa$bb', 'bcrypt$1$2$3$4$5', 'scrypt$16384$8$1$c2FsdA$c2hvcnQ']) {
      expect(await verifyPassword('anything', stored)).toBe(false);
    }
  });
});

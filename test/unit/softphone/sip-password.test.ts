/**
 * The per-extension SIP password of browser softphones: derived, not stored, and the same value
 * openssl computes for the PBX side (dialplan/render-config.sh; see test/unit/dialplan for the
 * rendered endpoints).
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SIP_PASSWORD_LABEL, sipPasswordFor } from '../../../src/softphone/sip-password.js';
import { missingTools } from '../../helpers/tools.js';

const SECRET = 'a-webrtc-secret-of-at-least-32-characters';

describe('sipPasswordFor', () => {
  it('given the same secret and extension when derived twice then the password is the same 32 hex digits', () => {
    const password = sipPasswordFor(SECRET, 'web-agent1');
    expect(password).toMatch(/^[0-9a-f]{32}$/);
    expect(sipPasswordFor(SECRET, 'web-agent1')).toBe(password);
  });

  it('given another extension or another secret then the password differs', () => {
    const password = sipPasswordFor(SECRET, 'web-agent1');
    expect(sipPasswordFor(SECRET, 'web-agent2')).not.toBe(password);
    expect(sipPasswordFor(`${SECRET}!`, 'web-agent1')).not.toBe(password);
  });

  it('given a known secret and extension then it is the documented HMAC-SHA256 (a fixed vector, so a change of derivation fails here first)', () => {
    expect(SIP_PASSWORD_LABEL).toBe('switchboard-webrtc-v1:');
    expect(sipPasswordFor('secret with spaces & | chars', 'web-agent1')).toBe('bb1eeda05917eba34164e17cf4ef9a1403e4052764f2d5e8fa5c4cb79a25487e'.slice(0, 32));
  });

  it.runIf(missingTools(['openssl']).length === 0)('given openssl as render-config.sh calls it then it derives the same password', () => {
    const out = execFileSync('sh', ['-c', `printf '%s' "$1" | openssl dgst -sha256 -hmac "$2"`, 'sh', `${SIP_PASSWORD_LABEL}web-agent7`, SECRET], { encoding: 'utf8' });
    expect(out.replace(/^.*= /, '').trim().slice(0, 32)).toBe(sipPasswordFor(SECRET, 'web-agent7'));
  });
});

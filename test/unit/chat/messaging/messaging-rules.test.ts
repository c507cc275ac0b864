/** The messaging webhook's pure rules: connector checks, the inbound message, and the signature window. */
import { describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_MS, checkConnector, clientIdOf, inboundMessage, newConnectorSecret } from '../../../../src/chat/messaging/messaging-rules.js';
import { isAppError } from '../../../../src/core/errors.js';
import { signature, signatureValid } from '../../../../src/core/webhook-signature.js';

const codeOf = (fn: () => unknown): { code: string; details: unknown } | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { code: err.code, details: err.details };
  }
};

describe('messaging connector rules', () => {
  it('given a connector with spaces and capitals when checked then the name is trimmed and the platform lower case', () => {
    expect(checkConnector({ name: ' WeChat ', platform: ' WeChat ', deliveryUrl: 'https://a.example/r' })).toEqual({ name: 'WeChat', platform: 'wechat', deliveryUrl: 'https://a.example/r', queueId: null, enabled: true });
  });

  it('given a blank name, a blank platform and a non-http URL when checked then each is named', () => {
    const refusal = codeOf(() => checkConnector({ name: ' ', platform: '', deliveryUrl: 'https://user:pw@a.example/' }));
    expect(refusal?.code).toBe('VALIDATION_FAILED');
    expect((refusal?.details as { problems: { where: string }[] }).problems.map((p) => p.where)).toEqual(['/name', '/platform', '/deliveryUrl']);
  });

  it('given two new secrets when made then they differ and carry the prefix', () => {
    const a = newConnectorSecret();
    expect(a).toMatch(/^sbm_[A-Za-z0-9_-]{43}$/);
    expect(newConnectorSecret()).not.toBe(a);
  });
});

describe('the inbound message', () => {
  it.each([
    ['text only', { messageId: 'm', from: { id: 'u', name: ' Wang ' }, text: 'hi' }, undefined],
    ['an empty attachment list', { messageId: 'm', from: { id: 'u' }, text: 'hi', attachments: [] }, undefined],
    ['a file', { messageId: 'm', from: { id: 'u' }, text: 'hi', attachments: [{}] }, 'MESSAGING_ATTACHMENTS_UNSUPPORTED'],
    ['blank text', { messageId: 'm', from: { id: 'u' }, text: '  ' }, 'VALIDATION_FAILED'],
    ['no text', { messageId: 'm', from: { id: 'u' } }, 'VALIDATION_FAILED'],
  ])('given %s when read then %s', (_what, body, code) => {
    expect(codeOf(() => inboundMessage(body))?.code).toBe(code);
  });

  it('given a name with spaces when read then it is trimmed, and a platform id of any length becomes a clientId of fixed form', () => {
    expect(inboundMessage({ messageId: 'm', from: { id: 'u', name: ' Wang ' }, text: 'hi' }).from).toEqual({ id: 'u', name: 'Wang' });
    expect(clientIdOf('x'.repeat(200))).toMatch(/^mp:[0-9a-f]{40}$/);
    expect(clientIdOf('a')).not.toBe(clientIdOf('b'));
  });
});

describe('the webhook signature', () => {
  const now = 1_800_000_000_000;
  const ts = String(now / 1000);
  const sig = signature('k', ts, '{"a":1}');

  it.each([
    ['the right key and body, now', 'k', ts, sig, '{"a":1}', true],
    ['another key', 'other', ts, sig, '{"a":1}', false],
    ['another body', 'k', ts, sig, '{"a":2}', false],
    ['a timestamp past the window', 'k', String((now - REPLAY_WINDOW_MS - 1000) / 1000), signature('k', String((now - REPLAY_WINDOW_MS - 1000) / 1000), '{"a":1}'), '{"a":1}', false],
    ['a timestamp ahead within the window', 'k', String((now + 60_000) / 1000), signature('k', String((now + 60_000) / 1000), '{"a":1}'), '{"a":1}', true],
    ['no timestamp', 'k', undefined, sig, '{"a":1}', false],
    ['a timestamp that is not a number', 'k', '1e9', signature('k', '1e9', '{"a":1}'), '{"a":1}', false],
    ['no signature', 'k', ts, undefined, '{"a":1}', false],
  ])('given %s when checked then %s', (_what, key, timestamp, given, body, valid) => {
    expect(signatureValid(key, timestamp, given, body, now, REPLAY_WINDOW_MS)).toBe(valid);
  });
});

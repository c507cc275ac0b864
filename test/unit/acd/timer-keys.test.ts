import { describe, expect, it } from 'vitest';
import { encodeTimerKey, parseTimerKey, type TimerKey } from '../../../src/acd/timer-keys.js';

/** Ids as they come from outside: call ids, transfer ids `<callId>:<n>`, spaces, unicode. */
const KEYS: TimerKey[] = [
  { kind: 'offer', offerId: 'o-1' },
  { kind: 'maxwait', contactId: 'call:abc:2' },
  { kind: 'relax', contactId: 'c 1/é' },
  { kind: 'decline', contactId: 'c1', agentId: 'a:7' },
  { kind: 'wrap', agentId: 'a1', contactId: 'chat-9|x' },
  { kind: 'hours', queueId: 'support.en' },
];

describe('routing engine timer keys', () => {
  it('given every kind of key with ids holding separators of other formats when encoded and parsed then the same key comes back', () => {
    for (const key of KEYS) expect(parseTimerKey(encodeTimerKey(key))).toEqual(key);
  });

  it('given keys of different kinds or ids when encoded then no two share a string (one timer never replaces another)', () => {
    const swapped: TimerKey[] = [
      { kind: 'decline', contactId: 'a1', agentId: 'c1' },
      { kind: 'decline', contactId: 'c1', agentId: 'a1' },
      { kind: 'wrap', agentId: 'c1', contactId: 'a1' },
      { kind: 'maxwait', contactId: 'x' },
      { kind: 'relax', contactId: 'x' },
    ];
    const all = [...KEYS, ...swapped].map(encodeTimerKey);
    expect(new Set(all).size).toBe(all.length);
  });

  it('given text that is no timer key when parsed then null', () => {
    for (const text of ['', 'offer', 'nope\u001fx', 'decline\u001fc1', 'offer\u001fo1\u001fextra', 'wrap\u001fa\u001fc\u001fd']) {
      expect(parseTimerKey(text), JSON.stringify(text)).toBeNull();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_CHAT_CAPACITY, parseCapacity } from '../../../src/web/toolbar/chat-capacity.js';

describe('the chat capacity field', () => {
  it('given whole numbers from 0 to the maximum when read then they are the capacity', () => {
    expect(parseCapacity('0')).toBe(0);
    expect(parseCapacity(' 3 ')).toBe(3);
    expect(parseCapacity(String(MAX_CHAT_CAPACITY))).toBe(MAX_CHAT_CAPACITY);
  });

  it('given anything else when read then it is refused before the daemon is asked', () => {
    for (const bad of ['', '-1', '2.5', '1e1', 'two', String(MAX_CHAT_CAPACITY + 1)]) expect(parseCapacity(bad), bad).toBeUndefined();
  });
});

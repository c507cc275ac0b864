import { describe, expect, it } from 'vitest';
import { checkNoteText, checkTags, normalizeTag } from '../../../src/chat/chat-notes.js';
import { isAppError } from '../../../src/core/errors.js';

describe('chat notes and tags', () => {
  it('given a tag with spaces and capitals when normalized then trimmed, collapsed and lowercase', () => {
    expect(normalizeTag('  Refund \t Request ')).toBe('refund request');
  });

  it('given duplicate tags after normalizing when checked then kept once in the order given', () => {
    expect(checkTags(['B', 'a', ' b '])).toEqual(['b', 'a']);
  });

  it('given 21 distinct tags when checked then CHAT_TAGS_TOO_MANY; 20 plus a duplicate is fine', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `t${i}`);
    expect(checkTags([...twenty, 'T0'])).toHaveLength(20);
    expect(() => checkTags([...twenty, 'x'])).toThrow(expect.objectContaining({ code: 'CHAT_TAGS_TOO_MANY' }));
  });

  it('given a blank tag or one over 40 characters when checked then VALIDATION_FAILED names its index', () => {
    for (const bad of [['ok', '  '], ['ok', 'x'.repeat(41)]]) {
      try {
        checkTags(bad);
        expect.unreachable();
      } catch (err) {
        expect(isAppError(err, 'VALIDATION_FAILED')).toBe(true);
        expect(JSON.stringify((err as { details: unknown }).details)).toContain('/tags/1');
      }
    }
    expect(checkTags(['x'.repeat(40)])).toHaveLength(1);
  });

  it('given a note when checked then trimmed; blank or over 4000 characters refused naming the text', () => {
    expect(checkNoteText('  hi ')).toBe('hi');
    expect(() => checkNoteText(' ')).toThrow(/\/text/);
    expect(() => checkNoteText('x'.repeat(4001))).toThrow(/\/text/);
  });
});

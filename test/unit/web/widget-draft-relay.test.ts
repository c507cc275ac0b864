/** The widget's typing drafts: throttled to one frame a second with the latest text last, capped, never a repeat. */
import { describe, expect, it } from 'vitest';
import { CHAT_LIMITS } from '../../../src/chat/protocol.js';
import { capDraft, DRAFT_EVERY_MS, DRAFT_MAX_CHARS, DraftRelay } from '../../../src/web/widget/draft-relay.js';

/** A hand-driven clock: timers fire only when the test advances time. */
function fakeClock() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  return {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => {
      timers.set(next, { at: now + ms, fn });
      return next++;
    },
    clearTimeout: (id: number) => void timers.delete(id),
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at > now) continue;
        timers.delete(id);
        t.fn();
      }
    },
  };
}

function relay() {
  const clock = fakeClock();
  const sent: string[] = [];
  return { clock, sent, r: new DraftRelay(clock, (d) => sent.push(d)) };
}

describe("the widget's typing drafts", () => {
  it('given a visitor typing fast when keys come every 100 ms then a frame goes at most once a second and the latest text goes last, not each key', () => {
    const { clock, sent, r } = relay();
    const text = 'Hello there';
    for (let i = 1; i <= text.length; i++) {
      r.update(text.slice(0, i));
      clock.advance(100);
    }
    // 11 keys over 1.1 s: at 0 ms, at 1000 ms (what the box held then), and the rest a second later.
    clock.advance(DRAFT_EVERY_MS * 3);
    expect(sent).toEqual(['H', 'Hello ther', 'Hello there']);
  });

  it('given a draft sent when the box is cleared then an empty draft goes; an empty box before anything was sent sends nothing', () => {
    const { clock, sent, r } = relay();
    r.update('');
    expect(sent).toEqual([]);
    r.update('Hi');
    clock.advance(DRAFT_EVERY_MS);
    r.update('');
    expect(sent).toEqual(['Hi', '']);
  });

  it('given the chat ended with a draft pending when reset then the pending draft never goes', () => {
    const { clock, sent, r } = relay();
    r.update('a');
    r.update('ab');
    r.reset();
    clock.advance(DRAFT_EVERY_MS * 2);
    expect(sent).toEqual(['a']);
  });

  it('given a text longer than the server takes when capped then it keeps the first characters and never half an emoji', () => {
    expect(DRAFT_MAX_CHARS).toBe(CHAT_LIMITS.maxDraftLength);
    expect(capDraft('好'.repeat(DRAFT_MAX_CHARS + 10))).toBe('好'.repeat(DRAFT_MAX_CHARS));
    const emojiAtEdge = `${'x'.repeat(DRAFT_MAX_CHARS - 1)}😊`;
    expect(capDraft(emojiAtEdge)).toBe('x'.repeat(DRAFT_MAX_CHARS - 1));
    expect(capDraft('short')).toBe('short');
  });
});

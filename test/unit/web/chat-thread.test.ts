import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatSummary } from '../../../src/web/api/types.js';
import { hasGapBefore, newThread, withFailed, withMessages, withPending, withVisitorTyping } from '../../../src/web/chat-workspace/thread.js';

const summary: ChatSummary = { id: 'c1', state: 'active', queueId: 'q', agentId: 'a1', visitorName: '', page: '', createdAt: 0, assignedAt: 1, endedAt: null, lastSeq: 0 };
const msg = (seq: number, from: ChatMessage['from'], text: string, clientId?: string): ChatMessage => ({ seq, from, text, at: seq, ...(clientId ? { clientId } : {}) });

describe("an agent's chat thread", () => {
  it('given the live event and the re-read both bring a message when merged then it shows once, in seq order', () => {
    let t = withMessages(newThread(summary), [msg(2, 'visitor', 'b')], false);
    t = withMessages(t, [msg(1, 'visitor', 'a'), msg(2, 'visitor', 'b'), msg(3, 'agent', 'c')], false);
    expect(t.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(t.lastSeq).toBe(3);
  });

  it('given an event that skips a seq when checked then the gap is seen, and the watermark stays below it', () => {
    const t = withMessages(newThread(summary), [msg(1, 'visitor', 'a'), msg(3, 'visitor', 'c')], false);
    expect(t.lastSeq).toBe(1);
    expect(hasGapBefore(t, 3)).toBe(true);
    expect(hasGapBefore(t, 2)).toBe(false);
  });

  it('given a line the agent sent when the stored copy comes back with its client id then the pending copy goes', () => {
    let t = withPending(newThread(summary), { clientId: 'a-1', text: 'hi', status: 'sending' });
    t = withPending(t, { clientId: 'a-2', text: 'there', status: 'sending' });
    t = withMessages(t, [msg(1, 'agent', 'hi', 'a-1')], false);
    expect(t.pending.map((p) => p.clientId)).toEqual(['a-2']);
    expect(withFailed(t, 'a-2').pending[0]?.status).toBe('failed');
  });

  it('given visitor messages to a chat not on screen when merged then they count as unread and end the typing mark', () => {
    const t = withMessages({ ...newThread(summary), visitorTypingUntil: 99 }, [msg(1, 'visitor', 'a'), msg(2, 'agent', 'b'), msg(3, 'visitor', 'c')], true);
    expect(t.unread).toBe(2);
    expect(t.visitorTypingUntil).toBe(0);
  });

  it("given the visitor's drafts when typing events come then the preview follows, a cleared box ends it, and their message clears it", () => {
    let t = withVisitorTyping(newThread(summary), 'My order', 50);
    expect([t.visitorTypingUntil, t.visitorDraft]).toEqual([50, 'My order']);
    expect(withVisitorTyping(t, undefined, 70)).toMatchObject({ visitorTypingUntil: 70, visitorDraft: 'My order' });
    expect(withVisitorTyping(t, '  ', 70)).toMatchObject({ visitorTypingUntil: 0, visitorDraft: '' });
    t = withMessages(t, [msg(1, 'visitor', 'My order is late')], false);
    expect([t.visitorTypingUntil, t.visitorDraft]).toEqual([0, '']);
  });
});

/** What a background notification says: the queue and "new chat" only, unless the agent chose previews. */
import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../../src/core/events.js';
import { locale } from '../../../src/web/i18n/i18n.js';
import { noticeFor, type NoticeContext } from '../../../src/web/pwa/notices.js';

const base = { at: 1 } as const;
const ctx = (previews: boolean): NoticeContext => ({
  agentId: 'ag1',
  previews,
  queueName: (id) => (id === 'q1' ? 'Support' : undefined),
  chatQueueOf: (chatId) => (chatId === 'c1' ? 'q1' : undefined),
});
const ev = (e: Record<string, unknown>) => ({ ...base, ...e }) as unknown as DomainEvent;

describe('noticeFor', () => {
  afterEach(() => {
    locale.value = 'en';
  });

  it('given a chat waiting and previews off when noticed then it names the queue only, not the visitor, and opens that chat', () => {
    const n = noticeFor(ev({ type: 'chat.waiting', chatId: 'c9', queueId: 'q1', visitorName: 'Li Lei', since: 1 }), ctx(false));
    expect(n).toEqual({ title: 'New chat waiting', body: 'Support', tag: 'chat-c9', url: '/app/toolbar?chat=c9' });
  });

  it("given a visitor's message in my chat and previews off when noticed then the text stays out of it", () => {
    const n = noticeFor(ev({ type: 'chat.message', chatId: 'c1', seq: 3, from: 'visitor', text: 'my card number is 4111' }), ctx(false));
    expect(n?.title).toBe('New message');
    expect(n?.body).toBe('Support');
    expect(JSON.stringify(n)).not.toContain('4111');
  });

  it('given previews on when a message or a chat is noticed then the text and the visitor name show', () => {
    expect(noticeFor(ev({ type: 'chat.message', chatId: 'c1', seq: 3, from: 'visitor', text: '  hello\nthere ' }), ctx(true))?.body).toBe('hello there');
    expect(noticeFor(ev({ type: 'chat.assigned', chatId: 'c1', agentId: 'ag1', queueId: 'q1', visitorName: 'Li Lei', picked: false }), ctx(true))?.body).toBe('Support · Li Lei');
  });

  it('given a long message with previews on when noticed then it is cut to 120 characters', () => {
    const body = noticeFor(ev({ type: 'chat.message', chatId: 'c1', seq: 3, from: 'visitor', text: 'x'.repeat(500) }), ctx(true))?.body ?? '';
    expect(body.length).toBe(120);
    expect(body.endsWith('…')).toBe(true);
  });

  it('given a chat I picked, an offer to a colleague, my own message or a message of a chat not mine when noticed then there is no notice', () => {
    expect(noticeFor(ev({ type: 'chat.assigned', chatId: 'c1', agentId: 'ag1', queueId: 'q1', visitorName: '', picked: true }), ctx(false))).toBeNull();
    expect(noticeFor(ev({ type: 'contact.offered', contactId: 'k', offerId: 'o', agentId: 'ag2', queueId: 'q1', media: 'voice' }), ctx(false))).toBeNull();
    expect(noticeFor(ev({ type: 'chat.message', chatId: 'c1', seq: 4, from: 'agent', text: 'hi' }), ctx(false))).toBeNull();
    expect(noticeFor(ev({ type: 'chat.message', chatId: 'c2', seq: 1, from: 'visitor', text: 'hi' }), ctx(false))).toBeNull();
  });

  it('given a call offered to me in Chinese when noticed then it says so in Chinese with the queue', () => {
    locale.value = 'zh-CN';
    const n = noticeFor(ev({ type: 'contact.offered', contactId: 'k', offerId: 'o1', agentId: 'ag1', queueId: 'q1', media: 'voice' }), ctx(false));
    expect(n).toEqual({ title: '来电', body: 'Support', tag: 'offer-o1', url: '/app/toolbar' });
    expect(noticeFor(ev({ type: 'chat.waiting', chatId: 'c9', queueId: 'qX', visitorName: '', since: 1 }), ctx(false))?.body).toBe('咨询队列');
  });
});

/**
 * Which live events become a phone notification, and what it says: a pure function, unit-tested
 * (test/unit/web/pwa-notices.test.ts). A notification can show on a locked screen, so by default
 * it names the queue and what happened only ("New chat"); the visitor's name and message text
 * appear only when the agent turned previews on for this browser.
 */
import type { DomainEvent } from '../api/types.js';
import { t } from '../i18n/i18n.js';

export interface Notice {
  title: string;
  body: string;
  /** One notification per chat or offer: a newer one replaces it instead of piling up. */
  tag: string;
  /** The page a click opens (the service worker only opens /app/ pages). */
  url: string;
}

export interface NoticeContext {
  agentId: string;
  /** Message previews on the lock screen, chosen by the agent (default off). */
  previews: boolean;
  queueName(id: string | undefined): string | undefined;
  /** The queue of one of my open chats (undefined: not my chat, no notice for its messages). */
  chatQueueOf(chatId: string): string | undefined;
}

const PREVIEW_CHARS = 120;

export function chatUrl(chatId: string): string {
  return `/app/toolbar?chat=${encodeURIComponent(chatId)}`;
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > PREVIEW_CHARS ? `${one.slice(0, PREVIEW_CHARS - 1)}…` : one;
}

/** "Support" or, with previews, "Support · Li Lei". */
function where(ctx: NoticeContext, queueId: string | undefined, visitorName?: string): string {
  const queue = ctx.queueName(queueId) ?? t('pwa.notice.someQueue');
  return ctx.previews && visitorName && visitorName.trim() !== '' ? `${queue} · ${visitorName.trim()}` : queue;
}

export function noticeFor(e: DomainEvent, ctx: NoticeContext): Notice | null {
  switch (e.type) {
    case 'chat.waiting':
      return { title: t('pwa.notice.chatWaiting'), body: where(ctx, e.queueId, e.visitorName), tag: `chat-${e.chatId}`, url: chatUrl(e.chatId) };
    case 'chat.assigned':
      // A chat the agent picked themselves needs no notice; one routed to them does.
      if (e.agentId !== ctx.agentId || e.picked) return null;
      return { title: t('pwa.notice.chatAssigned'), body: where(ctx, e.queueId, e.visitorName), tag: `chat-${e.chatId}`, url: chatUrl(e.chatId) };
    case 'contact.offered':
      if (e.agentId !== ctx.agentId) return null;
      return { title: e.media === 'voice' ? t('pwa.notice.callOffer') : t('pwa.notice.chatOffer'), body: where(ctx, e.queueId), tag: `offer-${e.offerId}`, url: '/app/toolbar' };
    case 'chat.message': {
      if (e.from !== 'visitor') return null;
      const queueId = ctx.chatQueueOf(e.chatId);
      if (queueId === undefined) return null;
      const text = e.attachment ? t('pwa.notice.attachment') : clip(e.text);
      return { title: t('pwa.notice.message'), body: ctx.previews && text !== '' ? text : where(ctx, queueId), tag: `chat-${e.chatId}`, url: chatUrl(e.chatId) };
    }
    default:
      return null;
  }
}

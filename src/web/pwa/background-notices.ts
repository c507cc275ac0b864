/**
 * Notifications while the toolbar is in the background (another app in front, the phone locked):
 * new chats, chats routed to me, offers and my visitors' messages (notices.ts decides what each
 * says). Shown through the service worker's registration, the only way phones show them, and a
 * click brings the app to that chat (sw.ts). Permission is asked only when the agent presses the
 * button (NotifyMenu), never on load; with the page in front nothing is shown (the page rings).
 */
import { signal } from '@preact/signals';
import type { EventStream } from '../api/event-stream.js';
import { appWorker } from './app-worker.js';
import { noticeFor, type NoticeContext } from './notices.js';

const PREVIEWS_KEY = 'switchboard.notify.previews';

export type Permission = 'unsupported' | 'default' | 'granted' | 'denied';

function readPermission(): Permission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

function readPreviews(): boolean {
  try {
    return localStorage.getItem(PREVIEWS_KEY) === '1';
  } catch {
    // No storage: previews stay off (the safe default for a lock screen).
    return false;
  }
}

export const permission = signal<Permission>(readPermission());
export const previews = signal<boolean>(readPreviews());

/** On the agent's click only: browsers refuse (or block for good) a request without a gesture. */
export async function askPermission(): Promise<void> {
  if (typeof Notification === 'undefined') return;
  permission.value = await Notification.requestPermission();
}

export function setPreviews(on: boolean): void {
  previews.value = on;
  try {
    localStorage.setItem(PREVIEWS_KEY, on ? '1' : '0');
  } catch (err) {
    console.info('the notification preview choice could not be remembered on this browser', err);
  }
}

export class BackgroundNotices {
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly stream: EventStream,
    private readonly context: () => Omit<NoticeContext, 'previews'>,
  ) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({ event: (e) => void this.onEvent(e) });
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private async onEvent(e: Parameters<typeof noticeFor>[0]): Promise<void> {
    if (document.visibilityState !== 'hidden') return;
    // Read again: the agent may have changed it in the browser's settings meanwhile.
    permission.value = readPermission();
    if (permission.value !== 'granted') return;
    const notice = noticeFor(e, { ...this.context(), previews: previews.value });
    if (!notice) return;
    try {
      const reg = await appWorker();
      if (!reg) return;
      await reg.showNotification(notice.title, { body: notice.body, tag: notice.tag, data: { url: notice.url }, icon: '/app/icons/icon-192.png', badge: '/app/icons/badge-96.png' });
    } catch (err) {
      console.warn('a background notification could not be shown', notice.tag, err);
    }
  }
}

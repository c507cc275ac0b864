/**
 * The page's side of the service worker (sw.ts): registers it where the browser allows it (a
 * secure context: HTTPS, or http://127.0.0.1 / localhost), says when a new version took over (the
 * "new version, reload" hint), passes on a notification click (which chat or offer to show), and
 * points the manifest link at the user's language.
 */
import { effect, signal } from '@preact/signals';
import { locale } from '../i18n/i18n.js';

/** A newer build's worker took over this page: the page's own files are the old ones until a reload. */
export const updateReady = signal(false);
/** A page the agent asked for by clicking a notification (e.g. /app/toolbar?chat=...). */
export const openRequest = signal<string | null>(null);

let registration: Promise<ServiceWorkerRegistration | undefined> = Promise.resolve(undefined);

export function workerSupported(): boolean {
  return typeof navigator !== 'undefined' && 'serviceWorker' in navigator && window.isSecureContext;
}

export function startAppWorker(): void {
  effect(() => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    if (link) link.href = locale.value === 'en' ? '/app/manifest.webmanifest' : `/app/manifest.webmanifest?lang=${encodeURIComponent(locale.value)}`;
  });
  // A page opened from a notification (no window was open) names the chat in its address.
  const chat = new URLSearchParams(location.search).get('chat');
  if (chat) openRequest.value = `${location.pathname}${location.search}`;
  if (!workerSupported()) return;
  const sw = navigator.serviceWorker;
  const hadController = sw.controller !== null;
  sw.addEventListener('controllerchange', () => {
    // The first visit's worker claiming the page is no update; a replacement is.
    if (hadController) updateReady.value = true;
  });
  sw.addEventListener('message', (event: MessageEvent<unknown>) => {
    const data = event.data as { type?: unknown; url?: unknown } | null;
    if (data?.type === 'switchboard.open' && typeof data.url === 'string' && data.url.startsWith('/app/')) openRequest.value = data.url;
  });
  registration = sw.register('/app/sw.js', { scope: '/app/' }).catch((err: unknown) => {
    // The app works without it (no offline start, no notifications in the background): said, not fatal.
    console.warn('the offline app shell could not be installed', err);
    return undefined;
  });
}

/** The worker's registration once it is ready (undefined where there is none). */
export async function appWorker(): Promise<ServiceWorkerRegistration | undefined> {
  const reg = await registration;
  if (!reg) return undefined;
  return navigator.serviceWorker.ready;
}

/** The chat a page address asks for (`?chat=`), if any. */
export function requestedChat(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url, 'http://x').searchParams.get('chat');
  } catch {
    return null;
  }
}

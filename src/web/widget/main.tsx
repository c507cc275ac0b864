/**
 * The widget's entry, run by the one script tag a web site adds:
 *
 *   <script src="https://switchboard.example/widget.js" data-queue="support" data-lang="zh-CN" async></script>
 *
 * It finds its own tag (document.currentScript, or the last tag loading widget.js when async),
 * learns the daemon's origin from the tag's src, and draws itself into a shadow root on a host
 * element of its own, so the site's CSS and the widget's never meet.
 */
import { render } from 'preact';
import type { WidgetChannel } from '../../chat/protocol.js';
import { pickLocale, translator } from './i18n.js';
import { WidgetSession } from './session.js';
import { ShareControl } from './share-control.js';
import { Widget } from './Widget.js';
import css from './widget.css?inline';

function ownScript(): HTMLScriptElement | undefined {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  const tags = [...document.querySelectorAll<HTMLScriptElement>('script[src*="widget.js"]')];
  return tags[tags.length - 1];
}

function styleInto(root: ShadowRoot): void {
  // A constructed sheet is not subject to the host page's style-src CSP; a <style> is the fallback.
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
}

function mount(): void {
  const script = ownScript();
  if (!script || document.querySelector('switchboard-chat')) return;
  const origin = new URL(script.src, location.href).origin;
  const queue = script.dataset.queue ?? '';
  const locale = pickLocale(script.dataset.lang, navigator.languages ?? [navigator.language]);
  const t = translator(locale);
  const host = document.createElement('switchboard-chat');
  const root = host.attachShadow({ mode: 'open' });
  styleInto(root);
  document.body.appendChild(host);
  const session = new WidgetSession({ origin, queue, channel: channelOf(script.dataset.channel), storage: safeStorage() });
  session.resume();
  session.visit();
  watchNavigation(() => session.pageChanged());
  window.addEventListener('online', () => session.nudge());
  const share = new ShareControl(session);
  // Leaving the page ends a share: the capture dies with the page, and the agent is told.
  window.addEventListener('pagehide', () => share.dispose());
  render(<Widget session={session} t={t} locale={locale} host={host} share={share} />, root);
}

/**
 * In-page navigation of a single-page site: history.pushState/replaceState (wrapped, the
 * originals still run first), back/forward (popstate) and anchors (hashchange).
 */
function watchNavigation(changed: () => void): void {
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      original.apply(this, args);
      changed();
    };
  }
  window.addEventListener('popstate', changed);
  window.addEventListener('hashchange', changed);
}

/** data-channel="app" for an app's web view; otherwise a phone or tablet browser is mobile web. */
function channelOf(dataChannel: string | undefined): WidgetChannel {
  if (dataChannel === 'app' || dataChannel === 'web' || dataChannel === 'mobile_web') return dataChannel;
  return /Mobi|Android|iPhone|iPad/.test(navigator.userAgent) ? 'mobile_web' : 'web';
}

/** localStorage of the host site (so the token is scoped to it), or nothing when the site's storage is blocked. */
function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

if (document.body) mount();
else document.addEventListener('DOMContentLoaded', mount, { once: true });

/**
 * /app/wallboard?token=wb_...: a wall PC without a personal login. The read-only token is kept in
 * memory for the REST read (bearer header) and the event stream (`?token=` on the WebSocket
 * upgrade, the one place the daemon takes a token from the URL; its logs redact it). It stays in
 * the address so the display comes back after a reload; it opens the wallboard and nothing else.
 */
import { useMemo } from 'preact/hooks';
import { EventStream } from '../api/event-stream.js';
import { Toasts } from '../kit/Toasts.js';
import { WallboardStore } from './wallboard-store.js';
import { WallboardView } from './WallboardView.js';

/** The token of a wallboard address, or undefined for any other page. */
export function wallboardTokenOf(pathname: string, search: string): string | undefined {
  if (!/^\/app\/wallboard\/?$/.test(pathname)) return undefined;
  const token = new URLSearchParams(search).get('token');
  return token && token.startsWith('wb_') ? token : undefined;
}

export function WallboardByToken({ token }: { token: string }) {
  const store = useMemo(() => {
    const url = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws?token=${encodeURIComponent(token)}`;
    const stream = new EventStream(url, {
      WebSocket,
      setTimeout: (fn, ms) => window.setTimeout(fn, ms),
      clearTimeout: (id) => window.clearTimeout(id),
      random: Math.random,
    });
    stream.start();
    window.addEventListener('online', () => stream.nudge());
    return new WallboardStore(stream, token);
  }, [token]);
  return (
    <>
      <WallboardView store={store} />
      <Toasts />
    </>
  );
}

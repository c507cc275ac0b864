/**
 * Holds a socket's writes until the current tick's work is done, then writes them together: the
 * frames one piece of work produces for one socket (a visitor's echo of its message and its ack;
 * an agent's reply and the events before it) leave in one write instead of one each. The chat
 * benchmark's profile had the socket writes as the daemon's largest single cost.
 *
 * Nothing waits longer than the current tick: the socket is uncorked on process.nextTick, which
 * runs once the promise continuations queued now have run (so an ack sent after an await of work
 * that already finished still goes in the same write).
 */
import type { Duplex } from 'node:stream';

export type TickCork = () => void;

/** A function that, called before each write to `stream`, corks it for the rest of the tick. */
export function tickCork(stream: Duplex | undefined): TickCork {
  if (!stream) return () => undefined;
  let corked = false;
  const uncork = () => {
    corked = false;
    stream.uncork();
  };
  return () => {
    if (corked || stream.destroyed) return;
    corked = true;
    stream.cork();
    process.nextTick(uncork);
  };
}

/** The net socket under a `ws` WebSocket (not public in ws; absent in fakes and tests). */
export function underlyingStream(ws: unknown): Duplex | undefined {
  return (ws as { _socket?: Duplex | null })._socket ?? undefined;
}

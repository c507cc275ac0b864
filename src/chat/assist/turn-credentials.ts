/**
 * Short-lived TURN credentials for one share's browsers (the TURN REST convention, as coturn's
 * `use-auth-secret` checks them): username = "<expiry epoch seconds>:<user>", credential =
 * base64(HMAC-SHA1(shared secret, username)). The shared secret stays in the daemon: only the
 * derived pair, valid for `ttlSeconds`, goes to a page (docs/remote-assistance.md).
 */
import { createHmac } from 'node:crypto';

/** An RTCIceServer as browsers take it. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface TurnSettings {
  /** turn:, turns: (and stun:) URLs; empty: no relay offered (peer to peer only). */
  urls: string[];
  /** The secret shared with the TURN server; absent: the URLs are offered without credentials (STUN only). */
  secret?: string;
  ttlSeconds: number;
}

export function turnIceServers(settings: TurnSettings, user: string, nowMs: number): IceServer[] {
  if (settings.urls.length === 0) return [];
  if (settings.secret === undefined) return [{ urls: [...settings.urls] }];
  const username = `${Math.floor(nowMs / 1000) + settings.ttlSeconds}:${user}`;
  const credential = createHmac('sha1', settings.secret).update(username).digest('base64');
  return [{ urls: [...settings.urls], username, credential }];
}

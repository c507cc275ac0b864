/**
 * The one HMAC signature Switchboard's webhooks use, both ways: outcome notifications and
 * messaging replies it sends (src/outbound-http/notify-sender.ts), and the messages a messaging
 * platform sends in (docs/messaging-webhook.md). `sha256=` + hex HMAC-SHA256, keyed with the
 * shared secret, of `<timestamp>.<raw body>`; the timestamp (seconds) bounds replays.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Whether `given` signs `body` at `timestamp` with `secret` and the timestamp lies within
 * `windowMs` of `now` (either side: a sender's clock may run ahead). Compared in constant time.
 */
export function signatureValid(secret: string, timestamp: string | undefined, given: string | undefined, body: string, now: number, windowMs: number): boolean {
  if (timestamp === undefined || given === undefined || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now - Number(timestamp) * 1000) > windowMs) return false;
  const expected = Buffer.from(signature(secret, timestamp, body));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

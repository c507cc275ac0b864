/**
 * The HTTP side of outcome notifications: one POST per attempt, JSON body, a time limit, and
 * every failure returned as a result rather than thrown (the outbox decides what happens next).
 *
 * Webhooks are signed so a receiver can trust them: `X-Switchboard-Signature: sha256=<hex>` is the
 * HMAC-SHA256, keyed with the rule's secret, of `<X-Switchboard-Timestamp>.<body>`; the timestamp
 * (seconds) lets a receiver refuse old replays. `X-Switchboard-Delivery` repeats the body's id,
 * the same on every retry (src/core/webhook-signature.ts; messaging replies are signed the same way). An SMS gateway gets the secret as a bearer token instead.
 */
import { signature } from '../core/webhook-signature.js';
import type { SendResult } from '../notify/model.js';
import type { NotifySender } from '../notify/ports.js';

export { signature };

export class HttpNotifySender implements NotifySender {
  constructor(
    private readonly opts: { timeoutMs: number; now: () => number; userAgent: string },
  ) {}

  async send(request: { url: string; body: string; deliveryId: string; kind: 'webhook' | 'sms'; secret?: string }): Promise<SendResult> {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': this.opts.userAgent, 'x-switchboard-delivery': request.deliveryId };
    if (request.kind === 'webhook' && request.secret) {
      const timestamp = String(Math.floor(this.opts.now() / 1000));
      headers['x-switchboard-timestamp'] = timestamp;
      headers['x-switchboard-signature'] = signature(request.secret, timestamp, request.body);
    } else if (request.kind === 'sms' && request.secret) {
      headers.authorization = `Bearer ${request.secret}`;
    }
    try {
      const res = await fetch(request.url, { method: 'POST', headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(this.opts.timeoutMs) });
      // The answer's body is not needed; reading it releases the connection.
      await res.arrayBuffer();
      if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status };
      return { ok: false, httpStatus: res.status, error: `the receiver answered HTTP ${res.status}` };
    } catch (err) {
      const cause = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      return { ok: false, error: `no answer: ${cause}` };
    }
  }
}

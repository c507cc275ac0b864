/**
 * Security headers of every answer (@fastify/helmet), above all the Content-Security-Policy of
 * the web pages: scripts, styles and everything else only from this daemon, no inline script or
 * style, no framing, data only to this daemon (HTTP and its WebSocket) and, when configured, the
 * PBX's WebRTC WebSocket the softphone registers on (SWITCHBOARD_WEBRTC_WSS_URL).
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyHelmetOptions } from '@fastify/helmet';

export interface SecurityHeaderOptions {
  /** Origins the pages may open connections to besides this daemon (e.g. `wss://pbx.example:8089`). */
  extraConnectSrc?: string[];
  /** Served over HTTPS (or behind a TLS proxy): browsers are told to stay on HTTPS. */
  https?: boolean;
}

/** A Host header as it may appear in a CSP source (host, host:port, [v6]:port); anything else is left out. */
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/**
 * The daemon's own WebSocket as a CSP source. CSP3 lets 'self' cover ws:/wss: of the same host,
 * but not every browser in a contact center is that recent: the explicit origin costs nothing.
 */
function ownWebSocket(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  if (!HOST.test(host)) return "'self'";
  const tls = (req.socket as { encrypted?: boolean }).encrypted === true;
  return `${tls ? 'wss' : 'ws'}://${host}`;
}

export function securityHeaders(options: SecurityHeaderOptions = {}): FastifyHelmetOptions {
  const https = options.https ?? false;
  return {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'font-src': ["'self'"],
        'media-src': ["'self'", 'blob:'],
        'connect-src': ["'self'", ownWebSocket, ...(options.extraConnectSrc ?? [])],
        'worker-src': ["'self'"],
        'manifest-src': ["'self'"],
        'object-src': ["'none'"],
        'base-uri': ["'self'"],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // Only meaningful over HTTPS; on plain HTTP browsers ignore it anyway.
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: false } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  };
}

/** The origin of a ws:// or wss:// URL (what a CSP source names), e.g. for the PBX's WebRTC socket. */
export function originOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

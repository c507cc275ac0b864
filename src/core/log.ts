/**
 * The logger interface domain code depends on (pino satisfies it). Secrets are redacted by the
 * pino adapter's `redact` paths; domain code must still never pass passwords or tokens as fields.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** Field names pino must redact wherever they appear. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'passwordHash',
  '*.passwordHash',
  'apiKey',
  '*.apiKey',
  // Browser softphones: the derived SIP password inside a credentials object, the secret it is
  // derived from inside a configuration object, a TURN server's credential.
  'credentials.password',
  '*.credentials.password',
  'webrtc.secret',
  '*.webrtc.secret',
  'credential',
  '*.credential',
  // Remote assistance: the TURN secret the per-share credentials are derived from.
  'turnSecret',
  '*.turnSecret',
  'assist.turnSecret',
];

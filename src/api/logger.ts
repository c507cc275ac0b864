import { pino, stdSerializers, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { REDACT_PATHS } from '../core/log.js';
import type { LogLevel } from '../config.js';
import { redactUrl } from './server.js';

/**
 * The daemon's pino logger. Secrets are redacted by field name wherever they appear
 * (REDACT_PATHS); requests are logged as method, URL (without `?token=`) and client address
 * only, never with their headers or bodies.
 */
export function createPinoLogger(level: LogLevel, destination?: DestinationStream): PinoLogger {
  const options = {
    level,
    redact: { paths: [...REDACT_PATHS], censor: '[Redacted]' },
    serializers: {
      err: stdSerializers.err,
      req: (req: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }) => ({
        method: req.method,
        url: redactUrl(req.url ?? ''),
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

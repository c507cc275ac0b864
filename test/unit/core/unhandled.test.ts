import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../src/core/log.js';
import { keepServingOnUnhandled } from '../../../src/core/unhandled.js';

function recordingLogger(lines: { level: string; obj: object; msg: string }[]): Logger {
  const at = (level: string) => (obj: object, msg?: string) => lines.push({ level, obj, msg: msg ?? '' });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

describe('the process-level guard', () => {
  it('given the guard when a promise rejection goes unhandled then it is logged at error level with the error and counted, and nothing rethrows', () => {
    const proc = new EventEmitter();
    const lines: { level: string; obj: object; msg: string }[] = [];
    const counted: string[] = [];
    keepServingOnUnhandled(proc, recordingLogger(lines), (kind) => counted.push(kind));
    const bug = new Error('reducer bug');
    expect(() => proc.emit('unhandledRejection', bug)).not.toThrow();
    proc.emit('uncaughtException', new Error('second bug'));
    expect(counted).toEqual(['rejection', 'exception']);
    expect(lines.map((l) => l.level)).toEqual(['error', 'error']);
    expect(lines[0]?.obj).toEqual({ err: bug });
  });

  it('given the guard removed when the daemon closes then its listeners are gone', () => {
    const proc = new EventEmitter();
    const remove = keepServingOnUnhandled(proc, recordingLogger([]), () => undefined);
    expect(proc.listenerCount('unhandledRejection')).toBe(1);
    remove();
    expect(proc.listenerCount('unhandledRejection')).toBe(0);
    expect(proc.listenerCount('uncaughtException')).toBe(0);
  });
});

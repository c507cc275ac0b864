import type { Logger } from './log.js';

/** The part of `process` the guard listens on (tests pass an EventEmitter). */
export interface ProcessEvents {
  on(event: 'unhandledRejection' | 'uncaughtException', listener: (err: unknown) => void): unknown;
  off(event: 'unhandledRejection' | 'uncaughtException', listener: (err: unknown) => void): unknown;
}

/**
 * Node's default for an unhandled rejection or exception is to end the process. For this daemon
 * that would cut the control of every live call and chat for one bug in one of them, while the
 * PBX keeps the channels up and a restart re-adopts them only after seconds. So a stray failure is
 * logged at error level with what it carried, counted (an alert rule watches the counter), and the
 * daemon keeps serving. Returns the function that removes the guard.
 */
export function keepServingOnUnhandled(proc: ProcessEvents, log: Logger, count: (kind: 'rejection' | 'exception') => void): () => void {
  const onRejection = (err: unknown): void => {
    count('rejection');
    log.error({ err }, 'unhandled promise rejection (a bug): logged, the daemon keeps serving');
  };
  const onException = (err: unknown): void => {
    count('exception');
    log.error({ err }, 'uncaught exception (a bug): logged, the daemon keeps serving');
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}

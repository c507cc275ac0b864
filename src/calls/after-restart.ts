/**
 * What a restart leaves behind, settled once the previous run's calls were re-adopted
 * (call-recovery.ts): contacts the routing engine recovered that no call owns any more are closed
 * (the engine's restart policy), then recordings left open are checked against their files.
 */
import type { Logger } from '../core/log.js';
import type { CallService } from './call-service.js';

export interface AfterRestartDeps {
  calls: Pick<CallService, 'recovered' | 'settle'> & { kernel: Pick<CallService['kernel'], 'callOfContact'> };
  routing: { closeUnownedAfterRestart(hasCall: (contactId: string) => boolean): number };
  /** Recordings the previous run left open, finished from what is on disk. */
  finishCutRecordings: () => Promise<unknown>;
  log: Logger;
}

/** Resolves once done; a call recovery that failed is logged here, not thrown. */
export function afterRestart(d: AfterRestartDeps): Promise<void> {
  return d.calls.recovered().then(
    async () => {
      d.routing.closeUnownedAfterRestart((contactId) => d.calls.kernel.callOfContact(contactId) !== undefined);
      await d.calls.settle();
      await d.finishCutRecordings();
    },
    (err: unknown) => d.log.error({ err }, 'after-restart checks failed'),
  );
}

/**
 * The flow used until (or where) no IVR flow is configured: the dialed number picks the queue.
 * Out-of-hours is the routing engine's answer (QUEUE_CLOSED) when the queue is closed.
 */
import type { IvrOutcome, IvrPort, IvrRequest, QueueTarget } from './ports.js';

export interface DidRoutingConfig {
  /** DID -> queue. */
  routes: Record<string, QueueTarget>;
  /** For numbers not listed; such calls are hung up when absent. */
  fallback?: QueueTarget;
}

export class DidRoutingIvr implements IvrPort {
  constructor(private readonly config: DidRoutingConfig) {}

  run(request: IvrRequest): Promise<IvrOutcome> {
    const target = this.config.routes[request.did] ?? this.config.fallback;
    const variables = { did: request.did, callerNumber: request.callerNumber };
    if (!target) return Promise.resolve({ kind: 'hangup', path: ['did-route', 'unknown-did'], variables });
    return Promise.resolve({ kind: 'queue', target, variables, path: ['did-route'] });
  }
}

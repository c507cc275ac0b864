/**
 * A flow refused for naming a queue, calendar or skill that did not exist yet becomes valid when an
 * admin creates it: the flows are checked again shortly after such changes (several changes in a
 * row, one check).
 */
import type { Clock, TimerHandle } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';

const NAMED_BY_FLOWS = new Set(['queue', 'calendar', 'skill']);

export interface FlowRecheckDeps {
  bus: EventBus;
  clock: Clock;
  flows: { loadAll(): Promise<unknown> };
  log: Logger;
  /** Quiet time after the last change before the check runs. */
  delayMs?: number;
}

/** Starts watching; the returned function stops it (and drops a pending check). */
export function recheckFlowsOnDirectoryChange(d: FlowRecheckDeps): () => void {
  let pending: TimerHandle | undefined;
  const unsubscribe = d.bus.subscribe((e) => {
    if (e.type !== 'config.changed' || !NAMED_BY_FLOWS.has(e.entity)) return;
    d.clock.clearTimeout(pending);
    pending = d.clock.setTimeout(() => {
      pending = undefined;
      d.flows.loadAll().catch((err: unknown) => d.log.error({ err }, 'IVR flow re-check failed'));
    }, d.delayMs ?? 500);
  });
  return () => {
    d.clock.clearTimeout(pending);
    unsubscribe();
  };
}

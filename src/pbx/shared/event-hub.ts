/**
 * Event delivery every adapter needs: listeners registered through `MediaServer.onEvent`, events
 * delivered in the order they were produced, never inside the call that produced them (a listener
 * may call back into the adapter without finding it half-updated), and a listener that throws
 * never stops the others.
 *
 * `serialize(key, work)` is for adapters whose translation of a PBX event is async (fetching
 * channel variables before emitting channel.inbound): work queued under one channel id runs one
 * after the other, so its events keep the PBX's order even when an earlier one took longer.
 */
import type { Logger } from '../../core/log.js';
import { silentLogger } from '../../core/log.js';
import type { PbxEvent } from '../port.js';

type Listener = (event: PbxEvent) => void;

export class PbxEventHub {
  private readonly listeners = new Set<Listener>();
  private queue: PbxEvent[] = [];
  private flushing = false;
  private readonly chains = new Map<string, Promise<void>>();
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly logger: Logger = silentLogger) {}

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: PbxEvent): void {
    this.queue.push(event);
    if (!this.flushing) {
      this.flushing = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Runs `work` after earlier work of the same key; the events it returns are emitted in turn. */
  serialize(key: string, work: () => Promise<PbxEvent | PbxEvent[] | void>): Promise<void> {
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous
      .then(work)
      .then(
        (out) => {
          for (const e of out === undefined ? [] : Array.isArray(out) ? out : [out]) this.emit(e);
        },
        (err: unknown) => this.logger.warn({ err, key }, 'pbx event translation failed'),
      );
    this.chains.set(key, next);
    // `next` never rejects: a failed translation is logged above, a throwing listener in emit.
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
    return next;
  }

  /** Resolves once every emitted event has reached the listeners. */
  idle(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private flush(): void {
    while (this.queue.length > 0) {
      const event = this.queue.shift() as PbxEvent;
      for (const listener of [...this.listeners]) {
        try {
          listener(event);
        } catch (err) {
          this.logger.error({ err, eventType: event.type }, 'pbx event listener threw');
        }
      }
    }
    this.flushing = false;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }
}

/**
 * A typed event list without a framework: `on` returns the function that removes the handler,
 * which is what a Preact effect's cleanup wants.
 */
export class Listeners<Events extends object> {
  private readonly handlers = new Map<keyof Events, Set<(payload: never) => void>>();

  on<K extends keyof Events>(event: K, handler: (payload: Events[K]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) this.handlers.set(event, (set = new Set()));
    set.add(handler as (payload: never) => void);
    return () => {
      set.delete(handler as (payload: never) => void);
    };
  }

  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])]) {
      try {
        (handler as (p: Events[K]) => void)(payload);
      } catch (err) {
        // A broken handler must not stop the phone's own bookkeeping (or the other handlers);
        // rethrown on its own task it still reaches the console and window.onerror.
        queueMicrotask(() => {
          throw err;
        });
      }
    }
  }

  clear(): void {
    this.handlers.clear();
  }
}

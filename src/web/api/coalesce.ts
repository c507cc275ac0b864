/**
 * A refresh asked for again while one is running runs once more after it, never in parallel and
 * never lost: ten events in a burst cost two reads, and the last read sees the state after all ten.
 */
export function coalesced(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await fn();
        } while (again);
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  return run;
}

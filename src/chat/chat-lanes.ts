/**
 * One lane per chat: work on a chat runs one piece at a time, in the order it was asked for, so
 * messages are numbered, stored and delivered in the same order. A failure stays with its caller
 * and does not block the lane.
 */
export class ChatLanes {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(chatId: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(chatId) ?? Promise.resolve();
    const result = before.then(work, work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(chatId, tail);
    void tail.then(() => {
      if (this.tails.get(chatId) === tail) this.tails.delete(chatId);
    });
    return result;
  }

  /** Resolves once everything queued so far on every lane has run (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}

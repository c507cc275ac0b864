/**
 * What the widget keeps in the host site's localStorage (so it is scoped to that site, and to the
 * daemon through the key): the visitor token, the open chat, and the messages written but not yet
 * acknowledged, so even a reload while offline loses nothing.
 */
import type { BotChoice } from '../../chat/protocol.js';
export interface Kept {
  visitorToken?: string;
  chatId?: string;
  /**
   * The ended chat whose survey is offered and neither answered nor dismissed yet: a reload asks
   * the server again (the catch-up offers it only while unanswered), so it outlives the page.
   */
  survey?: string;
  /** choice: a bot button (yes, no, person), sent with its label as the text. */
  outbox: { clientId: string; text: string; choice?: BotChoice }[];
}

export class VisitorStore {
  private readonly key: string;

  constructor(
    private readonly storage: Storage | undefined,
    daemonOrigin: string,
  ) {
    this.key = `switchboard.chat:${daemonOrigin}`;
  }

  read(): Kept {
    try {
      const raw = this.storage?.getItem(this.key);
      const data = raw ? (JSON.parse(raw) as Partial<Kept>) : {};
      return {
        ...(typeof data.visitorToken === 'string' ? { visitorToken: data.visitorToken } : {}),
        ...(typeof data.chatId === 'string' ? { chatId: data.chatId } : {}),
        ...(typeof data.survey === 'string' ? { survey: data.survey } : {}),
        outbox: Array.isArray(data.outbox) ? data.outbox.filter((m) => typeof m?.clientId === 'string' && typeof m.text === 'string') : [],
      };
    } catch (err) {
      // Unreadable (another script wrote the key, storage blocked): start as a new visitor.
      console.warn('switchboard chat: the saved visitor data could not be read', err);
      return { outbox: [] };
    }
  }

  write(kept: Kept): void {
    try {
      this.storage?.setItem(this.key, JSON.stringify(kept));
    } catch (err) {
      // Full or blocked storage: the chat works for this page view, only a reload forgets it.
      console.warn('switchboard chat: the visitor data could not be saved', err);
    }
  }
}

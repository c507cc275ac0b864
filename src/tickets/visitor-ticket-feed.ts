/**
 * Live changes of visitors' tickets, as each visitor may see them, for the widget sockets open
 * now (a visitor offline reads their tickets when they next ask). Only what TicketService
 * publishes travels here: a public reply and a ticket's new status, never an internal reply.
 */

/** One change of a visitor's ticket: its progress, and the public reply that made it, if one did. */
export interface VisitorTicketChange {
  ticketId: string;
  subject: string;
  status: string;
  updatedAt: number;
  reply?: { id: string; body: string; at: number };
}

type Listener = (change: VisitorTicketChange) => void;

export class VisitorTicketFeed {
  private readonly listeners = new Map<string, Set<Listener>>();

  /** Every socket of the visitor listens; the returned function stops it (call it when the socket closes). */
  watch(visitorId: string, listener: Listener): () => void {
    let set = this.listeners.get(visitorId);
    if (!set) {
      set = new Set();
      this.listeners.set(visitorId, set);
    }
    set.add(listener);
    return () => {
      const s = this.listeners.get(visitorId);
      s?.delete(listener);
      if (s?.size === 0) this.listeners.delete(visitorId);
    };
  }

  publish(visitorId: string, change: VisitorTicketChange): void {
    for (const listener of this.listeners.get(visitorId) ?? []) listener(change);
  }
}

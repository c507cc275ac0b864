/**
 * Frames for one staff user's own sockets: the /api/ws sockets register here per user, and the
 * share service sends a viewer's signalling to that user only. Not the event bus: a bus event is
 * judged per audience and every supervisor sees every chat event, so the SDP (with the visitor's
 * network addresses) would reach every supervisor on the floor; this line reaches its viewer.
 */
import type { StaffShareFrame } from './assist-protocol.js';
import type { StaffLine } from './share-service.js';

export type StaffSend = (frame: StaffShareFrame) => void;

export class StaffLines implements StaffLine {
  private readonly byUser = new Map<string, Set<StaffSend>>();

  /** A socket of the user opened: it receives the user's frames until the returned detach. */
  attach(userId: string, send: StaffSend): () => void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(send);
    return () => {
      set.delete(send);
      if (set.size === 0) this.byUser.delete(userId);
    };
  }

  /** Every open socket of the user (the workspace tab holding the share picks its own share by id). */
  send(userId: string, frame: StaffShareFrame): void {
    for (const s of [...(this.byUser.get(userId) ?? [])]) s(frame);
  }
}

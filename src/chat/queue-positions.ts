/**
 * Tells waiting visitors their place in line whenever it changes, whoever changed it: the chat
 * service (a chat starting, leaving, being answered) or the routing engine on its own (a chat
 * overflowing to another queue, an offer coming back, agents logging in or out). The engine's
 * public events name the queue that changed; this marks it and, once the current batch of
 * changes is over (one engine command with everything it set off runs synchronously), reads each
 * waiting chat's place once. So a visitor gets at most one `queued` per batch, and none when their
 * position is the same: three chats answered in one command move the fifth visitor from 5 to 2 in
 * one frame, not 4, 3, 2.
 *
 * The estimated wait rides along with a new position; on its own it is pushed only when it turns
 * known or unknown (nobody staffs the queue any more, or someone does again): every change of an
 * average handle time would otherwise be a frame to every waiting visitor.
 */
import type { DomainEvent } from '../core/events.js';
import type { QueuePlace } from './ports.js';
import type { ServerFrame } from './protocol.js';

export type QueuedFrame = Extract<ServerFrame, { type: 'queued' }>;

export interface QueuePositionDeps {
  /** The engine's place of a chat; undefined when it no longer waits there. */
  position(chatId: string): QueuePlace | undefined;
  /** The chats waiting now, with the queue each entered. */
  waiting(): Iterable<{ id: string; queueId: string }>;
  /** Sends the frame to the chat's visitor. */
  emit(chatId: string, frame: QueuedFrame): void;
  /** The queues an agent serves: their presence changes those lines' estimates only. */
  queuesOf?: (agentId: string) => string[];
  /** Runs the flush once the current synchronous batch of changes is over (default: a microtask). */
  defer?: (run: () => void) => void;
}

/** 'all': an event that does not say which queue (an offer withdrawn, an agent's presence). */
type Dirty = Set<string> | 'all';

export class QueuePositions {
  private dirty: Dirty = new Set();
  private scheduled = false;
  /** What each waiting visitor was last told. */
  private readonly told = new Map<string, { position: number; known: boolean }>();
  /** Chats the engine moved to another queue (overflow): the chat's own record still names the first. */
  private readonly movedTo = new Map<string, string>();

  constructor(private readonly d: QueuePositionDeps) {}

  /** The line of `queueId` changed ('all': possibly every line). */
  changed(queueId: string | 'all'): void {
    if (queueId === 'all') this.dirty = 'all';
    else if (this.dirty !== 'all') this.dirty.add(queueId);
    if (this.scheduled) return;
    this.scheduled = true;
    (this.d.defer ?? queueMicrotask)(() => this.flush());
  }

  /** The routing engine's events: which lines they change. */
  onEvent(event: DomainEvent): void {
    switch (event.type) {
      case 'contact.enqueued':
      case 'contact.position':
      case 'contact.offered':
      case 'contact.accepted':
      case 'contact.abandoned':
      case 'contact.exited':
        return this.changed(event.queueId);
      case 'contact.completed':
        return this.changed(event.queueId ?? 'all');
      case 'contact.overflowed':
        this.movedTo.set(event.contactId, event.toQueueId);
        this.changed(event.fromQueueId);
        return this.changed(event.toQueueId);
      // Back in line (the offer withdrawn, refused, unanswered): a chat's own queue; a call's is no chat line.
      case 'contact.offer_withdrawn':
      case 'contact.rejected':
      case 'contact.no_answer': {
        const chat = [...this.d.waiting()].find((c) => c.id === event.contactId);
        if (chat) this.changed(this.movedTo.get(chat.id) ?? chat.queueId);
        return;
      }
      // Staffing changed the estimate: the lines the agent serves (a logout may have no profile left to ask).
      case 'agent.state_changed': {
        const queues = this.d.queuesOf?.(event.agentId);
        if (!queues) return this.changed('all');
        for (const q of queues) this.changed(q);
        return;
      }
      case 'agent.logged_in':
      case 'agent.logged_out':
        return this.changed('all');
      default:
        return;
    }
  }

  /** The chat left the line (answered, ended) or is entering one anew (sent back to a queue): its next place is news. */
  forget(chatId: string): void {
    this.told.delete(chatId);
    this.movedTo.delete(chatId);
  }

  /** The place to show a (re)connecting widget now; remembered as told, so the next push is a change from it. */
  current(chatId: string): QueuedFrame | undefined {
    const place = this.d.position(chatId);
    if (!place) return undefined;
    this.told.set(chatId, { position: place.position, known: place.estimatedWaitMs !== null });
    return frameOf(place);
  }

  flush(): void {
    this.scheduled = false;
    const dirty = this.dirty;
    this.dirty = new Set();
    const waitingNow = new Set<string>();
    for (const chat of this.d.waiting()) {
      waitingNow.add(chat.id);
      if (dirty !== 'all' && !dirty.has(this.movedTo.get(chat.id) ?? chat.queueId)) continue;
      const place = this.d.position(chat.id);
      if (!place) continue;
      const before = this.told.get(chat.id);
      const known = place.estimatedWaitMs !== null;
      if (before?.position === place.position && before.known === known) continue;
      this.told.set(chat.id, { position: place.position, known });
      this.d.emit(chat.id, frameOf(place));
    }
    for (const id of this.told.keys()) if (!waitingNow.has(id)) this.told.delete(id);
    for (const id of this.movedTo.keys()) if (!waitingNow.has(id)) this.movedTo.delete(id);
  }
}

function frameOf(place: QueuePlace): QueuedFrame {
  return { type: 'queued', position: place.position, estimatedWaitSec: place.estimatedWaitMs === null ? null : Math.ceil(place.estimatedWaitMs / 1000) };
}

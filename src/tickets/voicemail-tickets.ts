/**
 * Makes every voicemail left in the IVR a ticket, exactly once, behind the call: the IVR stores the
 * message (status `new`) and ends with `ivr.finished` naming it, which starts this in the
 * background. The ticket's insert and the message's flip to `ticketed` are one transaction, so a
 * daemon stopping in between loses nothing: at start, messages still `new` are made into tickets
 * (a message another path ticketed meanwhile makes the write a CONFLICT, an expected outcome).
 */
import type { BackgroundTasks } from '../core/background-tasks.js';
import { isAppError } from '../core/errors.js';
import type { DomainEvent, EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import type { Ticket } from './model.js';
import type { VoicemailFacts } from './voicemail.js';

/** What the IVR's store tells about left messages. */
export interface VoicemailSource {
  /** The facts of a message still waiting for its ticket; undefined when none or ticketed already. */
  facts(messageId: string): Promise<VoicemailFacts | undefined>;
  /** Messages still waiting for their ticket, oldest first. */
  waiting(limit: number): Promise<string[]>;
}

export interface VoicemailTicketsDeps {
  bus: Pick<EventBus, 'subscribe'>;
  source: VoicemailSource;
  tickets: { keepVoicemail(f: VoicemailFacts): Promise<Ticket> };
  background: BackgroundTasks;
  log: Logger;
}

const CATCH_UP_BATCH = 200;

export class VoicemailTickets {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly d: VoicemailTicketsDeps) {}

  start(): void {
    this.unsubscribe = this.d.bus.subscribe((e) => this.onEvent(e));
    this.d.background.run('make waiting voicemails tickets (catch-up)', () => this.catchUp());
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The message's ticket; undefined when it has one already (made by another path meanwhile). */
  async keep(messageId: string): Promise<Ticket | undefined> {
    const facts = await this.d.source.facts(messageId);
    if (!facts) return undefined;
    try {
      return await this.d.tickets.keepVoicemail(facts);
    } catch (err) {
      if (isAppError(err, 'CONFLICT')) return undefined;
      throw err;
    }
  }

  private onEvent(e: DomainEvent): void {
    if (e.type !== 'ivr.finished' || e.messageId === undefined) return;
    const messageId = e.messageId;
    this.d.background.run('make voicemail a ticket', () => this.keep(messageId), { messageId, callId: e.callId });
  }

  private async catchUp(): Promise<void> {
    let kept = 0;
    for (;;) {
      const ids = await this.d.source.waiting(CATCH_UP_BATCH);
      let progressed = 0;
      for (const messageId of ids) {
        try {
          if (await this.keep(messageId)) progressed++;
        } catch (err) {
          // One bad message must not stop the others; it stays `new` and is tried at the next start.
          this.d.log.error({ err, messageId }, 'a voicemail could not be made a ticket');
        }
      }
      kept += progressed;
      if (ids.length < CATCH_UP_BATCH || progressed === 0) break;
    }
    if (kept > 0) this.d.log.info({ kept }, 'voicemails left before a restart made tickets');
  }
}

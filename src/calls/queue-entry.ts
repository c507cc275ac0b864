/**
 * A caller entering a queue: handed to the routing engine (calls to routing, one way: call
 * handling chooses and binds the contact id, then enqueues), answered and put in a holding bridge
 * with music meanwhile, and told from time to time where they stand and how long the wait may be.
 */
import { isAppError } from '../core/errors.js';
import { tolerateGone } from '../core/tolerate-gone.js';
import type { MediaRef, Playback } from '../pbx/port.js';
import type { CallKernel } from './call-kernel.js';
import { isEnded, type LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import { surveyFlowOf } from './post-call-survey.js';
import type { QueueTarget } from './ports.js';

export class QueueEntry {
  constructor(
    private readonly k: CallKernel,
    private readonly media: MediaActions,
  ) {}

  /**
   * The caller's contact id is chosen and bound, and the call is in line, before the engine hears
   * of it: the engine may offer the caller to an agent inside `enqueue` and the offer must find
   * the call ready to ring. The agent's originate is then the first media-server command after the
   * queue decision: answer, holding bridge and music are only queued on the call's media chain
   * (they run after it, concurrently with routing), and a bridge to an agent who answers early is
   * queued behind them, so the caller still ends up in the talk bridge.
   */
  async enter(call: LiveCall, target: QueueTarget): Promise<void> {
    const { routing } = this.k.deps;
    call.queueTarget = target;
    if (isEnded(call)) return;
    // k.media never rejects: a failed step is logged there.
    void this.k.media(call, async () => {
      await this.media.answerCustomer(call);
      if (this.waiting(call)) await this.media.toHolding(call);
    });
    const contactId = call.record.id;
    const survey = surveyFlowOf(call.record.variables);
    this.k.bindContact(call, contactId);
    this.k.dispatch(
      call,
      { type: 'queue_entered', contactId, queueId: target.queueId, ...(survey ? { survey } : {}) },
      { queue: target.queueId, ...(survey ? { survey } : {}) },
    );
    try {
      await routing.enqueue({
        contactId,
        callId: call.record.id,
        queueId: target.queueId,
        media: 'voice',
        priority: target.priority,
        skills: target.skills,
        attributes: target.attributes,
      });
    } catch (err) {
      if (isAppError(err, 'QUEUE_CLOSED')) {
        this.k.dispatch(call, { type: 'closed' }, { queue: target.queueId });
      } else {
        this.k.deps.log.warn({ callId: call.record.id, err }, 'the routing engine refused the caller');
        this.k.dispatch(call, { type: 'queue_exit', reason: 'other' }, { queue: target.queueId, refused: isAppError(err) ? err.code : 'error' });
      }
      return;
    }
    this.announceLater(call);
  }

  /**
   * Blind transfer: the caller waits again, for a queue or for one agent; the history travels
   * along. To an agent it is one engine command (enqueue targeted at them); when the engine
   * refuses, the caller goes back to the transferring agent, who is still on the line.
   */
  async requeue(call: LiveCall, to: 'queue' | 'agent', target: string): Promise<void> {
    const qt = call.queueTarget;
    const queueId = to === 'queue' ? target : (call.record.queueId ?? qt?.queueId ?? '');
    const previousContactId = call.state.transferFrom?.contactId ?? call.state.contactId;
    const contactId = nextContactId(call.record.id, previousContactId);
    this.k.bindContact(call, contactId);
    try {
      await this.k.deps.routing.enqueue({
        contactId,
        callId: call.record.id,
        queueId,
        media: 'voice',
        priority: qt?.priority ?? 0,
        skills: to === 'queue' ? [] : (qt?.skills ?? []),
        attributes: { ...(qt?.attributes ?? {}), transferred: 'true' },
        ...(previousContactId ? { previousContactId } : {}),
        ...(to === 'agent' ? { targetAgentId: target } : {}),
      });
    } catch (err) {
      const code = isAppError(err) ? err.code : 'INTERNAL';
      this.k.deps.log.warn({ callId: call.record.id, err, to, target }, 'transfer into the queue was refused');
      if (call.state.transferFrom) {
        this.k.dispatch(call, { type: 'transfer_refused' }, { to, target, code, reason: err instanceof Error ? err.message : String(err) });
        return;
      }
      this.k.dispatch(call, { type: 'queue_exit', reason: isAppError(err, 'QUEUE_CLOSED') ? 'closed' : 'other' }, { to, target, code });
      return;
    }
    if (isEnded(call)) {
      // The caller left while the engine was taking them in.
      this.k.deps.routing.abandon(contactId).catch((err: unknown) => this.k.deps.log.debug({ callId: call.record.id, err }, 'the engine refused the abandon of a caller who left during a transfer'));
      return;
    }
    this.k.dispatch(call, { type: 'contact_changed', contactId, queueId }, { to, target });
    this.announceLater(call);
  }

  /** The announcement loop runs on its own; a failure in it is logged and counted, never lost. */
  announceLater(call: LiveCall): void {
    this.k.spawn('queue announcement', call, () => this.announce(call));
  }

  private waiting(call: LiveCall): boolean {
    return call.state.name === 'queued' || call.state.name === 'offering';
  }

  private scheduleNext(call: LiveCall): void {
    const every = call.queueTarget?.announceEverySec ?? this.k.deps.config.defaultAnnounceEverySec;
    if (every <= 0 || !this.waiting(call)) return;
    const { clock } = this.k.deps;
    clock.clearTimeout(call.announceTimer);
    call.announceTimer = clock.setTimeout(() => this.announceLater(call), every * 1000);
  }

  /** One position / wait announcement, then music again, then the next one scheduled. */
  async announce(call: LiveCall): Promise<void> {
    const every = call.queueTarget?.announceEverySec ?? this.k.deps.config.defaultAnnounceEverySec;
    const contactId = call.state.contactId;
    if (every <= 0 || !contactId || !this.waiting(call) || call.announcement) return;
    // The engine answers undefined for a caller no longer in line; anything else is logged.
    const position = await tolerateGone(this.k.deps.log, { what: 'ask the queue position', callId: call.record.id, contactId }, () => this.k.deps.routing.position(contactId));
    const leg = call.state.customerLegId;
    if (!position || !leg || !this.waiting(call) || call.announcement) {
      this.scheduleNext(call);
      return;
    }
    const prompt = [...(call.queueTarget?.announcements ?? []), ...this.prompt(position.position, position.estimatedWaitMs)];
    let playback: Playback | undefined;
    await this.k.media(call, async () => {
      if (!this.waiting(call)) return;
      await this.media.stopMoh(call);
      playback = await tolerateGone(this.k.deps.log, { what: 'play the position announcement', callId: call.record.id, channelId: leg }, () => this.k.deps.pbx.play(leg, prompt));
      if (!playback) return;
      call.announcement = playback;
      this.k.mark(call, 'announced', { position: String(position.position), wait: String(position.estimatedWaitMs ?? '') });
    });
    if (playback) await playback.done;
    if (call.announcement === playback) call.announcement = undefined;
    if (!this.waiting(call)) return;
    await this.k.media(call, () => (this.waiting(call) ? this.media.startMoh(call) : Promise.resolve()));
    this.scheduleNext(call);
  }

  private prompt(position: number, waitMs: number | null): MediaRef[] {
    const p = this.k.deps.config.prompts;
    const out: MediaRef[] = [...p.positionIntro, { kind: 'number', value: position }, ...p.positionOutro];
    if (waitMs !== null) {
      out.push(...p.waitIntro, { kind: 'number', value: Math.max(1, Math.ceil(waitMs / 60_000)) }, ...p.waitOutro);
    }
    return out;
  }
}

/** Each queue visit is its own engine contact: the call's id first, then `<callId>:<n>`. */
export function nextContactId(callId: string, previous: string | undefined): string {
  if (!previous || !previous.startsWith(`${callId}:`)) return previous ? `${callId}:1` : callId;
  return `${callId}:${Number(previous.slice(callId.length + 1)) + 1}`;
}

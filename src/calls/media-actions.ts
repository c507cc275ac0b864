/**
 * The media side of call effects: where the customer's leg sits (holding bridge with music, or
 * the talk bridge), holds, and the final clean-up. Every operation tolerates a channel or bridge
 * that vanished: that is reported by its own hang-up event and drives the state machine there.
 */
import { isAppError, type AppError } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import { tolerateGone } from '../core/tolerate-gone.js';
import type { MediaServer } from '../pbx/port.js';
import type { LiveCall } from './live-call.js';

export class MediaActions {
  /** Legs whose hang-up failed because the PBX was unreachable, by leg id. */
  private readonly owed = new Map<string, LiveCall>();

  constructor(
    private readonly pbx: MediaServer,
    private readonly log: Logger,
    private readonly mohClass: string | undefined,
  ) {}

  /**
   * Run `op`, treating a vanished channel or bridge as done; any other failure is logged with the
   * call and the step (core/tolerate-gone.ts). Never rejects, so every method here never does.
   */
  async tolerant(what: string, call: LiveCall, op: () => Promise<unknown>): Promise<void> {
    await tolerateGone(this.log, { what: `media: ${what}`, callId: call.record.id }, op);
  }

  async answerCustomer(call: LiveCall): Promise<void> {
    const leg = call.state.customerLegId;
    if (!leg || call.customerAnswered) return;
    call.customerAnswered = true;
    await this.tolerant('answer', call, () => this.pbx.answer(leg));
  }

  /** Customer out of the talk bridge (if there) into the holding bridge, with music. */
  async toHolding(call: LiveCall): Promise<void> {
    const leg = call.state.customerLegId;
    if (!leg) return;
    if (!call.holdingBridgeId) {
      const id = `${call.record.id}-hold`;
      call.holdingBridgeId = id;
      await this.tolerant('create holding bridge', call, () => this.pbx.createBridge('holding', id));
    }
    const holding = call.holdingBridgeId;
    if (call.customerPlace === 'talk' && call.talkBridgeId) {
      const talk = call.talkBridgeId;
      call.talkMembers.delete(leg);
      await this.tolerant('leave talk bridge', call, () => this.pbx.removeFromBridge(talk, leg));
    }
    if (call.customerPlace !== 'holding') {
      call.customerPlace = 'holding';
      await this.tolerant('join holding bridge', call, () => this.pbx.addToBridge(holding, leg));
    }
    await this.startMoh(call);
  }

  async startMoh(call: LiveCall): Promise<void> {
    const leg = call.state.customerLegId;
    if (!leg || call.mohOn) return;
    call.mohOn = true;
    await this.tolerant('start music', call, () => this.pbx.startMoh(leg, this.mohClass));
  }

  async stopMoh(call: LiveCall): Promise<void> {
    const leg = call.state.customerLegId;
    if (!leg || !call.mohOn) return;
    call.mohOn = false;
    await this.tolerant('stop music', call, () => this.pbx.stopMoh(leg));
  }

  /** Customer and `legIds` into the talk bridge; music and announcements stop. */
  async toTalk(call: LiveCall, legIds: readonly string[]): Promise<void> {
    const leg = call.state.customerLegId;
    if (call.announcement) {
      const playback = call.announcement;
      call.announcement = undefined;
      await this.tolerant('stop announcement', call, () => playback.stop());
    }
    await this.stopMoh(call);
    await this.ensureTalkBridge(call);
    if (leg && call.customerPlace === 'holding' && call.holdingBridgeId) {
      const holding = call.holdingBridgeId;
      await this.tolerant('leave holding bridge', call, () => this.pbx.removeFromBridge(holding, leg));
    }
    if (leg) {
      call.customerPlace = 'talk';
      // The caller goes in first: an agent is never bridged to a caller who is no longer there.
      if (!(await this.joinCustomer(call, leg))) return;
    }
    for (const id of legIds) await this.joinTalk(call, id);
  }

  /** False when the caller's leg is gone (hung up, or vanished while the daemon was down). */
  private async joinCustomer(call: LiveCall, leg: string): Promise<boolean> {
    if (call.legs.get(leg)?.endedAt !== undefined) return false;
    if (call.talkMembers.has(leg)) return true;
    await this.ensureTalkBridge(call);
    const talk = call.talkBridgeId as string;
    call.talkMembers.add(leg);
    try {
      await this.pbx.addToBridge(talk, leg);
      return true;
    } catch (err) {
      call.talkMembers.delete(leg);
      if (isAppError(err, 'CHANNEL_GONE')) {
        this.log.info({ callId: call.record.id, leg }, 'the caller is gone: the agent is not bridged');
        return false;
      }
      this.log.warn({ callId: call.record.id, err }, 'media operation failed');
      return !isAppError(err, 'BRIDGE_GONE');
    }
  }

  async joinTalk(call: LiveCall, legId: string): Promise<void> {
    if (!legId || call.talkMembers.has(legId)) return;
    await this.ensureTalkBridge(call);
    const talk = call.talkBridgeId as string;
    call.talkMembers.add(legId);
    await this.tolerant('join talk bridge', call, () => this.pbx.addToBridge(talk, legId));
  }

  private async ensureTalkBridge(call: LiveCall): Promise<void> {
    if (call.talkBridgeId) return;
    const id = `${call.record.id}-talk`;
    call.talkBridgeId = id;
    await this.tolerant('create talk bridge', call, () => this.pbx.createBridge('mixing', id));
  }

  /** Customer out of whichever bridge holds them, music and announcements off (they stay on the line). */
  async leaveBridges(call: LiveCall): Promise<void> {
    const leg = call.state.customerLegId;
    if (!leg) return;
    if (call.announcement) {
      const playback = call.announcement;
      call.announcement = undefined;
      await this.tolerant('stop announcement', call, () => playback.stop());
    }
    await this.stopMoh(call);
    const bridge = call.customerPlace === 'talk' ? call.talkBridgeId : call.customerPlace === 'holding' ? call.holdingBridgeId : undefined;
    call.talkMembers.delete(leg);
    call.customerPlace = 'none';
    if (bridge) await this.tolerant('leave bridge', call, () => this.pbx.removeFromBridge(bridge, leg));
  }

  async hangup(call: LiveCall, legId: string): Promise<void> {
    call.talkMembers.delete(legId);
    await this.tolerant('hang up', call, async () => {
      try {
        await this.pbx.hangup(legId, 'normal');
      } catch (err) {
        if (!linkDown(err)) throw err;
        // The PBX keeps the channel while its link is down (a withdrawn offer's phone goes on
        // ringing): the hang-up is owed, and made once the link is back (takeOwedHangups).
        this.owed.set(legId, call);
        this.log.info({ callId: call.record.id, leg: legId, code: err.code }, 'the PBX is unreachable: the leg is hung up once it is back');
      }
    });
  }

  /** Hang-ups the PBX could not take while its link was down, handed out once (after a reconciliation). */
  takeOwedHangups(): { call: LiveCall; legId: string }[] {
    const owed = [...this.owed].map(([legId, call]) => ({ call, legId }));
    this.owed.clear();
    return owed;
  }

  /** Release every bridge the call holds. Legs are hung up by their own effects. */
  async teardown(call: LiveCall): Promise<void> {
    if (call.announcement) {
      const playback = call.announcement;
      call.announcement = undefined;
      await this.tolerant('stop announcement', call, () => playback.stop());
    }
    for (const bridge of [call.holdingBridgeId, call.talkBridgeId]) {
      if (bridge) await this.tolerant('destroy bridge', call, () => this.pbx.destroyBridge(bridge));
    }
    call.holdingBridgeId = undefined;
    call.talkBridgeId = undefined;
    call.talkMembers.clear();
    call.customerPlace = 'none';
  }
}

/** The link to the PBX is down (or died waiting for the reply): the request may never have arrived. */
function linkDown(err: unknown): err is AppError {
  return isAppError(err, 'PBX_UNAVAILABLE') || isAppError(err, 'PBX_TIMEOUT');
}

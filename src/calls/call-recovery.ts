/**
 * Re-adopting the calls of a previous run. Asterisk (Stasis) and FreeSWITCH (park / bridge) keep
 * every channel up while the daemon is down, so after a restart the calls are still there: only
 * our memory of them is gone. At the first reconciliation after start, each call the store says
 * is open is matched with the channels the media server really has:
 *
 *   in conversation (connected, held, consultation)  customer + agent alive -> back in conversation:
 *                                                     same record, same agent, talk bridge kept,
 *                                                     recording continued as the next part
 *                                                     one of them gone       -> customer_gone / agent_gone
 *   queued                                            customer alive -> keeps its contact (the routing
 *                                                     engine recovered its place and enqueue time),
 *                                                     music and announcements resume
 *   offering (an agent's phone rang)                  agent leg ringing -> keeps ringing; answered while
 *                                                     we were down -> taken as the answer; gone -> the
 *                                                     offer fails and the contact is offered again
 *   offering, but the engine already has the contact  in conversation (the record lagged the engine's
 *   connected to that agent                           write): as above for connected
 *   click-to-dial in conversation                     the routing engine is told the agent's outbound
 *                                                     call again, so its end frees the agent
 *   anything, customer gone                           ends through the machine: a clear outcome
 *   ivr, dialing                                      closed as lost_on_restart; a caller still
 *                                                     there is taken in again as a new call
 *
 * Calls vanished legs are never bridged (a gone caller is never put with an agent).
 */
import type { Clock } from '../core/clock.js';
import { isAppError } from '../core/errors.js';
import type { ChannelInfo, PbxSnapshot } from '../pbx/port.js';
import type { CallLeg } from './call-model.js';
import type { CallKernel } from './call-kernel.js';
import type { CallState } from './call-state.js';
import { newLiveCall, type LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import { surveyFlowOf } from './post-call-survey.js';
import type { StoredOpenCall } from './ports.js';

const IN_CONVERSATION = new Set(['connected', 'held', 'consult_ringing', 'consulting', 'conference', 'transfer_ringing']);

export interface RecoveryHooks {
  /** Resume queue announcements for a re-adopted waiting caller. */
  announce(call: LiveCall): void;
  /** An agent leg answered while we were down: handle it as the answer it is. */
  answered(legId: string): void;
}

export interface RecoveryReport {
  resumed: string[];
  ended: string[];
  closed: string[];
}

export class CallRecovery {
  constructor(
    private readonly k: CallKernel,
    private readonly media: MediaActions,
    private readonly hooks: RecoveryHooks,
  ) {}

  async run(snapshot: PbxSnapshot): Promise<RecoveryReport> {
    const k = this.k;
    const { store, clock, log } = k.deps;
    const report: RecoveryReport = { resumed: [], ended: [], closed: [] };
    if (!store.openCalls) return report;
    const channels = new Map(snapshot.channels.map((c) => [c.id, c]));
    const toClose: string[] = [];
    for (const stored of await store.openCalls()) {
      // A reconnect later in the same run: calls this process already drives are not ours to adopt.
      if (k.calls.has(stored.record.id)) continue;
      const name = stored.record.state;
      if (name !== 'queued' && name !== 'offering' && !IN_CONVERSATION.has(name)) {
        toClose.push(stored.record.id);
        continue;
      }
      try {
        const outcome = await this.adopt(stored, channels);
        report[outcome].push(stored.record.id);
      } catch (err) {
        log.error({ callId: stored.record.id, err }, 'could not re-adopt a call of the previous run');
        toClose.push(stored.record.id);
      }
    }
    if (toClose.length > 0 && store.closeUnfinished) await store.closeUnfinished(clock.now(), toClose);
    report.closed = toClose;
    log.info({ resumed: report.resumed.length, ended: report.ended.length, closed: report.closed.length }, 'calls of the previous run recovered');
    return report;
  }

  private async adopt(stored: StoredOpenCall, channels: Map<string, ChannelInfo>): Promise<'resumed' | 'ended'> {
    const k = this.k;
    const { record } = stored;
    const open = stored.legs.filter((l) => l.endedAt === undefined);
    const customer = lastOf(open, (l) => l.role === 'customer');
    const agent = lastOf(open, (l) => l.role === 'agent' && (!record.agentId || l.agentId === record.agentId));
    // The call's record is written apart from the routing engine's: a crash can leave it at
    // `offering` for an offer the engine already saw accepted. The engine holds the agent on the
    // contact, so the call is a conversation with that agent (re-queueing it would leave the agent
    // on a contact no call holds, and the caller waiting for offers that never come).
    const accepted = record.state === 'offering' && agent?.agentId !== undefined && record.contactId !== undefined && (await this.connectedAgent(record.contactId)) === agent.agentId;
    const inConversation = accepted || IN_CONVERSATION.has(record.state);
    const offering = !accepted && record.state === 'offering' && agent !== undefined && stored.offerId !== undefined && record.contactId !== undefined;
    const name = inConversation ? (record.state === 'held' ? 'held' : 'connected') : offering ? 'offering' : 'queued';
    const state: CallState = {
      name,
      direction: record.direction,
      startedAt: record.startedAt,
      quickHangupMs: k.deps.config.quickHangupMs,
      everAnswered: accepted || record.answeredAt !== undefined,
      ...(customer ? { customerLegId: customer.id } : {}),
      ...(record.contactId ? { contactId: record.contactId } : {}),
      ...(record.queueId ? { queueId: record.queueId } : {}),
      ...(inConversation && agent ? { counterpart: { legId: agent.id, endpoint: agent.endpoint, ...(agent.agentId ? { agentId: agent.agentId } : {}) } } : {}),
      ...(offering && agent?.agentId ? { offer: { offerId: stored.offerId as string, agentId: agent.agentId, legId: agent.id, contactId: record.contactId as string } } : {}),
    };
    // Click-to-dial keeps its agent 'outbound' until the call ends; the routing engine forgot
    // which call that was when the daemon stopped, so it is told again before anything can end it.
    if (record.direction === 'outbound' && inConversation && agent?.agentId && record.contactId === record.id) {
      await k.deps.routing.startOutbound(agent.agentId, record.id);
    }
    const survey = surveyFlowOf(record.variables);
    if (survey && record.direction === 'inbound') state.postCallSurvey = survey;
    const call = this.live(stored, state, open);
    k.adopt(call);
    k.mark(call, 'recovered', { from: record.state, ...(accepted ? { accepted: 'true' } : {}) });
    if (accepted && agent) this.takeAsAnswered(call, agent.id, channels);

    // Legs the media server no longer has ended while we were down.
    const alive = (leg: CallLeg | undefined): leg is CallLeg => leg !== undefined && channels.has(leg.id);
    for (const leg of open) if (!channels.has(leg.id)) this.lost(call, leg);
    for (const leg of open) {
      // Legs that belong to nothing we put back (consultations, supervisors, stale agent legs).
      if (channels.has(leg.id) && leg !== customer && leg !== agent) await this.media.hangup(call, leg.id);
    }

    const now = k.deps.clock.now();
    if (!alive(customer)) {
      k.dispatch(call, { type: 'customer_gone', at: now }, { cause: 'lost', recovered: 'true' });
      return 'ended';
    }
    const customerChannel = channels.get(customer.id) as ChannelInfo;
    call.customerChannel = customerChannel;
    call.customerAnswered = customerChannel.state === 'up';

    if (inConversation) {
      if (!alive(agent)) {
        k.dispatch(call, { type: 'agent_gone' }, { cause: 'lost', recovered: 'true' });
        return 'ended';
      }
      await this.backInConversation(call, stored, customerChannel, channels.get(agent.id) as ChannelInfo);
      return 'resumed';
    }

    this.placeInHolding(call, customerChannel);
    if (!customerChannel.bridgeId) await k.media(call, () => this.media.toHolding(call));
    if (name === 'offering' && agent) {
      const agentChannel = channels.get(agent.id);
      if (!agentChannel) {
        k.dispatch(call, { type: 'agent_failed', reason: 'failed' }, { leg: agent.id, cause: 'lost', recovered: 'true' });
      } else if (agentChannel.state === 'up') {
        this.hooks.answered(agent.id);
      } else {
        this.ringTimer(call, agent.id, k.deps.clock);
      }
    } else if (agent && channels.has(agent.id)) {
      // A ring with no offer we know of: nobody would ever answer it for this call.
      await this.media.hangup(call, agent.id);
    }
    this.hooks.announce(call);
    return 'resumed';
  }

  private async connectedAgent(contactId: string): Promise<string | undefined> {
    const { routing, log } = this.k.deps;
    if (!routing.connectedAgent) return undefined;
    try {
      return await routing.connectedAgent(contactId);
    } catch (err) {
      log.warn({ contactId, err }, 'could not ask the routing engine who has a recovered contact');
      return undefined;
    }
  }

  /** An offer the engine accepted before the crash: the record catches up with what was answered. */
  private takeAsAnswered(call: LiveCall, agentLegId: string, channels: Map<string, ChannelInfo>): void {
    const k = this.k;
    const now = k.deps.clock.now();
    const leg = call.legs.get(agentLegId);
    if (leg && leg.answeredAt === undefined && channels.get(agentLegId)?.state === 'up') {
      leg.answeredAt = now;
      k.saveLeg(call, leg);
    }
    call.record.state = call.state.name;
    call.record.answeredAt ??= now;
    const record = { ...call.record, recordingIds: [...call.record.recordingIds] };
    k.write(call, (s) => s.saveCall(record));
  }

  private live(stored: StoredOpenCall, state: CallState, open: CallLeg[]): LiveCall {
    return newLiveCall({ ...stored.record, recordingIds: [...stored.record.recordingIds] }, state, open, stored.seq);
  }

  private lost(call: LiveCall, leg: CallLeg): void {
    const l = call.legs.get(leg.id);
    if (!l) return;
    l.endedAt = this.k.deps.clock.now();
    l.hangupCause = 'lost';
    l.endedBy = 'unknown';
    this.k.saveLeg(call, l);
    this.k.forgetLeg(leg.id);
  }

  private placeInHolding(call: LiveCall, customer: ChannelInfo): void {
    if (!customer.bridgeId) return;
    call.holdingBridgeId = customer.bridgeId;
    call.customerPlace = 'holding';
    // Music on hold started by the previous run keeps playing on the channel.
    call.mohOn = true;
  }

  private async backInConversation(call: LiveCall, stored: StoredOpenCall, customer: ChannelInfo, agent: ChannelInfo): Promise<void> {
    const k = this.k;
    if (customer.bridgeId && customer.bridgeId === agent.bridgeId) {
      call.talkBridgeId = customer.bridgeId;
      call.talkMembers.add(customer.id);
      call.talkMembers.add(agent.id);
      call.customerPlace = 'talk';
    } else {
      // Together again in a talk bridge of ours; the caller is checked first (see toTalk).
      if (customer.bridgeId) {
        call.holdingBridgeId = customer.bridgeId;
        call.customerPlace = 'holding';
      }
      await k.media(call, () => this.media.toTalk(call, [agent.id]));
    }
    await this.continueRecording(call, stored);
  }

  /** The previous run's recording is stopped where it is and the next part starts on the same record. */
  private async continueRecording(call: LiveCall, stored: StoredOpenCall): Promise<void> {
    const { recorder, pbx, config, log } = this.k.deps;
    // The recording rows and the call record are written apart: a crash may have stored one and
    // not the other, so a part either names counts (and each still-open one is stopped).
    const closed = new Set(stored.recordings.filter((r) => !r.open).map((r) => r.id));
    const earlier = new Set([...stored.recordings.map((r) => r.id), ...stored.record.recordingIds]);
    if (!recorder || !config.recordCalls || earlier.size === 0 || !call.talkBridgeId) return;
    for (const id of earlier) {
      if (closed.has(id)) continue;
      await pbx.stopRecording(id).catch((err: unknown) => {
        if (!isAppError(err, 'NOT_FOUND') && !isAppError(err, 'BRIDGE_GONE') && !isAppError(err, 'CHANNEL_GONE')) log.warn({ callId: call.record.id, err }, 'stopping the previous run\'s recording failed');
      });
    }
    const bridge = call.talkBridgeId;
    const part = earlier.size + 1;
    await this.k.media(call, async () => {
      const id = await recorder.start(call.record.id, bridge, part);
      if (!id) return;
      call.recordingId = id;
      call.record.recordingIds.push(id);
      this.k.mark(call, 'recording_started', { recording: id, part: String(part) });
      const record = { ...call.record, recordingIds: [...call.record.recordingIds] };
      this.k.write(call, (s) => s.saveCall(record));
    });
  }

  private ringTimer(call: LiveCall, legId: string, clock: Clock): void {
    clock.clearTimeout(call.ringTimer);
    call.ringTimer = clock.setTimeout(() => {
      if (call.state.offer?.legId === legId) this.k.dispatch(call, { type: 'agent_failed', reason: 'no_answer' }, { leg: legId, cause: 'timeout' });
    }, this.k.deps.config.agentDialTimeoutMs);
  }
}

function lastOf<T>(items: readonly T[], test: (t: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as T;
    if (test(item)) return item;
  }
  return undefined;
}

/**
 * Listen, whisper (coach) and barge: the supervisor's phone is rung, and once it answers the
 * media server joins it to the agent's leg in the chosen mode; the mode can change during the
 * session. Force-release goes to call handling. A session ends with the call, the agent's leg,
 * the supervisor's hang-up or on request; every step is logged `from -event-> to`.
 */
import { BackgroundTasks } from '../core/background-tasks.js';
import type { Clock } from '../core/clock.js';
import { AppError } from '../core/errors.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { tolerateGone } from '../core/tolerate-gone.js';
import type { MediaServer, PbxEvent, SupervisionMode } from '../pbx/port.js';
import type { AgentTeams, SupervisedCalls, SupervisorPhones } from './ports.js';
import { canStep, step, type SupervisionEvent, type SupervisionSession } from './supervision-state.js';

export interface SupervisionDeps {
  pbx: MediaServer;
  calls: SupervisedCalls;
  phones: SupervisorPhones;
  /** Omitted: the events reach supervisors and admins only. */
  teams?: AgentTeams;
  bus: EventBus;
  clock: Clock;
  log: Logger;
  newId: () => string;
  /** How long the supervisor's phone may ring. */
  ringTimeoutMs: number;
  /** Where joins and finishes nobody awaits go (failures logged and counted); log-only when omitted. */
  background?: BackgroundTasks;
}

export class SupervisionService {
  private readonly sessions = new Map<string, SupervisionSession>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly background: BackgroundTasks;

  constructor(private readonly deps: SupervisionDeps) {
    this.background = deps.background ?? new BackgroundTasks(deps.log);
    this.unsubscribe.push(deps.pbx.onEvent((e) => this.onPbxEvent(e)));
    this.unsubscribe.push(deps.calls.onCallEnded((callId) => this.endAllOf(callId)));
  }

  close(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  list(): SupervisionSession[] {
    return [...this.sessions.values()].map((s) => ({ ...s }));
  }

  get(sessionId: string): SupervisionSession {
    const s = this.sessions.get(sessionId);
    if (!s) throw new AppError('NOT_FOUND', `No supervision session ${sessionId}`, { sessionId });
    return { ...s };
  }

  start(callId: string, supervisorId: string, mode: SupervisionMode): SupervisionSession {
    const { pbx, calls, phones, clock, newId, ringTimeoutMs } = this.deps;
    const target = calls.agentLegOf(callId);
    if (!target) throw new AppError('INVALID_TRANSITION', `Call ${callId} has no agent talking to supervise`, { callId });
    const monitor = this.monitorOf(target, callId);
    if (monitor) {
      throw new AppError('ALREADY_MONITORED', 'The agent is already being monitored', { callId, agentId: target.agentId, supervisorId: monitor.supervisorId, mode: monitor.mode });
    }
    const phone = phones.phoneOf(supervisorId);
    if (!phone) throw new AppError('NOT_FOUND', 'You have no phone to supervise from', { supervisorId });
    const legId = newId();
    const originated = pbx.originate({
      endpoint: phone,
      channelId: legId,
      timeoutMs: ringTimeoutMs,
      callerIdName: `Supervise ${mode}`,
      variables: { SWITCHBOARD_CALL_ID: callId, SWITCHBOARD_ROLE: 'supervisor' },
    });
    const teamIds = target.agentId !== undefined ? (this.deps.teams?.teamsOf(target.agentId) ?? []) : [];
    const session: SupervisionSession = { id: legId, callId, supervisorId, mode, state: 'dialing', legId, targetLegId: target.legId, teamIds, startedAt: clock.now() };
    this.sessions.set(session.id, session);
    calls.attachLeg(callId, legId, supervisorId, phone.kind === 'phone' ? phone.name : phone.kind === 'number' ? phone.number : phone.dialString);
    this.deps.log.info({ callId, supervisorId, mode }, `supervision - -start-> dialing`);
    originated.catch(() => this.move(session, 'gone', { cause: 'originate_failed' }));
    return { ...session };
  }

  async setMode(sessionId: string, mode: SupervisionMode): Promise<SupervisionSession> {
    const s = this.sessions.get(sessionId);
    if (!s) throw new AppError('NOT_FOUND', `No supervision session ${sessionId}`, { sessionId });
    if (s.state === 'ended') throw new AppError('INVALID_TRANSITION', 'The supervision session has ended', { sessionId });
    if (s.state === 'active' && s.pbxSessionId) {
      await this.deps.pbx.setSupervisionMode(s.pbxSessionId, mode);
      s.mode = mode;
      this.move(s, 'mode', { mode });
    } else {
      // Still ringing or joining: it joins in the new mode.
      s.mode = mode;
    }
    return { ...s };
  }

  async stop(sessionId: string): Promise<void> {
    const s = this.sessions.get(sessionId);
    if (!s) throw new AppError('NOT_FOUND', `No supervision session ${sessionId}`, { sessionId });
    await this.finish(s, 'stop');
  }

  forceRelease(callId: string, scope: 'agent' | 'call', by: string): void {
    this.deps.calls.release(callId, scope, by);
  }

  /**
   * The live session already on this agent (their leg, or the agent on another of their calls):
   * an agent is monitored by one supervisor at a time, so a second listen does not stack up legs
   * nobody can tell apart. The same supervisor changes mode through setMode instead.
   */
  private monitorOf(target: { legId: string; agentId?: string }, callId: string): SupervisionSession | undefined {
    for (const s of this.sessions.values()) {
      if (s.state === 'ended') continue;
      if (s.targetLegId === target.legId) return s;
      if (target.agentId !== undefined && s.callId !== callId && this.deps.calls.agentLegOf(s.callId)?.agentId === target.agentId) return s;
    }
    return undefined;
  }

  private onPbxEvent(e: PbxEvent): void {
    if (e.type === 'channel.answered') {
      const s = this.sessions.get(e.channelId);
      if (s?.state === 'dialing') this.inBackground('supervisor join', s, () => this.join(s));
    } else if (e.type === 'channel.hangup') {
      const own = this.sessions.get(e.channelId);
      if (own) this.move(own, 'gone', { cause: e.cause });
      for (const s of this.sessions.values()) if (s.targetLegId === e.channelId) this.inBackground('supervision finish', s, () => this.finish(s, 'gone'));
    }
  }

  private inBackground(task: string, s: SupervisionSession, work: () => Promise<void>): void {
    this.background.run(task, work, { callId: s.callId, sessionId: s.id, supervisorId: s.supervisorId });
  }

  private async join(s: SupervisionSession): Promise<void> {
    this.move(s, 'answered', {});
    try {
      const pbxSessionId = await this.deps.pbx.supervise({ targetChannelId: s.targetLegId, supervisorChannelId: s.legId, mode: s.mode });
      if (s.state !== 'joining') {
        await tolerateGone(this.deps.log, { what: 'end a supervision joined after it ended', callId: s.callId, sessionId: s.id }, () => this.deps.pbx.endSupervision(pbxSessionId));
        return;
      }
      s.pbxSessionId = pbxSessionId;
      this.move(s, 'joined', { mode: s.mode });
    } catch (err) {
      this.deps.log.info({ callId: s.callId, err }, 'the supervisor could not be joined');
      await this.finish(s, 'gone');
    }
  }

  private endAllOf(callId: string): void {
    for (const s of this.sessions.values()) if (s.callId === callId) this.inBackground('supervision finish', s, () => this.finish(s, 'stop'));
  }

  private async finish(s: SupervisionSession, event: 'stop' | 'gone'): Promise<void> {
    if (s.state === 'ended') return;
    const pbxSession = s.pbxSessionId;
    this.move(s, event, {});
    const { pbx, log } = this.deps;
    // The session is over either way: what the media server still holds is cleaned up, and only a
    // failure other than "already gone" is logged.
    const context = { callId: s.callId, sessionId: s.id, channelId: s.legId };
    if (pbxSession) await tolerateGone(log, { ...context, what: 'end the supervision on the media server' }, () => pbx.endSupervision(pbxSession));
    await tolerateGone(log, { ...context, what: "hang up the supervisor's leg" }, () => pbx.hangup(s.legId));
  }

  private move(s: SupervisionSession, event: SupervisionEvent, details: Record<string, string>): void {
    if (!canStep(s.state, event)) return;
    const from = s.state;
    s.state = step(s.state, event);
    this.deps.log.info({ callId: s.callId, supervisorId: s.supervisorId, details }, `supervision ${from} -${event}-> ${s.state}`);
    this.deps.calls.note(s.callId, `supervision_${event}`, { ...details, supervisor: s.supervisorId, mode: s.mode, from, to: s.state });
    if (s.state === 'active') this.published(s);
    if (s.state === 'ended') {
      this.sessions.delete(s.id);
      if (from === 'active') {
        this.deps.bus.publish({ type: 'call.supervision_stopped', at: this.deps.clock.now(), scope: scopeOf(s), callId: s.callId, supervisorId: s.supervisorId });
      }
    }
  }

  private published(s: SupervisionSession): void {
    this.deps.bus.publish({ type: 'call.supervision_started', at: this.deps.clock.now(), scope: scopeOf(s), callId: s.callId, supervisorId: s.supervisorId, mode: s.mode });
  }
}

/** Supervisors and admins see every session; a team lead those on agents of the teams they lead. */
function scopeOf(s: SupervisionSession): { teamIds?: string[] } {
  return s.teamIds.length > 0 ? { teamIds: [...s.teamIds] } : {};
}

import { AppError, isAppError } from '../../core/errors.js';
import { silentLogger, type Logger } from '../../core/log.js';
import { tolerateGone } from '../../core/tolerate-gone.js';
import type { SuperviseOptions, SupervisionMode } from '../port.js';
import type { AriHttpClient } from './ari-http.js';
import type { ChannelTracker } from './channel-tracker.js';

interface Session {
  id: string;
  target: string;
  supervisor: string;
  mode: SupervisionMode;
  /** The supervisor's private bridge with the snoop channel (listen, whisper). */
  spyBridgeId?: string;
  snoopId?: string;
  /** The call bridge the supervisor joined (barge). */
  bargeBridgeId?: string;
}

const enc = encodeURIComponent;

/**
 * Supervision as in the recorded flow c-snoop-listen-whisper-barge:
 * - listen:  snoop on the agent (spy=both, whisper=none) into a mixing bridge with the supervisor
 * - whisper: snoop with whisper=out, so the supervisor is heard by the agent only
 * - barge:   the supervisor joins the call's own bridge (three-way)
 * Switching mode tears down the old snoop (or leaves the call bridge) and sets up the new one.
 */
export class SupervisionManager {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly http: AriHttpClient,
    private readonly tracker: ChannelTracker,
    private readonly app: string,
    private readonly newId: () => string,
    private readonly log: Logger = silentLogger,
  ) {}

  async start(o: SuperviseOptions): Promise<string> {
    const s: Session = { id: `sup-${this.newId()}`, target: o.targetChannelId, supervisor: o.supervisorChannelId, mode: o.mode };
    try {
      await this.apply(s, o.mode);
    } catch (err) {
      // Leave nothing behind: a half-built session would keep a snoop listening. The start's own
      // error is what the caller gets; a clean-up that fails as well is logged, not lost.
      await tolerateGone(this.log, { what: 'tear down a supervision that failed to start', channelId: s.target, supervisorChannelId: s.supervisor, sessionId: s.id }, () => this.teardown(s));
      throw err;
    }
    this.sessions.set(s.id, s);
    return s.id;
  }

  async setMode(sessionId: string, mode: SupervisionMode): Promise<void> {
    const s = this.get(sessionId);
    if (s.mode === mode) return;
    await this.apply(s, mode);
  }

  async end(sessionId: string): Promise<void> {
    const s = this.get(sessionId);
    this.sessions.delete(sessionId);
    await this.teardown(s);
  }

  private async teardown(s: Session): Promise<void> {
    await this.dropSnoop(s);
    await this.leaveBarge(s);
    if (s.spyBridgeId) await ignoreGone(this.http.delete(`/bridges/${enc(s.spyBridgeId)}`, { addresses: 'bridge' }));
  }

  private get(id: string): Session {
    const s = this.sessions.get(id);
    if (!s) throw new AppError('PBX_REJECTED', 'No such supervision session', { sessionId: id });
    return s;
  }

  private async apply(s: Session, mode: SupervisionMode): Promise<void> {
    await this.dropSnoop(s);
    if (mode === 'barge') {
      const bridgeId = this.tracker.channels.get(s.target)?.info.bridgeId;
      if (!bridgeId) throw new AppError('PBX_REJECTED', 'The supervised leg is not in a bridge', { channelId: s.target });
      if (s.spyBridgeId) {
        await ignoreGone(this.http.post(`/bridges/${enc(s.spyBridgeId)}/removeChannel`, { query: { channel: s.supervisor }, addresses: 'bridge' }));
      }
      await this.http.post(`/bridges/${enc(bridgeId)}/addChannel`, { query: { channel: s.supervisor }, addresses: 'bridge' });
      s.bargeBridgeId = bridgeId;
      s.mode = mode;
      return;
    }
    await this.leaveBarge(s);
    const snoopId = `snoop-${mode}-${this.newId()}`;
    // Marked before the request: its StasisStart may arrive before the 200 (the recorded flow)
    // or after it (seen on a real Asterisk 22); it is awaited before the bridge takes it.
    this.tracker.internal.add(snoopId);
    try {
      await this.http.post(`/channels/${enc(s.target)}/snoop`, {
        query: { spy: 'both', whisper: mode === 'whisper' ? 'out' : 'none', app: this.app, appArgs: `snoop,${mode}`, snoopId },
        addresses: 'channel',
      });
    } catch (err) {
      this.tracker.internal.delete(snoopId);
      throw err;
    }
    s.snoopId = snoopId;
    if (!(await this.tracker.internalInStasis(snoopId))) {
      throw new AppError('CHANNEL_GONE', 'The listening channel ended (or the link to Asterisk dropped) before it could be bridged', { channelId: s.target });
    }
    let joinSupervisor = this.tracker.channels.get(s.supervisor)?.info.bridgeId !== s.spyBridgeId;
    if (!s.spyBridgeId) {
      const id = `spy-${s.id}`;
      await this.http.post(`/bridges`, { query: { type: 'mixing', bridgeId: id, name: id } });
      s.spyBridgeId = id;
      joinSupervisor = true;
    }
    const channel = joinSupervisor ? `${s.supervisor},${snoopId}` : snoopId;
    await this.http.post(`/bridges/${enc(s.spyBridgeId)}/addChannel`, { query: { channel }, addresses: 'bridge' });
    s.mode = mode;
  }

  private async dropSnoop(s: Session): Promise<void> {
    if (!s.snoopId) return;
    const id = s.snoopId;
    s.snoopId = undefined;
    await ignoreGone(this.http.delete(`/channels/${enc(id)}`, { addresses: 'channel' }));
  }

  private async leaveBarge(s: Session): Promise<void> {
    if (!s.bargeBridgeId) return;
    const b = s.bargeBridgeId;
    s.bargeBridgeId = undefined;
    await ignoreGone(this.http.post(`/bridges/${enc(b)}/removeChannel`, { query: { channel: s.supervisor }, addresses: 'bridge' }));
  }
}

/** Tearing down something that is already gone is the goal reached. */
async function ignoreGone(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err, 'CHANNEL_GONE') || isAppError(err, 'BRIDGE_GONE')) return;
    if (isAppError(err, 'PBX_REJECTED')) return; // "Channel not in this bridge": already out
    throw err;
  }
}

import { AppError, isAppError } from '../../core/errors.js';
import type { Clock } from '../../core/clock.js';
import { newId } from '../../core/ids.js';
import type { Logger } from '../../core/log.js';
import type {
  MissingPrompt,
  BridgeKind,
  CollectOptions,
  CollectResult,
  EndpointPresence,
  EndpointRef,
  HangupCause,
  MediaRef,
  MediaServer,
  OriginateOptions,
  PbxEvent,
  PbxSnapshot,
  PlayOptions,
  Playback,
  RecordOptions,
  SuperviseOptions,
  SupervisionMode,
} from '../port.js';
import { validateDtmf } from '../shared/media-ref.js';
import { AmiClient } from './ami-client.js';
import { AriEventSocket } from './ari-events.js';
import { AriHttpClient } from './ari-http.js';
import type { AriEvent } from './ari-models.js';
import type { BackoffOptions } from './backoff.js';
import { ChannelTracker } from './channel-tracker.js';
import { ariHangupReason, dialString } from './event-map.js';
import { originateLeg } from './originate-op.js';
import { HoldManager } from './hold-ops.js';
import { collectDigits, playMedia, type MediaDeps } from './media-ops.js';
import { PresenceTracker, lookupPresence } from './presence.js';
import { missingPrompts } from './prompts.js';
import { liveRecordingRequest, startRecordingRequest } from './recording-ops.js';
import { fetchOurs, reconcile, toSnapshot } from './reconcile.js';
import { SupervisionManager } from './supervision.js';
import { PbxEventHub } from '../shared/event-hub.js';

export interface AsteriskConfig {
  ari: { url: string; username: string; password: string; app?: string };
  /** AMI is optional: without it endpoint presence falls back to ARI /endpoints. */
  ami?: { host: string; port: number; username: string; secret: string };
  /** PJSIP endpoint of the SIP trunk used for `{ kind: 'number' }` without a trunk. */
  defaultTrunk?: string;
  clock: Clock;
  logger: Logger;
  newId?: () => string;
  backoff?: BackoffOptions;
}

const enc = encodeURIComponent;
const DIRECTIONS = { in: 'in', out: 'out', both: 'both' } as const;

/** The Asterisk 22 driver: ARI (REST + Stasis WebSocket) for calls, AMI for endpoint presence. */
export class AsteriskMediaServer implements MediaServer {
  readonly kind = 'asterisk';
  readonly simulated = false;
  private readonly app: string;
  private readonly http: AriHttpClient;
  private readonly events: AriEventSocket;
  private readonly ami: AmiClient | undefined;
  private readonly tracker: ChannelTracker;
  private readonly presence: PresenceTracker;
  private readonly supervision: SupervisionManager;
  private readonly holds: HoldManager;
  /** Every adapter delivers through the same hub: after the producing call returns, in order. */
  private readonly hub: PbxEventHub;
  private readonly newId: () => string;
  private readonly log: Logger;

  constructor(private readonly cfg: AsteriskConfig) {
    this.app = cfg.ari.app ?? 'switchboard';
    this.newId = cfg.newId ?? newId;
    this.log = cfg.logger.child({ pbx: 'asterisk' });
    this.hub = new PbxEventHub(this.log);
    // Accept `http://host:8088` as well as `http://host:8088/ari`.
    const trimmed = cfg.ari.url.replace(/\/+$/, '');
    const ariUrl = trimmed.endsWith('/ari') ? trimmed : `${trimmed}/ari`;
    this.http = new AriHttpClient({ baseUrl: ariUrl, username: cfg.ari.username, password: cfg.ari.password });
    const emit = (e: PbxEvent) => this.emit(e);
    this.tracker = new ChannelTracker(this.app, emit, this.log);
    this.presence = new PresenceTracker(emit);
    this.supervision = new SupervisionManager(this.http, this.tracker, this.app, this.newId, this.log);
    this.holds = new HoldManager(this.http, this.tracker, this.log);
    this.events = new AriEventSocket(
      { baseUrl: ariUrl, username: cfg.ari.username, password: cfg.ari.password, app: this.app, clock: cfg.clock, logger: this.log, backoff: cfg.backoff },
      {
        open: () => this.onOpen(),
        event: (e: AriEvent) => this.tracker.handle(e),
        down: (reason) => {
          this.tracker.connectionLost();
          this.emit({ type: 'connection.down', reason });
        },
      },
    );
    if (cfg.ami) {
      this.ami = new AmiClient({ ...cfg.ami, clock: cfg.clock, logger: this.log.child({ link: 'ami' }), backoff: cfg.backoff });
      this.ami.onEvent((m) => this.presence.handleAmi(m));
    }
  }

  async connect(): Promise<void> {
    await this.events.start();
    if (this.ami) {
      // AMI only sharpens presence; calls work without it, so its failure is logged, not thrown.
      await this.ami.start().catch((err: unknown) => {
        this.log.warn({ err: err instanceof Error ? err.message : String(err) }, 'AMI unavailable; presence falls back to ARI');
      });
    }
  }

  async close(): Promise<void> {
    await this.events.stop();
    await this.ami?.close();
    this.http.close();
  }

  isConnected(): boolean {
    return this.events.isOpen();
  }

  onEvent(listener: (event: PbxEvent) => void): () => void {
    return this.hub.on(listener);
  }

  async answer(channelId: string): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.http.post(`/channels/${enc(channelId)}/answer`, { addresses: 'channel' }));
  }

  async hangup(channelId: string, cause?: HangupCause): Promise<void> {
    this.requireUp();
    const t = this.tracker.channels.get(channelId);
    if (t) t.localCause ??= cause ?? 'normal';
    await this.gone(channelId, this.http.delete(`/channels/${enc(channelId)}`, { query: { reason: ariHangupReason(cause) }, addresses: 'channel' }));
  }

  /** POST /channels goes out first, with nothing awaited before it (see originate-op.ts). */
  async originate(o: OriginateOptions): Promise<string> {
    this.requireUp();
    return await originateLeg(this.http, this.tracker, o, { app: this.app, defaultTrunk: this.cfg.defaultTrunk, newId: this.newId });
  }

  async play(channelId: string, media: MediaRef[], options?: PlayOptions): Promise<Playback> {
    this.requireUp();
    return await playMedia(this.mediaDeps(), channelId, media, options);
  }

  async collectDigits(channelId: string, options: CollectOptions): Promise<CollectResult> {
    this.requireUp();
    return await collectDigits(this.mediaDeps(), channelId, options);
  }

  async startMoh(channelId: string, mohClass?: string): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.http.post(`/channels/${enc(channelId)}/moh`, { query: { mohClass }, addresses: 'channel' }));
  }

  async stopMoh(channelId: string): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.http.delete(`/channels/${enc(channelId)}/moh`, { addresses: 'channel' }));
  }

  async sendDtmf(channelId: string, digits: string): Promise<void> {
    this.requireUp();
    validateDtmf(digits);
    await this.gone(channelId, this.http.post(`/channels/${enc(channelId)}/dtmf`, { query: { dtmf: digits, between: 100 }, addresses: 'channel' }));
  }

  async createBridge(kind: BridgeKind, id?: string): Promise<string> {
    this.requireUp();
    const bridgeId = id ?? this.newId();
    await this.http.post('/bridges', { query: { type: kind, bridgeId, name: bridgeId } });
    if (!this.tracker.bridges.has(bridgeId)) this.tracker.bridges.set(bridgeId, { id: bridgeId, kind, channelIds: [] });
    return bridgeId;
  }

  async addToBridge(bridgeId: string, channelId: string): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.http.post(`/bridges/${enc(bridgeId)}/addChannel`, { query: { channel: channelId }, addresses: 'bridge' }));
  }

  async removeFromBridge(bridgeId: string, channelId: string): Promise<void> {
    this.requireUp();
    await this.http.post(`/bridges/${enc(bridgeId)}/removeChannel`, { query: { channel: channelId }, addresses: 'bridge' });
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    this.requireUp();
    await this.http.delete(`/bridges/${enc(bridgeId)}`, { addresses: 'bridge' });
    this.tracker.bridges.delete(bridgeId);
  }

  /** Not ARI's channel hold (that plays music to this channel itself): see hold-ops.ts. */
  async hold(channelId: string): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.holds.hold(channelId));
  }

  async unhold(channelId: string): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.holds.unhold(channelId));
  }

  async mute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.http.post(`/channels/${enc(channelId)}/mute`, { query: { direction: DIRECTIONS[direction] }, addresses: 'channel' }));
  }

  async unmute(channelId: string, direction: 'in' | 'out' | 'both'): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.http.delete(`/channels/${enc(channelId)}/mute`, { query: { direction: DIRECTIONS[direction] }, addresses: 'channel' }));
  }

  async startRecording(o: RecordOptions): Promise<string> {
    this.requireUp();
    const target = 'channelId' in o.target ? o.target.channelId : undefined;
    const start = startRecordingRequest(this.http, this.tracker, o);
    return target === undefined ? await start : await this.gone(target, start);
  }

  async stopRecording(recordingId: string): Promise<void> {
    this.requireUp();
    await this.liveRecording(recordingId, 'POST', 'stop');
  }

  async pauseRecording(recordingId: string): Promise<void> {
    this.requireUp();
    await this.liveRecording(recordingId, 'POST', 'pause');
  }

  async resumeRecording(recordingId: string): Promise<void> {
    this.requireUp();
    await this.liveRecording(recordingId, 'DELETE', 'pause');
  }

  async supervise(options: SuperviseOptions): Promise<string> {
    this.requireUp();
    return await this.supervision.start(options);
  }

  async setSupervisionMode(sessionId: string, mode: SupervisionMode): Promise<void> {
    this.requireUp();
    return await this.supervision.setMode(sessionId, mode);
  }

  async endSupervision(sessionId: string): Promise<void> {
    this.requireUp();
    return await this.supervision.end(sessionId);
  }

  /** An answered PJSIP channel gets a SIP REFER; we see only StasisEnd once it is accepted. */
  async redirect(channelId: string, target: EndpointRef): Promise<void> {
    this.requireUp();
    const endpoint = dialString(target, this.cfg.defaultTrunk);
    const t = this.tracker.channels.get(channelId);
    const before = t ? { leaves: t.leavesWithoutDestroy, cause: t.localCause } : undefined;
    // Set before the request: the StasisEnd of an accepted REFER may beat the 204.
    if (t) {
      t.leavesWithoutDestroy = true;
      t.localCause ??= 'normal';
    }
    try {
      await this.gone(channelId, this.http.post(`/channels/${enc(channelId)}/redirect`, { query: { endpoint }, addresses: 'channel' }));
    } catch (err) {
      if (t && before) {
        t.leavesWithoutDestroy = before.leaves;
        t.localCause = before.cause;
      }
      throw err;
    }
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    this.requireUp();
    await this.gone(channelId, this.http.post(`/channels/${enc(channelId)}/variable`, { query: { variable: name, value }, addresses: 'channel' }));
  }

  async getVariable(channelId: string, name: string): Promise<string | undefined> {
    this.requireUp();
    try {
      const r = await this.gone(
        channelId,
        this.http.get<{ value: string }>(`/channels/${enc(channelId)}/variable`, { query: { variable: name }, addresses: 'channel' }),
      );
      return r.value === '' ? undefined : r.value;
    } catch (err) {
      // Only "Provided variable was not found" means unset; an unknown channel is CHANNEL_GONE.
      if (isAppError(err, 'PBX_REJECTED') && (err.details as { missing?: string }).missing === 'variable') return undefined;
      throw err;
    }
  }

  async endpointPresence(name: string): Promise<EndpointPresence> {
    this.requireUp();
    return await lookupPresence(name, this.ami, this.http, this.presence);
  }

  async snapshot(): Promise<PbxSnapshot> {
    this.requireUp();
    const { channels, bridges } = await fetchOurs(this.http, this.tracker);
    return toSnapshot(channels, bridges, this.tracker);
  }

  /** Each prompt's sound must be known to Asterisk (prompts.ts: GET /ari/sounds/{id}). */
  async checkPrompts(): Promise<MissingPrompt[]> {
    this.requireUp();
    return missingPrompts(this.http);
  }

  private liveRecording(name: string, method: 'POST' | 'DELETE', op: 'stop' | 'pause'): Promise<void> {
    return liveRecordingRequest(this.http, this.tracker, name, method, op);
  }

  /** "Channel not found" about a channel we track: it vanished silently; report it once as lost. */
  private async gone<T>(channelId: string, p: Promise<T>): Promise<T> {
    try {
      return await p;
    } catch (err) {
      if (isAppError(err, 'CHANNEL_GONE')) this.tracker.vanished(channelId);
      throw err;
    }
  }

  private mediaDeps(): MediaDeps {
    return { http: this.http, tracker: this.tracker, clock: this.cfg.clock, log: this.log, newId: this.newId };
  }

  private requireUp(): void {
    if (!this.events.isOpen()) throw new AppError('PBX_UNAVAILABLE', 'Asterisk ARI is not connected');
  }

  private onOpen(): void {
    this.emit({ type: 'connection.up' });
    this.reconcileNow(0);
  }

  /** A failed reconcile is retried while the socket stays open: lost calls must be reported. */
  private reconcileNow(attempt: number): void {
    reconcile(this.http, this.tracker, (e) => this.emit(e)).catch((err: unknown) => {
      this.log.warn({ err: err instanceof Error ? err.message : String(err), attempt }, 'ARI reconcile failed; retrying');
      this.cfg.clock.setTimeout(() => {
        if (this.events.isOpen()) this.reconcileNow(attempt + 1);
      }, Math.min(10_000, 500 * 2 ** attempt));
    });
  }

  private emit(e: PbxEvent): void {
    this.hub.emit(e);
  }
}

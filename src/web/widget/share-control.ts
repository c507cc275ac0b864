/**
 * The widget's side of a live screen share: the agent's invitation, the visitor's consent, the
 * capture and its peers (src/web/assist/share-sender.ts), and what the widget shows meanwhile.
 *
 *   none ──share_invite──▶ asked ──accept (browser picker ok)──▶ sharing ──share_ended / stop──▶ none
 *                            └──decline / picker cancelled──▶ none
 *
 * The "your screen is being shared" bar is on screen for exactly as long as the capture runs
 * (phase `sharing`), whether the panel is open or not. A recorded session (the invitation's
 * `recorded`: an admin turned recording on) says so in the request, before consent, and on the bar.
 *
 * A video call (kind video) runs the same phases: consent opens the camera and microphone (front
 * camera first), and while `sharing` the view carries the call's media and switches (`call`):
 * mute, camera off, the front/rear switch where the device has two cameras, and the agent's state.
 */
import type { ServerShareFrame, ShareKind, ShareQuality } from '../../chat/assist/assist-protocol.js';
import { cameraCount, type Facing, type MediaState } from '../assist/camera-call.js';
import { ShareSender } from '../assist/share-sender.js';
import type { WidgetSession } from './session.js';

export interface CallView {
  local: MediaStream;
  /** The agent's camera and microphone, once they arrived. */
  remote?: MediaStream;
  mic: boolean;
  cam: boolean;
  facing: Facing;
  /** Offer the front/rear switch only where there is more than one camera. */
  cameras: number;
  /** The agent's own switches (both on until told otherwise). */
  agent: MediaState;
}

export type ShareView =
  | { phase: 'none'; failed?: boolean; kind?: ShareKind }
  | { phase: 'asked'; shareId: string; kind: ShareKind; agentName: string; quality: ShareQuality; recorded?: true }
  | { phase: 'sharing'; shareId: string; kind: ShareKind; agentName: string; quality: ShareQuality; recorded?: true; call?: CallView };

export class ShareControl {
  private state: ShareView = { phase: 'none' };
  private readonly listeners = new Set<(v: ShareView) => void>();
  private readonly sender: ShareSender;

  constructor(private readonly session: Pick<WidgetSession, 'onShareFrame' | 'sendShare'>) {
    this.sender = new ShareSender({
      signal: (peer, signal) => {
        if (this.state.phase === 'sharing') this.session.sendShare({ type: 'share_signal', shareId: this.state.shareId, peer, signal });
      },
      stoppedByBrowser: () => this.stop(),
      remote: (stream) => this.patchCall({ remote: stream }),
      remoteState: (agent) => this.patchCall({ agent }),
    });
    session.onShareFrame((f) => this.onFrame(f));
  }

  view(): ShareView {
    return this.state;
  }

  subscribe(listener: (v: ShareView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Consent: the browser asks which screen, or opens the camera and microphone (inside this
   * click); a cancelled picker or a refused camera is a decline.
   */
  async accept(): Promise<void> {
    const asked = this.state;
    if (asked.phase !== 'asked') return;
    let local: MediaStream | undefined;
    try {
      if (asked.kind === 'video') local = await this.sender.openCamera('user');
      else await this.sender.capture(asked.quality);
    } catch (err) {
      console.warn(`switchboard chat: the ${asked.kind === 'video' ? 'video call did not start' : 'screen was not shared'}`, err);
      this.session.sendShare({ type: 'share_answer', shareId: asked.shareId, accept: false });
      this.set({ phase: 'none', failed: true, kind: asked.kind });
      return;
    }
    if (!this.session.sendShare({ type: 'share_answer', shareId: asked.shareId, accept: true })) {
      this.sender.stop();
      this.set({ phase: 'none', failed: true, kind: asked.kind });
      return;
    }
    this.set({ ...asked, phase: 'sharing', ...(local ? { call: { local, mic: true, cam: true, facing: 'user' as Facing, cameras: 1, agent: { mic: true, cam: true } } } : {}) });
    if (local) void cameraCount().then((cameras) => this.patchCall({ cameras }));
  }

  /** Video calls: the microphone on or off (the agent sees a muted sign). */
  toggleMic(): void {
    const call = this.callView();
    if (!call) return;
    this.sender.setOn('audio', !call.mic);
    this.patchCall({ mic: !call.mic });
  }

  /** Video calls: the camera on or off (the agent sees that it is off, not a frozen picture). */
  toggleCamera(): void {
    const call = this.callView();
    if (!call) return;
    this.sender.setOn('video', !call.cam);
    this.patchCall({ cam: !call.cam });
  }

  /** Video calls: the front or rear camera (the rear one shows the agent the site). */
  async switchCamera(): Promise<void> {
    const call = this.callView();
    if (!call) return;
    try {
      const facing = await this.sender.switchCamera(call.facing === 'user' ? 'environment' : 'user');
      this.patchCall({ facing });
    } catch (err) {
      console.warn('switchboard chat: the other camera could not be opened', err);
    }
  }

  decline(): void {
    if (this.state.phase !== 'asked') return;
    this.session.sendShare({ type: 'share_answer', shareId: this.state.shareId, accept: false });
    this.set({ phase: 'none' });
  }

  /** The visitor stops sharing or ends the call (the bar's button, or the browser's own "stop sharing"). */
  stop(): void {
    if (this.state.phase !== 'sharing') return;
    this.session.sendShare({ type: 'share_end', shareId: this.state.shareId });
    this.sender.stop();
    this.set({ phase: 'none' });
  }

  /** The page is leaving: the capture stops with it, and the agent is told. */
  dispose(): void {
    this.stop();
  }

  private onFrame(f: ServerShareFrame): void {
    if (f.type === 'share_invite') {
      // One share at a time: a visitor already sharing is not asked again.
      // `recorded` is the invitation's: it is said before consent and on the bar until the end.
      if (this.state.phase !== 'sharing') this.set({ phase: 'asked', shareId: f.shareId, kind: f.kind, agentName: f.agentName, quality: f.quality, ...(f.recorded ? { recorded: true as const } : {}) });
      return;
    }
    if (this.state.phase === 'none' || f.shareId !== this.state.shareId) return;
    if (f.type === 'share_ended' && f.peer !== undefined) {
      this.sender.dropPeer(f.peer);
    } else if (f.type === 'share_ended') {
      if (this.state.phase === 'sharing') this.sender.stop();
      this.set({ phase: 'none' });
    } else if (f.type === 'share_peer') {
      this.sender.addPeer(f.peer, f.iceServers).catch((err: unknown) => console.warn('switchboard chat: the screen could not be offered to a viewer', err));
    } else if (f.type === 'share_signal') {
      this.sender.onSignal(f.peer, f.signal).catch((err: unknown) => console.warn('switchboard chat: a screen-share signal was not applied', f.signal.kind, err));
    }
  }

  private callView(): CallView | undefined {
    return this.state.phase === 'sharing' ? this.state.call : undefined;
  }

  private patchCall(p: Partial<CallView>): void {
    const s = this.state;
    if (s.phase === 'sharing' && s.call) this.set({ ...s, call: { ...s.call, ...p } });
  }

  private set(v: ShareView): void {
    this.state = v;
    for (const l of [...this.listeners]) l(v);
  }
}

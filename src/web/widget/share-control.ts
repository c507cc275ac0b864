/**
 * The widget's side of a live screen share: the agent's invitation, the visitor's consent, the
 * capture and its peers (src/web/assist/share-sender.ts), and what the widget shows meanwhile.
 *
 *   none ──share_invite──▶ asked ──accept (browser picker ok)──▶ sharing ──share_ended / stop──▶ none
 *                            └──decline / picker cancelled──▶ none
 *
 * The "your screen is being shared" bar is on screen for exactly as long as the capture runs
 * (phase `sharing`), whether the panel is open or not.
 */
import type { ServerShareFrame, ShareQuality } from '../../chat/assist/assist-protocol.js';
import { ShareSender } from '../assist/share-sender.js';
import type { WidgetSession } from './session.js';

export type ShareView =
  | { phase: 'none'; failed?: boolean }
  | { phase: 'asked'; shareId: string; agentName: string; quality: ShareQuality }
  | { phase: 'sharing'; shareId: string; agentName: string; quality: ShareQuality };

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

  /** Consent: the browser asks which screen (inside this click); a cancelled picker is a decline. */
  async accept(): Promise<void> {
    const asked = this.state;
    if (asked.phase !== 'asked') return;
    try {
      await this.sender.capture(asked.quality);
    } catch (err) {
      console.warn('switchboard chat: the screen was not shared', err);
      this.session.sendShare({ type: 'share_answer', shareId: asked.shareId, accept: false });
      this.set({ phase: 'none', failed: true });
      return;
    }
    if (!this.session.sendShare({ type: 'share_answer', shareId: asked.shareId, accept: true })) {
      this.sender.stop();
      this.set({ phase: 'none', failed: true });
      return;
    }
    this.set({ ...asked, phase: 'sharing' });
  }

  decline(): void {
    if (this.state.phase !== 'asked') return;
    this.session.sendShare({ type: 'share_answer', shareId: this.state.shareId, accept: false });
    this.set({ phase: 'none' });
  }

  /** The visitor stops sharing (the bar's button, or the browser's own "stop sharing"). */
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
      if (this.state.phase !== 'sharing') this.set({ phase: 'asked', shareId: f.shareId, agentName: f.agentName, quality: f.quality });
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

  private set(v: ShareView): void {
    this.state = v;
    for (const l of [...this.listeners]) l(v);
  }
}

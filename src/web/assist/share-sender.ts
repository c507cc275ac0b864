/**
 * The visitor's side of a live screen share (docs/remote-assistance.md): one captured screen
 * track, one RTCPeerConnection per viewer peer the daemon names (the agent, and a supervisor who
 * watches), send-only. The visitor's browser makes every offer; the daemon relays it.
 * Shared by the widget only; it imports nothing of the widget so it stays testable on its own.
 */
import { captureConstraints, type ShareQuality, type ShareSignal } from '../../chat/assist/assist-protocol.js';

export interface SenderEnv {
  /** Sends one signal for a peer over the widget socket. */
  signal(peer: string, signal: ShareSignal): void;
  /** The visitor stopped sharing from the browser's own bar (the track ended). */
  stoppedByBrowser(): void;
  iceServers?: RTCIceServer[];
}

export class ShareSender {
  private stream: MediaStream | undefined;
  private readonly peers = new Map<string, RTCPeerConnection>();

  constructor(private readonly env: SenderEnv) {}

  /**
   * Asks the browser for the screen with the quality's limits. Must run inside the click that
   * gave consent (browsers require a user gesture for getDisplayMedia).
   */
  async capture(quality: ShareQuality): Promise<void> {
    const c = captureConstraints(quality);
    const stream = await navigator.mediaDevices.getDisplayMedia({ video: c.video, audio: false });
    const track = stream.getVideoTracks()[0];
    if (track) {
      track.contentHint = c.hint;
      track.addEventListener('ended', () => this.env.stoppedByBrowser());
    }
    this.stream = stream;
  }

  /** A viewer is ready: a peer connection of its own with the same track, and the offer for it. */
  async addPeer(peer: string, iceServers: RTCIceServer[] = this.env.iceServers ?? []): Promise<void> {
    const stream = this.stream;
    if (!stream || this.peers.has(peer)) return;
    const pc = new RTCPeerConnection({ iceServers });
    this.peers.set(peer, pc);
    for (const track of stream.getVideoTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    pc.onicecandidate = (e) => {
      if (e.candidate?.candidate) this.env.signal(peer, { kind: 'ice', candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex });
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    this.env.signal(peer, { kind: 'offer', sdp: offer.sdp ?? '' });
  }

  async onSignal(peer: string, signal: ShareSignal): Promise<void> {
    const pc = this.peers.get(peer);
    if (!pc) return;
    if (signal.kind === 'answer') await pc.setRemoteDescription({ type: 'answer', sdp: signal.sdp });
    else if (signal.kind === 'ice') await pc.addIceCandidate({ candidate: signal.candidate, sdpMid: signal.sdpMid ?? null, sdpMLineIndex: signal.sdpMLineIndex ?? null });
  }

  /** A viewer left (a supervisor stopped watching): its connection closes, the others go on. */
  dropPeer(peer: string): void {
    this.peers.get(peer)?.close();
    this.peers.delete(peer);
  }

  /** Ends everything: the browser's capture stops (its "sharing" bar goes away too). */
  stop(): void {
    for (const pc of this.peers.values()) pc.close();
    this.peers.clear();
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
  }

  get capturing(): boolean {
    return this.stream !== undefined;
  }
}

/**
 * The visitor's side of a live screen share (docs/remote-assistance.md): one captured screen
 * track, one RTCPeerConnection per viewer peer the daemon names (the agent, and a supervisor who
 * watches), send-only. The visitor's browser makes every offer; the daemon relays it.
 * Shared by the widget only; it imports nothing of the widget so it stays testable on its own.
 *
 * A video call (kind video) is the same with the camera and microphone instead of the screen, sent
 * both ways on the one connection (the agent's answer carries the agent's camera), and a data
 * channel for the muted / camera-off state (camera-call.ts).
 */
import { captureConstraints, type ShareQuality, type ShareSignal } from '../../chat/assist/assist-protocol.js';
import { STATE_CHANNEL, StateLine, openCamera, setTrackOn, stateOf, switchCamera, type Facing, type MediaState } from './camera-call.js';

export interface SenderEnv {
  /** Sends one signal for a peer over the widget socket. */
  signal(peer: string, signal: ShareSignal): void;
  /** The visitor stopped sharing from the browser's own bar (the track ended). */
  stoppedByBrowser(): void;
  iceServers?: RTCIceServer[];
  /** Video calls: the agent's camera and microphone arrived. */
  remote?(stream: MediaStream): void;
  /** Video calls: the agent muted or turned the camera off (or back on). */
  remoteState?(state: MediaState): void;
}

export class ShareSender {
  private stream: MediaStream | undefined;
  private readonly peers = new Map<string, RTCPeerConnection>();
  private readonly lines = new Map<string, StateLine>();
  private call = false;

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
    this.call = false;
  }

  /** A video call: camera and microphone (inside the consenting click, like the screen). */
  async openCamera(facing: Facing = 'user'): Promise<MediaStream> {
    const stream = await openCamera(facing);
    this.stream = stream;
    this.call = true;
    return stream;
  }

  /** Video calls: microphone or camera on/off, told to the agent. */
  setOn(kind: 'audio' | 'video', on: boolean): void {
    if (!this.stream) return;
    setTrackOn(this.stream, kind, on);
    for (const l of this.lines.values()) l.send();
  }

  /** Video calls: the other camera (front/rear), replacing the sent track without renegotiation. */
  async switchCamera(to: Facing): Promise<Facing> {
    if (!this.stream) return to;
    return switchCamera(this.stream, this.peers.values(), to);
  }

  get local(): MediaStream | undefined {
    return this.stream;
  }

  /** A viewer is ready: a peer connection of its own with the same track, and the offer for it. */
  async addPeer(peer: string, iceServers: RTCIceServer[] = this.env.iceServers ?? []): Promise<void> {
    const stream = this.stream;
    if (!stream || this.peers.has(peer)) return;
    const pc = new RTCPeerConnection({ iceServers });
    this.peers.set(peer, pc);
    if (this.call) {
      // Both ways: the agent's answer attaches its camera and microphone to these transceivers.
      for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendrecv', streams: [stream] });
      pc.ontrack = (e) => this.env.remote?.(e.streams[0] ?? new MediaStream([e.track]));
      const line = new StateLine(
        () => (this.stream ? stateOf(this.stream) : { mic: false, cam: false }),
        (s) => this.env.remoteState?.(s),
      );
      line.attach(pc.createDataChannel(STATE_CHANNEL));
      this.lines.set(peer, line);
    } else {
      for (const track of stream.getVideoTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    }
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
    this.lines.delete(peer);
  }

  /** Ends everything: the browser's capture stops (its "sharing" bar goes away too). */
  stop(): void {
    for (const pc of this.peers.values()) pc.close();
    this.peers.clear();
    this.lines.clear();
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
  }

  get capturing(): boolean {
    return this.stream !== undefined;
  }
}

/**
 * A viewer of a live screen share (the agent's workspace, a supervisor's monitor): receive-only,
 * answers the visitor's offer; its answer and ICE candidates go back over REST to the daemon,
 * which relays them on the widget socket. View only: nothing is ever sent to the visitor's screen.
 *
 * In a video call (`local` given: the agent's camera and microphone) the answer sends them back on
 * the visitor's transceivers, and the visitor's data channel carries each side's muted / camera-off
 * state (camera-call.ts).
 */
import type { ShareSignal } from '../../chat/assist/assist-protocol.js';
import { STATE_CHANNEL, StateLine, setTrackOn, stateOf, type MediaState } from './camera-call.js';

export interface ViewerEnv {
  signal(signal: ShareSignal): Promise<void>;
  /** The visitor's screen arrived (or changed). */
  stream(stream: MediaStream): void;
  /** The connection failed or closed (the visitor's browser went away). */
  lost(): void;
  iceServers?: RTCIceServer[];
  /** Video calls: this side's camera and microphone, sent with the answer. */
  local?: MediaStream;
  /** Video calls: the visitor muted or turned the camera off (or back on). */
  remoteState?(state: MediaState): void;
}

export class ShareViewer {
  private readonly pc: RTCPeerConnection;
  /** Candidates that arrive before the offer is applied wait here. */
  private early: RTCIceCandidateInit[] = [];
  private described = false;
  private readonly line: StateLine | undefined;

  constructor(private readonly env: ViewerEnv) {
    this.pc = new RTCPeerConnection({ iceServers: env.iceServers ?? [] });
    this.pc.ontrack = (e) => env.stream(e.streams[0] ?? new MediaStream([e.track]));
    this.pc.onicecandidate = (e) => {
      if (e.candidate?.candidate) void this.send({ kind: 'ice', candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid, sdpMLineIndex: e.candidate.sdpMLineIndex });
    };
    const local = env.local;
    if (local) {
      this.line = new StateLine(
        () => stateOf(local),
        (s) => env.remoteState?.(s),
      );
      this.pc.ondatachannel = (e) => {
        if (e.channel.label === STATE_CHANNEL) this.line?.attach(e.channel);
      };
    }
    this.pc.onconnectionstatechange = () => {
      if (this.pc.connectionState === 'failed') env.lost();
    };
  }

  async onSignal(signal: ShareSignal): Promise<void> {
    if (signal.kind === 'offer') {
      await this.pc.setRemoteDescription({ type: 'offer', sdp: signal.sdp });
      this.described = true;
      // The visitor's transceivers are sendrecv: addTrack takes them up, so the answer sends ours.
      for (const t of this.env.local?.getTracks() ?? []) this.pc.addTrack(t, this.env.local as MediaStream);
      for (const c of this.early) await this.pc.addIceCandidate(c);
      this.early = [];
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      await this.send({ kind: 'answer', sdp: answer.sdp ?? '' });
    } else if (signal.kind === 'ice') {
      const c = { candidate: signal.candidate, sdpMid: signal.sdpMid ?? null, sdpMLineIndex: signal.sdpMLineIndex ?? null };
      if (this.described) await this.pc.addIceCandidate(c);
      else this.early.push(c);
    }
  }

  /** Video calls: this side's microphone or camera on/off, told to the visitor. */
  setOn(kind: 'audio' | 'video', on: boolean): void {
    if (!this.env.local) return;
    setTrackOn(this.env.local, kind, on);
    this.line?.send();
  }

  close(): void {
    this.pc.close();
    for (const t of this.env.local?.getTracks() ?? []) t.stop();
  }

  private async send(signal: ShareSignal): Promise<void> {
    try {
      await this.env.signal(signal);
    } catch (err) {
      // The share ended meanwhile (ASSIST_SHARE_OVER) or the network dropped: the state frame says which.
      console.warn('screen share: a signal was not delivered', signal.kind, err);
    }
  }
}

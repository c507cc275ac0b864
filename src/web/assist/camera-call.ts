/**
 * The media of a video call (issue 20, docs/remote-assistance.md, "Video guidance"), shared by
 * the widget (share-sender.ts) and the agent's workspace (share-viewer.ts): the camera and
 * microphone, the front/rear switch, and the small "muted / camera off" state each side tells
 * the other on a data channel of the same peer connection (peer to peer like the media: the
 * daemon relays nothing of it, and a disabled track alone does not tell the far side anything
 * it could show: it just sends black frames and silence).
 */

/** 'user': the front (selfie) camera; 'environment': the rear camera, to show the site. */
export type Facing = 'user' | 'environment';

/** What a side sends: microphone on, camera on. */
export interface MediaState {
  mic: boolean;
  cam: boolean;
}

export const STATE_CHANNEL = 'media-state';

/** True where the browser can open a camera (any secure page of a current browser). */
export function canCallVideo(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/** Camera and microphone; must run inside the click that gave consent (the browser may ask too). */
export function openCamera(facing: Facing = 'user'): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({ audio: true, video: { facingMode: facing, width: { ideal: 1280 }, height: { ideal: 720 } } });
}

/** How many cameras the device has (labels need no permission for the count; 0 when unknown). */
export async function cameraCount(): Promise<number> {
  try {
    return (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput').length;
  } catch (err) {
    console.warn('video call: the cameras could not be listed', err);
    return 0;
  }
}

/**
 * The other camera in place of the current one: its track replaces the sent one on every peer
 * connection (replaceTrack: no renegotiation, the far side sees the new picture on the same
 * track). The camera-off switch carries over. Resolves to the facing now in use.
 */
export async function switchCamera(local: MediaStream, peers: Iterable<RTCPeerConnection>, to: Facing): Promise<Facing> {
  const old = local.getVideoTracks()[0];
  const fresh = (await navigator.mediaDevices.getUserMedia({ video: { facingMode: { exact: to }, width: { ideal: 1280 }, height: { ideal: 720 } } })).getVideoTracks()[0];
  if (!fresh) return to === 'user' ? 'environment' : 'user';
  fresh.enabled = old?.enabled ?? true;
  for (const pc of peers) {
    for (const sender of pc.getSenders()) if (sender.track?.kind === 'video') await sender.replaceTrack(fresh);
  }
  if (old) {
    local.removeTrack(old);
    old.stop();
  }
  local.addTrack(fresh);
  return to;
}

/** Turns the microphone (audio) or camera (video) of the local stream on or off (track.enabled). */
export function setTrackOn(local: MediaStream, kind: 'audio' | 'video', on: boolean): void {
  for (const t of kind === 'audio' ? local.getAudioTracks() : local.getVideoTracks()) t.enabled = on;
}

export function stateOf(local: MediaStream): MediaState {
  return { mic: local.getAudioTracks().some((t) => t.enabled), cam: local.getVideoTracks().some((t) => t.enabled) };
}

/** The far side's state from a channel message; anything else (not ours, malformed) is ignored. */
export function parseState(data: unknown): MediaState | undefined {
  if (typeof data !== 'string' || data.length > 200) return undefined;
  try {
    const v = JSON.parse(data) as Partial<MediaState>;
    return typeof v.mic === 'boolean' && typeof v.cam === 'boolean' ? { mic: v.mic, cam: v.cam } : undefined;
  } catch {
    // Not JSON: not a state message of ours.
    return undefined;
  }
}

/** Sends this side's state when the channel opens and on each change; hands on the far side's. */
export class StateLine {
  private channel: RTCDataChannel | undefined;

  constructor(
    private readonly mine: () => MediaState,
    private readonly theirs: (s: MediaState) => void,
  ) {}

  attach(channel: RTCDataChannel): void {
    this.channel = channel;
    channel.onopen = () => this.send();
    channel.onmessage = (e: MessageEvent) => {
      const s = parseState(e.data);
      if (s) this.theirs(s);
    };
    if (channel.readyState === 'open') this.send();
  }

  send(): void {
    if (this.channel?.readyState === 'open') this.channel.send(JSON.stringify(this.mine()));
  }
}

/**
 * The staff side of live screen sharing: the share of each chat as this user knows it, and the
 * viewer (src/web/assist/share-viewer.ts) that shows the visitor's screen once they consent.
 * The daemon addresses `assist` frames to this user's sockets only; a share another tab of the
 * same user holds is ignored here unless this tab asked for it.
 *
 * A video call (kind video) opens this agent's camera and microphone at the click that asks for it
 * (the browser's permission belongs to that click), sends them with the answer and stops them when
 * the call is over, whatever ended it.
 *
 * A recorded share (the admin switch was on when it was asked; the visitor was told) is recorded
 * here, by the agent who asked, from the picture this page receives (src/web/assist/share-recorder.ts),
 * and sent whole once the share is over, whoever ended it. Closing the page during a recorded
 * share loses its recording: a browser leaving a page sends at most 64 KB (keepalive), so the page
 * asks the agent to confirm leaving while a recording runs (docs/remote-assistance.md).
 */
import { signal } from '@preact/signals';
import type { ShareKind, ShareQuality, ShareSignalFrame, ShareView, StaffShareFrame } from '../../chat/assist/assist-protocol.js';
import { screenShares } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import { openCamera, type MediaState } from '../assist/camera-call.js';
import { ShareRecorder } from '../assist/share-recorder.js';
import { ShareViewer } from '../assist/share-viewer.js';
import { reportError } from '../kit/toast-store.js';

export interface DeskShare {
  share: ShareView;
  /** The visitor's screen, once it arrived. */
  stream?: MediaStream;
  /** The connection to the visitor's browser failed. */
  lost?: boolean;
  /** Video calls: this agent's camera and microphone, and their switches. */
  local?: MediaStream;
  mine?: MediaState;
  /** Video calls: the visitor's switches as the visitor's browser told them. */
  theirs?: MediaState;
  /** A recorded share: being recorded here, sent after the end, or not sent (the error was shown). */
  recording?: 'on' | 'full' | 'sent' | 'failed';
}

export class ShareDesk {
  /** By chat id: the share this tab started or watches (kept after it ended, until the next). */
  readonly byChat = signal<Record<string, DeskShare>>({});
  private readonly viewers = new Map<string, ShareViewer>();
  private readonly mine = new Set<string>();
  /** Video calls: this agent's own media by share id, from the asking click to the end. */
  private readonly locals = new Map<string, MediaStream>();
  /** Signals that came before this tab's viewer existed (a watch's offer can beat the REST answer). */
  private readonly early = new Map<string, ShareSignalFrame['signal'][]>();
  /** Shares this tab watches as a supervisor: never recorded here. */
  private readonly watching = new Set<string>();
  /** Recorded shares' recordings by share id, from the first picture to the end. */
  private readonly recorders = new Map<string, ShareRecorder>();
  private unsubscribe: (() => void) | undefined;
  private readonly leaving = (e: BeforeUnloadEvent) => {
    // The browser asks the agent whether to leave; the text is the browser's own.
    if (this.recorders.size > 0) e.preventDefault();
  };

  constructor(private readonly stream: EventStream) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({ assist: (f) => this.onFrame(f) });
    window.addEventListener('beforeunload', this.leaving);
  }

  stop(): void {
    this.unsubscribe?.();
    window.removeEventListener('beforeunload', this.leaving);
    for (const id of [...this.viewers.keys(), ...this.locals.keys()]) this.closeViewer(id);
  }

  async invite(chatId: string, quality: ShareQuality, kind: ShareKind = 'screen'): Promise<void> {
    let local: MediaStream | undefined;
    try {
      if (kind === 'video') local = await openCamera('user');
      const { share } = await screenShares.invite(chatId, quality, kind);
      this.mine.add(share.id);
      if (local) this.locals.set(share.id, local);
      this.put({ share, ...(local ? { local, mine: { mic: true, cam: true }, theirs: { mic: true, cam: true } } : {}) });
    } catch (err) {
      for (const t of local?.getTracks() ?? []) t.stop();
      reportError(kind === 'video' ? 'video.failed' : 'share.failed', err);
    }
  }

  /** Video calls: this agent's microphone (audio) or camera (video) on or off; the visitor sees a sign. */
  toggle(shareId: string, kind: 'audio' | 'video'): void {
    const held = Object.values(this.byChat.value).find((d) => d.share.id === shareId);
    const mine = held?.mine;
    if (!held || !mine) return;
    const next = kind === 'audio' ? { ...mine, mic: !mine.mic } : { ...mine, cam: !mine.cam };
    const viewer = this.viewers.get(shareId);
    if (viewer) viewer.setOn(kind, kind === 'audio' ? next.mic : next.cam);
    else for (const t of kind === 'audio' ? held.local?.getAudioTracks() ?? [] : held.local?.getVideoTracks() ?? []) t.enabled = kind === 'audio' ? next.mic : next.cam;
    this.put({ ...held, mine: next });
  }

  /** A supervisor watches the chat's live share (the visitor's browser sends a second picture). */
  async watch(shareId: string): Promise<void> {
    try {
      this.mine.add(shareId);
      this.watching.add(shareId);
      const { share } = await screenShares.watch(shareId);
      this.put({ share });
      if (share.peer) this.viewerFor(share);
    } catch (err) {
      this.mine.delete(shareId);
      reportError('share.failed', err);
    }
  }

  async end(shareId: string): Promise<void> {
    try {
      const { share } = await screenShares.end(shareId);
      this.closeViewer(share.id);
      this.put({ share: { ...share, state: share.state === 'live' || share.state === 'accepted' ? 'ended' : share.state } });
    } catch (err) {
      reportError('share.failed', err);
    }
  }

  private onFrame(f: StaffShareFrame): void {
    if (f.type === 'share_changed') {
      if (!this.mine.has(f.share.id)) return;
      const held = Object.values(this.byChat.value).find((d) => d.share.id === f.share.id);
      const share = { ...f.share, ...(f.share.peer ?? held?.share.peer ? { peer: f.share.peer ?? held?.share.peer } : {}) };
      this.put({ ...held, share });
      if (share.peer && (share.state === 'accepted' || share.state === 'live')) this.viewerFor(share);
      if (share.state === 'ended' || share.state === 'declined') this.closeViewer(share.id);
      return;
    }
    const v = this.viewers.get(f.shareId);
    if (v) this.apply(v, f.signal);
    else if (this.mine.has(f.shareId)) this.early.set(f.shareId, [...(this.early.get(f.shareId) ?? []), f.signal]);
  }

  private apply(v: ShareViewer, s: ShareSignalFrame['signal']): void {
    v.onSignal(s).catch((err: unknown) => console.warn('screen share: a signal was not applied', s.kind, err));
  }

  private viewerFor(share: ShareView): void {
    if (this.viewers.has(share.id) || !share.peer) return;
    const peer = share.peer;
    this.viewers.set(
      share.id,
      new ShareViewer({
        signal: (s) => screenShares.signal(share.id, peer, s),
        stream: (stream) => {
          this.patch(share.id, { stream, lost: false });
          this.record(share, stream);
        },
        lost: () => this.patch(share.id, { lost: true }),
        ...(share.iceServers ? { iceServers: share.iceServers } : {}),
        ...(this.locals.has(share.id) ? { local: this.locals.get(share.id), remoteState: (theirs: MediaState) => this.patch(share.id, { theirs }) } : {}),
      }),
    );
    const v = this.viewers.get(share.id);
    for (const s of this.early.get(share.id) ?? []) if (v) this.apply(v, s);
    this.early.delete(share.id);
  }

  /** Starts the recording of a recorded share this agent asked for, once its tracks arrived. */
  private record(share: ShareView, stream: MediaStream): void {
    if (!share.recorded || this.watching.has(share.id) || this.recorders.has(share.id)) return;
    // A call's sound and picture arrive as two tracks in one go: start once both are in the stream.
    window.setTimeout(() => {
      if (this.recorders.has(share.id) || !this.viewers.has(share.id)) return;
      try {
        const recorder = new ShareRecorder(stream, { full: () => this.patch(share.id, { recording: 'full' }) });
        this.recorders.set(share.id, recorder);
        this.patch(share.id, { recording: 'on' });
        // The daemon's limit for one recording, read per share (it is configuration, it may change with a restart).
        screenShares.settings().then(
          (s) => recorder.limit(s.recordingMaxBytes),
          // Without the limit the recording runs to the end; an oversized one is then refused (and said).
          (err: unknown) => console.warn('screen share: the recording limit was not read', err),
        );
      } catch (err) {
        this.patch(share.id, { recording: 'failed' });
        reportError('share.recordingFailed', err);
      }
    }, 0);
  }

  /** Stops the share's recording (before its connection closes) and sends it; the daemon takes it once the share is over. */
  private async sendRecording(shareId: string): Promise<void> {
    const recorder = this.recorders.get(shareId);
    if (!recorder) return;
    this.recorders.delete(shareId);
    const recording = await recorder.stop();
    // Nothing was received (the picture never arrived): there is nothing to keep.
    if (recording.size === 0) return;
    try {
      await screenShares.sendRecording(shareId, recording);
      this.patch(shareId, { recording: 'sent' });
    } catch (err) {
      this.patch(shareId, { recording: 'failed' });
      reportError('share.recordingFailed', err);
    }
  }

  private closeViewer(shareId: string): void {
    void this.sendRecording(shareId);
    this.viewers.get(shareId)?.close();
    this.viewers.delete(shareId);
    this.early.delete(shareId);
    this.watching.delete(shareId);
    // The camera's light goes out with the call, also when it never got a viewer (declined, withdrawn).
    for (const t of this.locals.get(shareId)?.getTracks() ?? []) t.stop();
    this.locals.delete(shareId);
  }

  private patch(shareId: string, p: Partial<DeskShare>): void {
    const held = Object.values(this.byChat.value).find((d) => d.share.id === shareId);
    if (held) this.put({ ...held, ...p });
  }

  private put(d: DeskShare): void {
    const over = d.share.state === 'ended' || d.share.state === 'declined';
    const stream = over ? undefined : d.stream;
    const call = !over && d.local ? { local: d.local, ...(d.mine ? { mine: d.mine } : {}), ...(d.theirs ? { theirs: d.theirs } : {}) } : {};
    const next: DeskShare = { share: d.share, ...(stream ? { stream } : {}), ...(d.lost ? { lost: true } : {}), ...call, ...(d.recording ? { recording: d.recording } : {}) };
    this.byChat.value = { ...this.byChat.value, [d.share.chatId]: next };
  }
}

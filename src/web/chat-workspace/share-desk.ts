/**
 * The staff side of live screen sharing: the share of each chat as this user knows it, and the
 * viewer (src/web/assist/share-viewer.ts) that shows the visitor's screen once they consent.
 * The daemon addresses `assist` frames to this user's sockets only; a share another tab of the
 * same user holds is ignored here unless this tab asked for it.
 */
import { signal } from '@preact/signals';
import type { ShareQuality, ShareSignalFrame, ShareView, StaffShareFrame } from '../../chat/assist/assist-protocol.js';
import { screenShares } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import { ShareViewer } from '../assist/share-viewer.js';
import { reportError } from '../kit/toast-store.js';

export interface DeskShare {
  share: ShareView;
  /** The visitor's screen, once it arrived. */
  stream?: MediaStream;
  /** The connection to the visitor's browser failed. */
  lost?: boolean;
}

export class ShareDesk {
  /** By chat id: the share this tab started or watches (kept after it ended, until the next). */
  readonly byChat = signal<Record<string, DeskShare>>({});
  private readonly viewers = new Map<string, ShareViewer>();
  private readonly mine = new Set<string>();
  /** Signals that came before this tab's viewer existed (a watch's offer can beat the REST answer). */
  private readonly early = new Map<string, ShareSignalFrame['signal'][]>();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly stream: EventStream) {}

  start(): void {
    this.unsubscribe = this.stream.subscribe({ assist: (f) => this.onFrame(f) });
  }

  stop(): void {
    this.unsubscribe?.();
    for (const v of this.viewers.values()) v.close();
    this.viewers.clear();
  }

  async invite(chatId: string, quality: ShareQuality): Promise<void> {
    try {
      const { share } = await screenShares.invite(chatId, quality);
      this.mine.add(share.id);
      this.put({ share });
    } catch (err) {
      reportError('share.failed', err);
    }
  }

  /** A supervisor watches the chat's live share (the visitor's browser sends a second picture). */
  async watch(shareId: string): Promise<void> {
    try {
      this.mine.add(shareId);
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
        stream: (stream) => this.patch(share.id, { stream, lost: false }),
        lost: () => this.patch(share.id, { lost: true }),
        ...(share.iceServers ? { iceServers: share.iceServers } : {}),
      }),
    );
    const v = this.viewers.get(share.id);
    for (const s of this.early.get(share.id) ?? []) if (v) this.apply(v, s);
    this.early.delete(share.id);
  }

  private closeViewer(shareId: string): void {
    this.viewers.get(shareId)?.close();
    this.viewers.delete(shareId);
    this.early.delete(shareId);
  }

  private patch(shareId: string, p: Partial<DeskShare>): void {
    const held = Object.values(this.byChat.value).find((d) => d.share.id === shareId);
    if (held) this.put({ ...held, ...p });
  }

  private put(d: DeskShare): void {
    const stream = d.share.state === 'ended' || d.share.state === 'declined' ? undefined : d.stream;
    const next: DeskShare = { share: d.share, ...(stream ? { stream } : {}), ...(d.lost ? { lost: true } : {}) };
    this.byChat.value = { ...this.byChat.value, [d.share.chatId]: next };
  }
}

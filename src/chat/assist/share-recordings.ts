/**
 * Recordings of remote-assistance sessions (issue 20, docs/remote-assistance.md). When the admin
 * switch was on at invite time the share is `recorded` and the visitor was told so before
 * consenting; the agent's page records the picture it receives (MediaRecorder, WebM) and sends it
 * here once the share is over. The daemon never sees the live media: what it keeps is what the
 * agent's browser received.
 *
 * Rules (each refusal coded, nothing stored):
 *   - only a recorded share (ASSIST_NOT_RECORDED), only from the agent who asked for it
 *     (ASSIST_RECORDING_NOT_YOURS), only once it is over and went live (ASSIST_SHARE_STATE), once
 *     (ASSIST_RECORDING_EXISTS, also for two uploads racing: the store's conditional write decides);
 *   - WebM by its bytes (ATTACHMENT_TYPE_REFUSED), not empty, not over the limit (ATTACHMENT_TOO_LARGE).
 * The file is kept like a chat upload (random name in the attachments folder, placed inside the
 * transaction that stores it); it is read back with the chat's reach (ChatShares.seenBy).
 */
import { checkUpload } from '../../attachments/attachment-rules.js';
import type { AttachmentFiles } from '../../attachments/ports.js';
import type { Clock } from '../../core/clock.js';
import { AppError } from '../../core/errors.js';
import type { ScreenShare } from './share-state.js';

export interface StoredRecording {
  storedName: string;
  size: number;
  at: number;
}

export interface ShareRecordingStore {
  /** The share with its recording's stored name (never shown to a page). */
  byId(shareId: string): Promise<{ share: ScreenShare; storedName: string | null } | undefined>;
  /** Stores the recording unless the share has one already (false); `place` runs before the commit. */
  saveRecording(shareId: string, rec: StoredRecording, place: () => Promise<void>): Promise<boolean>;
}

export interface ShareRecordingDeps {
  store: ShareRecordingStore;
  files: AttachmentFiles;
  clock: Clock;
  /** Bytes one recording may hold (config assist.recordingMaxBytes). */
  maxBytes: number;
  /** The chat's reach for reading its files (CHAT_NOT_YOURS otherwise): ChatService.seenBy. */
  seenBy(chatId: string, viewer: { agentId?: string; supervise: boolean }): Promise<unknown>;
}

/** What is served: the served type and a download name (the share's id, never anything the browser sent). */
export const RECORDING_TYPE = 'video/webm';
export const recordingName = (s: ScreenShare): string => `${s.kind === 'video' ? 'video-call' : 'screen-share'}-${s.id}.webm`;

export class ShareRecordings {
  constructor(private readonly d: ShareRecordingDeps) {}

  /** The agent's page sends the share's recording. */
  async store(userId: string, shareId: string, bytes: Uint8Array): Promise<ScreenShare> {
    const share = await this.find(shareId);
    if (share.byUserId !== userId) throw new AppError('ASSIST_RECORDING_NOT_YOURS', undefined, { shareId });
    if (!share.recorded) throw new AppError('ASSIST_NOT_RECORDED', undefined, { shareId });
    if (share.state !== 'ended' || share.liveAt === null) throw new AppError('ASSIST_SHARE_STATE', 'A recording is sent once the share that went live is over', { shareId, state: share.state });
    if (share.recording) throw new AppError('ASSIST_RECORDING_EXISTS', undefined, { shareId });
    const checked = await checkUpload({ kind: 'video', name: recordingName(share), bytes }, { image: 0, file: 0, voice: 0, video: this.d.maxBytes });
    if (checked.contentType !== RECORDING_TYPE) throw new AppError('ATTACHMENT_TYPE_REFUSED', 'A share recording must be WebM', { where: '/body', detected: checked.contentType });
    const staged = await this.d.files.stage(bytes);
    const rec: StoredRecording = { storedName: this.d.files.newName(), size: bytes.length, at: this.d.clock.now() };
    let saved = false;
    try {
      saved = await this.d.store.saveRecording(shareId, rec, () => this.d.files.place(staged, rec.storedName));
    } finally {
      // Refused by the store (a second upload won the race) or failed: no file without its row.
      if (!saved) {
        await this.d.files.discard(staged);
        await this.d.files.discard(rec.storedName);
      }
    }
    if (!saved) throw new AppError('ASSIST_RECORDING_EXISTS', undefined, { shareId });
    return { ...share, recording: { size: rec.size, at: rec.at } };
  }

  /** The recording's file for a reader of the chat (the reach of the chat's uploads). */
  async read(shareId: string, viewer: { agentId?: string; supervise: boolean }): Promise<{ share: ScreenShare; storedName: string }> {
    const found = await this.d.store.byId(shareId);
    if (!found) throw new AppError('ASSIST_SHARE_NOT_FOUND', undefined, { shareId });
    await this.d.seenBy(found.share.chatId, viewer);
    if (found.storedName === null) throw new AppError(found.share.recorded ? 'ASSIST_RECORDING_NOT_FOUND' : 'ASSIST_NOT_RECORDED', undefined, { shareId });
    return { share: found.share, storedName: found.storedName };
  }

  private async find(shareId: string): Promise<ScreenShare> {
    const found = await this.d.store.byId(shareId);
    if (!found) throw new AppError('ASSIST_SHARE_NOT_FOUND', undefined, { shareId });
    return found.share;
  }
}

import { describe, expect, it } from 'vitest';
import type { AttachmentFiles } from '../../../../src/attachments/ports.js';
import { FakeClock } from '../../../../src/core/clock.js';
import { AppError, isAppError } from '../../../../src/core/errors.js';
import { ShareRecordings, type ShareRecordingStore } from '../../../../src/chat/assist/share-recordings.js';
import type { ScreenShare } from '../../../../src/chat/assist/share-state.js';
import { webm } from '../../../fixtures/upload-samples.js';

const ended: ScreenShare = { id: 's1', chatId: 'c1', agentId: 'a1', byUserId: 'u1', kind: 'screen', quality: 'speed', state: 'ended', invitedAt: 1, acceptedAt: 2, liveAt: 3, endedAt: 4, endedBy: 'agent', recorded: true };

/** Files that remember what was staged, placed and discarded; a store whose write can lose the race or fail. */
function world(opts: { write?: 'wins' | 'loses' | 'fails' } = {}) {
  const present = new Set<string>();
  let n = 0;
  const files: AttachmentFiles = {
    stage: async () => {
      const name = `staged-${++n}`;
      present.add(name);
      return name;
    },
    place: async (staged, stored) => {
      present.delete(staged);
      present.add(stored);
    },
    discard: async (name) => void present.delete(name),
    open: async () => {
      throw new AppError('ATTACHMENT_NOT_FOUND');
    },
    newName: () => `stored-${++n}`,
    sweepStaged: async () => 0,
  };
  const store: ShareRecordingStore = {
    byId: async (id) => (id === ended.id ? { share: ended, storedName: null } : undefined),
    saveRecording: async (_id, _rec, place) => {
      if (opts.write === 'loses') return false;
      await place();
      if (opts.write === 'fails') throw new Error('the commit failed');
      return true;
    },
  };
  const recordings = new ShareRecordings({ store, files, clock: new FakeClock(), maxBytes: 10_000, seenBy: async () => undefined });
  return { recordings, present };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    return isAppError(err) ? err.code : String(err);
  }
  return 'accepted';
}

describe('share recordings: one WebM per recorded share, no file without its row', () => {
  it('given a recorded share that is over when its agent sends a WebM then its file is placed and the share names its size', async () => {
    const w = world();
    const body = webm(100);
    const share = await w.recordings.store('u1', 's1', body);
    expect(share.recording?.size).toBe(body.length);
    expect([...w.present]).toEqual(['stored-2']);
  });

  it('given a second upload that loses the race in the store when it is stored then ASSIST_RECORDING_EXISTS and its staged file is gone', async () => {
    const w = world({ write: 'loses' });
    expect(await codeOf(w.recordings.store('u1', 's1', webm()))).toBe('ASSIST_RECORDING_EXISTS');
    expect([...w.present]).toEqual([]);
  });

  it('given a commit that fails after the file was placed when it is stored then the error passes and neither the staged nor the placed file is left', async () => {
    const w = world({ write: 'fails' });
    expect(await codeOf(w.recordings.store('u1', 's1', webm()))).toBe('Error: the commit failed');
    expect([...w.present]).toEqual([]);
  });

  it('given bodies that are not WebM, too large or from another user when they are sent then each is refused with its code before anything is staged', async () => {
    const w = world();
    expect(await codeOf(w.recordings.store('u2', 's1', webm()))).toBe('ASSIST_RECORDING_NOT_YOURS');
    expect(await codeOf(w.recordings.store('u1', 's1', Buffer.from('plain text, not a video')))).toBe('ATTACHMENT_TYPE_REFUSED');
    expect(await codeOf(w.recordings.store('u1', 's1', webm(20_000)))).toBe('ATTACHMENT_TOO_LARGE');
    expect(await codeOf(w.recordings.store('u1', 'nope', webm()))).toBe('ASSIST_SHARE_NOT_FOUND');
    expect([...w.present]).toEqual([]);
  });
});

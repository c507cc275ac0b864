/**
 * Recording audio read from the recordings folder for the listen and download routes. The name
 * comes from the recording's database row, never from a URL; it is still checked to be a plain
 * file name (no separator, no `..`), resolved inside the folder and opened without following a
 * link, so that nothing outside the folder can be served even if a row were forged.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingAudio, RecordingAudioFile } from './ports.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
const EXTENSIONS = ['.wav', '.wav16'];

export function isSafeRecordingName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.includes('..');
}

export class FsRecordingAudio implements RecordingAudio {
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  async open(name: string): Promise<RecordingAudioFile | undefined> {
    if (!isSafeRecordingName(name)) return undefined;
    for (const ext of EXTENSIONS) {
      const file = path.resolve(this.dir, `${name}${ext}`);
      if (path.dirname(file) !== this.dir) return undefined;
      let fh: FileHandle;
      try {
        fh = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // ELOOP: the name is a link, which is refused like a missing file.
        if (code === 'ENOENT' || code === 'ELOOP') continue;
        throw err;
      }
      const stat = await fh.stat();
      if (!stat.isFile()) {
        await fh.close();
        return undefined;
      }
      const handle = fh;
      return {
        size: stat.size,
        contentType: 'audio/wav',
        modifiedAt: stat.mtimeMs,
        stream: (start, end) => handle.createReadStream({ start, end, autoClose: true }),
        close: () => handle.close(),
      };
    }
    return undefined;
  }
}

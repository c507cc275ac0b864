/**
 * The recordings folder for deleting recordings (retention purge, the delete route) and listing
 * what it holds, file by file (storage figures). A name comes from a recording's row; like the
 * audio reader it must be a plain file name that resolves directly inside the folder, so no row,
 * forged or not, makes the daemon delete anything elsewhere. A link with a recording's name is
 * removed as a link (unlink never follows it), so its target is never touched.
 */
import { lstat, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors.js';
import { isSafeRecordingName } from './fs-recording-audio.js';
import type { RecordingDisk } from './ports.js';

const EXTENSIONS = ['.wav', '.wav16'];

export class FsRecordingDisk implements RecordingDisk {
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = path.resolve(dir);
  }

  async remove(name: string): Promise<number | undefined> {
    const files = EXTENSIONS.map((ext) => path.resolve(this.dir, `${name}${ext}`));
    if (!isSafeRecordingName(name) || files.some((f) => path.dirname(f) !== this.dir)) {
      throw new AppError('RECORDING_NAME_REFUSED', undefined, { name });
    }
    let freed: number | undefined;
    for (const file of files) {
      let size: number;
      try {
        const st = await lstat(file);
        size = st.isFile() ? st.size : 0;
        if (st.isDirectory()) continue;
        await unlink(file);
      } catch (err) {
        // Not there (never written, or removed meanwhile): an outcome, the other extension may be.
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      freed = (freed ?? 0) + size;
    }
    return freed;
  }

  async listing(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    let entries;
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (err) {
      // No folder yet: nothing was ever recorded.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
      throw err;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      try {
        out.set(entry.name, (await lstat(path.join(this.dir, entry.name))).size);
      } catch (err) {
        // Deleted between the listing and the stat (a purge, a sweep): not counted.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return out;
  }
}

/**
 * The recordings folder on disk: `<dir>/<name>.wav`, or `<name>.wav16` where Asterisk wrote a
 * 16 kHz recording under that extension.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { RecordingFiles } from './cut-recordings.js';

const EXTENSIONS = ['.wav', '.wav16'];

export class FsRecordingFiles implements RecordingFiles {
  constructor(private readonly dir: string) {}

  private async openFirst(name: string, flags: 'r' | 'r+') {
    for (const ext of EXTENSIONS) {
      try {
        return await open(path.join(this.dir, `${name}${ext}`), flags);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return undefined;
  }

  async head(name: string, bytes: number): Promise<{ head: Uint8Array; size: number } | undefined> {
    const fh = await this.openFirst(name, 'r');
    if (!fh) return undefined;
    try {
      const { size } = await fh.stat();
      const buf = new Uint8Array(Math.min(bytes, size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      return { head: buf.subarray(0, bytesRead), size };
    } finally {
      await fh.close();
    }
  }

  async writeHeader(name: string, header: Uint8Array): Promise<void> {
    const fh = await this.openFirst(name, 'r+');
    if (!fh) throw new Error(`recording ${name} disappeared while being repaired`);
    try {
      await fh.write(header, 0, header.length, 0);
    } finally {
      await fh.close();
    }
  }
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordingFiles } from '../ports.js';

/**
 * Recordings in the folder the media server shares with the daemon. Every server writes
 * `<name>.wav`, except Asterisk for a 16 kHz recording (its format `wav16` is stored as
 * `<name>.wav16`), so that name is used when only it exists.
 */
export class RecordingFolder implements RecordingFiles {
  constructor(private readonly dir: string) {}

  wavPathOf(name: string): string {
    const wav = join(this.dir, `${name}.wav`);
    return !existsSync(wav) && existsSync(`${wav}16`) ? `${wav}16` : wav;
  }
}

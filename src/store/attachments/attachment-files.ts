/**
 * Attachment bytes on disk: `<dataDir>/attachments/<random>` for stored files and
 * `<dataDir>/attachments/.staged/<random>` while an upload waits for its row. Names are random
 * hex made here; a name from anywhere else is refused before it reaches a path.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { AttachmentFiles, OpenedAttachment } from '../../attachments/ports.js';
import { AppError } from '../../core/errors.js';

const NAME = /^[0-9a-f]{32}$/;

export class DiskAttachmentFiles implements AttachmentFiles {
  private readonly staged: string;
  private ready: Promise<void> | undefined;

  constructor(private readonly dir: string) {
    this.staged = path.join(dir, '.staged');
  }

  newName(): string {
    return randomBytes(16).toString('hex');
  }

  async stage(bytes: Uint8Array): Promise<string> {
    await this.ensure();
    const name = this.newName();
    await writeFile(path.join(this.staged, name), bytes, { flag: 'wx', mode: 0o600 });
    return name;
  }

  async place(staged: string, storedName: string): Promise<void> {
    await rename(path.join(this.staged, checked(staged)), path.join(this.dir, checked(storedName)));
  }

  async discard(name: string): Promise<void> {
    await rm(path.join(this.staged, checked(name)), { force: true });
    await rm(path.join(this.dir, checked(name)), { force: true });
  }

  async open(storedName: string): Promise<OpenedAttachment> {
    let fh: FileHandle;
    try {
      fh = await open(path.join(this.dir, checked(storedName)), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // ELOOP: a link where a stored file should be is as good as missing.
      if (code === 'ENOENT' || code === 'ELOOP') throw new AppError('ATTACHMENT_NOT_FOUND', 'The attachment file is missing');
      throw err;
    }
    const handle = fh;
    const { size } = await handle.stat();
    return { size, stream: (start, end) => handle.createReadStream({ start, end, autoClose: true }), close: () => handle.close() };
  }

  async sweepStaged(): Promise<number> {
    // Nothing made before the first upload: a daemon that never had one has no folder.
    const all = await readdir(this.staged).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    const names = all.filter((n) => NAME.test(n));
    for (const n of names) await rm(path.join(this.staged, n), { force: true });
    return names.length;
  }

  /** Files under the folder (tests: nothing left behind after a refusal). */
  async list(): Promise<{ stored: string[]; staged: string[] }> {
    await this.ensure();
    return { stored: (await readdir(this.dir)).filter((n) => NAME.test(n)).sort(), staged: (await readdir(this.staged)).sort() };
  }

  private ensure(): Promise<void> {
    this.ready ??= mkdir(this.staged, { recursive: true, mode: 0o700 }).then(() => undefined);
    return this.ready;
  }
}

function checked(name: string): string {
  if (!NAME.test(name)) throw new AppError('INTERNAL', 'An attachment file name that this store did not make');
  return name;
}

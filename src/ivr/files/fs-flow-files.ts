import { constants, watch as fsWatch, type Dirent, type FSWatcher } from 'node:fs';
import { mkdir, open, readdir, realpath, rename, unlink, lstat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { AppError } from '../../core/errors.js';
import type { FlowFiles } from '../ports.js';

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * The ivr-flows folder on disk: one `<name>.yaml` per flow, sounds below it. Flows are plain files
 * inside the folder: a symbolic link is never followed (a link to /etc/passwd would otherwise be
 * served to the admin page, and a save would write through it), and a sound a flow names must
 * resolve inside the folder. The folder itself may be a link (deployments mount it).
 */
export class FsFlowFiles implements FlowFiles {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** Flow files, links included: the registry reports a link as a refused flow rather than hiding it. */
  async list(): Promise<string[]> {
    let entries: Dirent[];
    try {
      entries = await readdir(this.dir, { withFileTypes: true });
    } catch (err) {
      // No folder yet is no flows; a folder that cannot be read is a fault to report.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      entries = [];
    }
    return entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.endsWith('.yaml') && NAME.test(e.name.slice(0, -5)))
      .map((e) => e.name.slice(0, -5))
      .sort();
  }

  fileOf(name: string): string {
    return join(this.dir, `${name}.yaml`);
  }

  async read(name: string): Promise<string | undefined> {
    if (!NAME.test(name)) return undefined;
    let handle;
    try {
      // O_NOFOLLOW: checking first and opening after would leave a moment to swap a link in.
      handle = await open(this.fileOf(name), constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      if (code === 'ELOOP') throw this.refused(name, 'is a symbolic link');
      throw err;
    }
    try {
      if (!(await handle.stat()).isFile()) throw this.refused(name, 'is not a plain file');
      return await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  }

  async write(name: string, source: string): Promise<void> {
    if (!NAME.test(name)) throw new AppError('VALIDATION_FAILED', `"${name}" is not a flow name`, { problems: [{ where: 'name', reason: 'lower-case letters, digits, - and _' }] });
    await mkdir(this.dir, { recursive: true });
    const target = this.fileOf(name);
    const existing = await lstat(target).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    });
    if (existing && !existing.isFile()) throw this.refused(name, existing.isSymbolicLink() ? 'is a symbolic link' : 'is not a plain file');
    const tmp = join(this.dir, `.${name}.yaml.${process.pid}.tmp`);
    // A stale temporary file is ours to replace; 'wx' then refuses anything planted there meanwhile.
    await unlink(tmp).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    try {
      await handle.writeFile(source, 'utf8');
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  }

  async fileExists(relativePath: string): Promise<boolean> {
    const full = resolve(this.dir, relativePath);
    // A flow may only refer to files inside its folder, also once links are resolved.
    if (!full.startsWith(this.dir + sep)) return false;
    try {
      const [real, realDir] = await Promise.all([realpath(full), realpath(this.dir)]);
      return real.startsWith(realDir + sep);
    } catch {
      // A file that is not there, or cannot be resolved, is one a flow cannot use: the flow's
      // check reports it as missing.
      return false;
    }
  }

  watch(onChange: (name: string) => void, onError?: (err: Error) => void): () => void {
    // Throws when the folder cannot be watched (missing, no permission): the registry says so.
    const watcher: FSWatcher = fsWatch(this.dir, (_event, filename) => {
      const f = filename?.toString();
      if (f && f.endsWith('.yaml') && !f.startsWith('.') && NAME.test(f.slice(0, -5))) onChange(f.slice(0, -5));
    });
    // An FSWatcher without an 'error' listener would throw it and stop the daemon with every call.
    watcher.on('error', (err) => {
      watcher.close();
      onError?.(err);
    });
    return () => watcher.close();
  }

  private refused(name: string, why: string): AppError {
    return new AppError('IVR_FLOW_FILE_REFUSED', `${name}.yaml ${why}: flows must be plain files inside the flows folder`, { flow: name, file: this.fileOf(name) });
  }
}

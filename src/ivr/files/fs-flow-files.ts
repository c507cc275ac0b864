import { watch as fsWatch, type FSWatcher } from 'node:fs';
import { access, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { AppError } from '../../core/errors.js';
import type { FlowFiles } from '../ports.js';

const NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** The ivr-flows folder on disk: one `<name>.yaml` per flow, sounds below it. */
export class FsFlowFiles implements FlowFiles {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  async list(): Promise<string[]> {
    const entries = await readdir(this.dir).catch(() => [] as string[]);
    return entries.filter((f) => f.endsWith('.yaml') && NAME.test(f.slice(0, -5))).map((f) => f.slice(0, -5)).sort();
  }

  fileOf(name: string): string {
    return join(this.dir, `${name}.yaml`);
  }

  async read(name: string): Promise<string | undefined> {
    if (!NAME.test(name)) return undefined;
    try {
      return await readFile(this.fileOf(name), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async write(name: string, source: string): Promise<void> {
    if (!NAME.test(name)) throw new AppError('VALIDATION_FAILED', `"${name}" is not a flow name`, { problems: [{ where: 'name', reason: 'lower-case letters, digits, - and _' }] });
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${name}.yaml.${process.pid}.tmp`);
    await writeFile(tmp, source, 'utf8');
    await rename(tmp, this.fileOf(name));
  }

  async fileExists(relativePath: string): Promise<boolean> {
    const full = resolve(this.dir, relativePath);
    // A flow may only refer to files inside its folder.
    if (!full.startsWith(this.dir + sep)) return false;
    return access(full).then(
      () => true,
      () => false,
    );
  }

  watch(onChange: (name: string) => void): () => void {
    let watcher: FSWatcher | undefined;
    try {
      watcher = fsWatch(this.dir, (_event, filename) => {
        const f = filename?.toString();
        if (f && f.endsWith('.yaml') && !f.startsWith('.') && NAME.test(f.slice(0, -5))) onChange(f.slice(0, -5));
      });
    } catch {
      return () => undefined;
    }
    return () => watcher?.close();
  }
}

import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../core/errors.js';

/**
 * One process at a time on an embedded database folder. PGlite keeps no lock of its own, and a
 * second process opening the same files (the CLI beside a running daemon) crashes inside the
 * WebAssembly ("Aborted()") or works on a stale copy. The holder writes its pid to
 * `switchboard.pid`; a file naming a process that no longer runs (a daemon killed hard) is taken
 * over, so it never blocks.
 */
export const LOCK_FILE = 'switchboard.pid';

export interface DataDirLock {
  release(): void;
}

export function acquireDataDirLock(dir: string, pid: number = process.pid, isAlive: (pid: number) => boolean = processIsAlive): DataDirLock {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      writeFileSync(file, `${pid}\n`, { flag: 'wx' });
      return { release: () => releaseIfOurs(file, pid) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(readText(file), 10);
    if (Number.isInteger(holder) && holder > 0 && holder !== pid && isAlive(holder)) {
      throw new AppError('CONFLICT', `The embedded database in ${dir} is in use by a running Switchboard: stop the daemon first (pid ${holder})`, {
        where: file,
        pid: holder,
      });
    }
    // Ours from an earlier open in this process, or left by a process that is gone: take it over.
    unlinkSync(file);
  }
  throw new AppError('CONFLICT', `Could not take the lock ${file}: another process keeps creating it`, { where: file });
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

function releaseIfOurs(file: string, pid: number): void {
  if (Number.parseInt(readText(file), 10) !== pid) return;
  try {
    unlinkSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Signal 0 checks existence; EPERM means it exists under another user. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

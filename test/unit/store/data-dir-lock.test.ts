import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/core/errors.js';
import { acquireDataDirLock, LOCK_FILE } from '../../../src/store/data-dir-lock.js';

describe('embedded database folder lock', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sb-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('given a free folder, when locked and released, then the pid file exists only while held', () => {
    const lock = acquireDataDirLock(dir, 4242, () => false);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe('4242');
    lock.release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('given a live process holds the folder, when another locks it, then CONFLICT names that pid', () => {
    writeFileSync(path.join(dir, LOCK_FILE), '777\n');
    let caught: unknown;
    try {
      acquireDataDirLock(dir, 4242, (pid) => pid === 777);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('CONFLICT');
    expect((caught as AppError).message).toContain('stop the daemon first (pid 777)');
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe('777');
  });

  it('given the pid file of a process that is gone, when locked, then it is taken over', () => {
    writeFileSync(path.join(dir, LOCK_FILE), '777\n');
    const lock = acquireDataDirLock(dir, 4242, () => false);
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe('4242');
    lock.release();
  });

  it('given the lock was taken over by another process, when the old holder releases, then the new holder keeps it', () => {
    const lock = acquireDataDirLock(dir, 4242, () => false);
    writeFileSync(path.join(dir, LOCK_FILE), '999\n');
    lock.release();
    expect(readFileSync(path.join(dir, LOCK_FILE), 'utf8').trim()).toBe('999');
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../../src/core/events.js';
import { silentLogger } from '../../../../src/core/log.js';
import { FsFlowFiles } from '../../../../src/ivr/files/fs-flow-files.js';
import { FlowRegistry, hashOf } from '../../../../src/ivr/flow-registry.js';
import { MemoryVersions } from '../fakes.js';

const FLOW = (prompt: string) => `start: a\nnodes:\n  a:\n    type: hangup\n    prompt: "${prompt}"\n`;
let registry: FlowRegistry | undefined;
afterEach(() => registry?.close());

function nextEvent(bus: InProcessEventBus, type: DomainEvent['type']): Promise<DomainEvent> {
  return new Promise((resolve) => {
    const off = bus.subscribe((e) => {
      if (e.type === type) {
        off();
        resolve(e);
      }
    });
  });
}

describe('flow files on disk', () => {
  it('given a watched folder when a file is saved then the registry loads it, and a broken save is rejected', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-watch-'));
    writeFileSync(join(dir, 'main.yaml'), FLOW('one'));
    const bus = new InProcessEventBus();
    registry = new FlowRegistry({
      files: new FsFlowFiles(dir),
      versions: new MemoryVersions(),
      references: { queueExists: async () => true, calendarExists: async () => true },
      clock: systemClock,
      events: bus,
      log: silentLogger,
      settleMs: 50,
    });
    await registry.loadAll();
    registry.watch();
    expect(registry.runningVersion('main')?.version).toBe(1);

    const loaded = nextEvent(bus, 'ivr.flow_loaded');
    writeFileSync(join(dir, 'main.yaml'), FLOW('two'));
    expect(await loaded).toMatchObject({ flow: 'main', version: 2 });

    const rejected = nextEvent(bus, 'ivr.flow_rejected');
    writeFileSync(join(dir, 'main.yaml'), 'start: a\nnodes:\n  a:\n    type: hangp\n');
    expect(await rejected).toMatchObject({ flow: 'main', problems: [{ where: `${join(dir, 'main.yaml')}:4:11`, reason: expect.stringContaining('unknown type "hangp"') }] });
    expect(registry.runningVersion('main')?.version).toBe(2);
  });

  it('given a save through the adapter when written then the file is replaced whole and no temporary file is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ivr-write-'));
    const files = new FsFlowFiles(dir);
    await files.write('survey', FLOW('x'));
    expect(await files.read('survey')).toBe(FLOW('x'));
    expect(readdirSync(dir)).toEqual(['survey.yaml']);
    expect(await files.list()).toEqual(['survey']);
    expect(await files.fileExists('../etc/passwd')).toBe(false);
    expect(await files.fileExists('survey.yaml')).toBe(true);
    await expect(files.write('../evil', 'x')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  /** A folder of flows and, outside it, a secret file that happens to read as a valid flow. */
  function linkedFolder(): { dir: string; secret: string; registry: FlowRegistry; bus: InProcessEventBus } {
    const root = mkdtempSync(join(tmpdir(), 'ivr-link-'));
    const dir = join(root, 'flows');
    mkdirSync(dir);
    const secret = join(root, 'secret.yaml');
    writeFileSync(secret, FLOW('secret'));
    const bus = new InProcessEventBus();
    registry = new FlowRegistry({
      files: new FsFlowFiles(dir),
      versions: new MemoryVersions(),
      references: { queueExists: async () => true, calendarExists: async () => true },
      clock: systemClock,
      events: bus,
      log: silentLogger,
      settleMs: 50,
    });
    return { dir, secret, registry, bus };
  }

  it('given a flow file that is a link to a file outside the folder when the flows load then it is refused and reported, never served', async () => {
    const { dir, secret, registry } = linkedFolder();
    symlinkSync(secret, join(dir, 'main.yaml'));
    await registry.loadAll();
    expect(registry.runningVersion('main')).toBeUndefined();
    expect(registry.stateOf('main')?.problems).toEqual([
      {
        file: join(dir, 'main.yaml'),
        line: 1,
        col: 1,
        code: 'IVR_FILE_REFUSED',
        params: { message: 'main.yaml is a symbolic link: flows must be plain files inside the flows folder' },
        reason: 'main.yaml is a symbolic link: flows must be plain files inside the flows folder',
      },
    ]);
    await expect(registry.source('main')).rejects.toMatchObject({ code: 'IVR_FLOW_FILE_REFUSED' });
  });

  it('given a running flow when its file is replaced by a link then the watcher refuses it and the running version keeps serving', async () => {
    const { dir, secret, registry, bus } = linkedFolder();
    writeFileSync(join(dir, 'main.yaml'), FLOW('one'));
    await registry.loadAll();
    registry.watch();
    const rejected = nextEvent(bus, 'ivr.flow_rejected');
    rmSync(join(dir, 'main.yaml'));
    symlinkSync(secret, join(dir, 'main.yaml'));
    expect(await rejected).toMatchObject({ flow: 'main', problems: [{ reason: expect.stringContaining('is a symbolic link') }] });
    expect(registry.runningVersion('main')?.version).toBe(1);
    expect(registry.runningVersion('main')?.hash).toBe(hashOf(FLOW('one')));
  });

  it('given a flow file that is a link when an admin saves it then nothing is written through the link and the save is refused', async () => {
    const { dir, secret } = linkedFolder();
    const files = new FsFlowFiles(dir);
    symlinkSync(secret, join(dir, 'main.yaml'));
    await expect(files.write('main', FLOW('overwritten'))).rejects.toMatchObject({ code: 'IVR_FLOW_FILE_REFUSED' });
    expect(readFileSync(secret, 'utf8')).toBe(FLOW('secret'));
    expect(readdirSync(dir)).toEqual(['main.yaml']);
  });

  it('given a sound inside the folder that links outside when a flow names it then it does not count as existing', async () => {
    const { dir, secret } = linkedFolder();
    const files = new FsFlowFiles(dir);
    mkdirSync(join(dir, 'sounds'));
    symlinkSync(secret, join(dir, 'sounds', 'hello.wav'));
    writeFileSync(join(dir, 'sounds', 'bye.wav'), 'RIFF');
    expect(await files.fileExists('sounds/hello.wav')).toBe(false);
    expect(await files.fileExists('sounds/bye.wav')).toBe(true);
  });
});

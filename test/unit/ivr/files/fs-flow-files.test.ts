import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../../src/core/events.js';
import { silentLogger } from '../../../../src/core/log.js';
import { FsFlowFiles } from '../../../../src/ivr/files/fs-flow-files.js';
import { FlowRegistry } from '../../../../src/ivr/flow-registry.js';
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
});

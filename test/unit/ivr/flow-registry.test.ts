import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.js';
import { harness, type Harness } from './fakes.js';

const V1 = `start: menu
nodes:
  menu:
    type: menu
    prompt: "Press 1"
    choices: { "1": sales }
    onFail: sales
  sales:
    type: queue
    queue: sales
`;
const V2 = V1.replace('"1": sales', '"1": billing') + '  billing:\n    type: queue\n    queue: billing\n';
const BROKEN = V1.replace('"1": sales', '"1": nowhere');

async function press(h: Harness, channelId: string, digits: string) {
  await h.sim.control.pressDigits(channelId, digits);
  await h.clock.advanceAsync(0);
}

describe('flow registry: hot reload and versions', () => {
  it('given a call in the menu when the file is saved then new calls take the new version and the running call finishes on the old one', async () => {
    const h = await harness({ main: V1 });
    h.registry.watch();
    const old = await h.call('+491', '100');
    h.files.edit('main', V2);
    await h.clock.advanceAsync(199);
    expect(h.registry.runningVersion('main')?.version).toBe(1);
    await h.clock.advanceAsync(1);
    expect(h.registry.runningVersion('main')?.version).toBe(2);
    expect(h.events).toContainEqual(expect.objectContaining({ type: 'ivr.flow_loaded', flow: 'main', version: 2 }));

    const fresh = await h.call('+492', '100');
    await press(h, fresh.channelId, '1');
    await press(h, old.channelId, '1');
    expect(await old.result).toMatchObject({ kind: 'queue', queue: 'sales', version: 1 });
    expect(await fresh.result).toMatchObject({ kind: 'queue', queue: 'billing', version: 2 });
    expect(h.versions.rows.map((r) => [r.flow, r.version, r.changedBy])).toEqual([
      ['main', 1, null],
      ['main', 2, null],
    ]);
  });

  it('given a broken edit when it is saved on disk then it is rejected, reported, and the last good version keeps serving', async () => {
    const h = await harness({ main: V1 });
    h.registry.watch();
    h.files.edit('main', BROKEN);
    await h.clock.advanceAsync(200);
    const rejected = h.events.find((e) => e.type === 'ivr.flow_rejected');
    expect(rejected).toMatchObject({
      flow: 'main',
      problems: [{ where: '/flows/main.yaml:6:21', reason: 'node "menu" goes to "nowhere" (1), which is not a node of this flow' }],
      scope: { adminOnly: true },
    });
    expect(h.registry.stateOf('main')).toMatchObject({ version: 1, problems: [expect.objectContaining({ line: 6 })] });
    const call = await h.call('+491', '100');
    await press(h, call.channelId, '1');
    expect(await call.result).toMatchObject({ queue: 'sales', version: 1 });
    expect(h.versions.rows).toHaveLength(1);
  });

  it('given edits in quick succession when the folder settles then the file is read once', async () => {
    const h = await harness({ main: V1 });
    h.registry.watch();
    h.files.edit('main', BROKEN);
    await h.clock.advanceAsync(100);
    h.files.edit('main', V2);
    await h.clock.advanceAsync(200);
    expect(h.events.filter((e) => e.type === 'ivr.flow_rejected')).toHaveLength(0);
    expect(h.registry.runningVersion('main')?.version).toBe(2);
  });

  it('given an admin save of a broken text when saved then it is refused with its problems and nothing changes', async () => {
    const h = await harness({ main: V1 });
    const err = await h.registry.save('main', BROKEN, 'admin-1').catch((e: unknown) => e);
    expect(isAppError(err, 'IVR_FLOW_INVALID')).toBe(true);
    expect((err as { details: { problems: { line: number }[] } }).details.problems).toEqual([expect.objectContaining({ line: 6, col: 21 })]);
    expect(h.files.files.get('main')).toBe(V1);
    expect(h.versions.rows).toHaveLength(1);
  });

  it('given an admin save of a valid text when saved then the file is written and the version records who changed it', async () => {
    const h = await harness({ main: V1 });
    const st = await h.registry.save('main', V2, 'admin-1');
    expect(st).toMatchObject({ name: 'main', version: 2, problems: [] });
    expect(h.files.files.get('main')).toBe(V2);
    expect(h.versions.rows[1]).toMatchObject({ version: 2, changedBy: 'admin-1', source: V2, changedAt: h.clock.now() });
    await h.registry.save('main', V2, 'admin-2');
    expect(h.versions.rows).toHaveLength(2);
  });

  it('given a broken file at startup when a good version is stored then the stored version runs and the problem is still shown', async () => {
    const first = await harness({ main: V1 });
    const h = await harness({ main: BROKEN });
    expect(h.registry.runningVersion('main')).toBeUndefined();
    // same store as a daemon that ran V1 before
    h.versions.rows.push(...first.versions.rows);
    await h.registry.loadAll();
    expect(h.registry.runningVersion('main')?.version).toBe(1);
    expect(h.registry.stateOf('main')?.problems).toHaveLength(1);
  });

  it('given a broken edit while a version runs when it is rejected then the log names the version that keeps serving', async () => {
    const h = await harness({ main: V1 });
    h.files.edit('main', BROKEN);
    await h.registry.reload('main');
    expect(h.logs.filter((l) => l.msg.startsWith('IVR flow rejected'))).toEqual([
      { level: 'warn', msg: 'IVR flow rejected; version 1 keeps serving new calls', obj: expect.objectContaining({ flow: 'main', servingVersion: 1 }) },
    ]);
  });

  it('given a broken file and no good version ever when it is rejected then the log says at error level that no version serves', async () => {
    const h = await harness({ main: BROKEN });
    expect(h.registry.runningVersion('main')).toBeUndefined();
    expect(h.logs.filter((l) => l.msg.startsWith('IVR flow rejected'))).toEqual([
      {
        level: 'error',
        msg: 'IVR flow rejected; no version of it serves: calls it would answer go to the safe destination',
        obj: expect.objectContaining({ flow: 'main', servingVersion: null }),
      },
    ]);
  });

  it('given a broken file at startup and a stored good version when it is rejected then the log names the stored version that serves', async () => {
    const first = await harness({ main: V1 });
    const h = await harness({ main: BROKEN });
    h.versions.rows.push(...first.versions.rows);
    h.logs.length = 0;
    await h.registry.loadAll();
    expect(h.logs.filter((l) => l.msg.startsWith('IVR flow rejected')).map((l) => [l.level, l.msg])).toEqual([['warn', 'IVR flow rejected; version 1 keeps serving new calls']]);
  });

  it('given a flow answering a number when another flow claims the same number then the later one is rejected at the number and the first keeps it', async () => {
    const h = await harness({ main: V1, sales: `numbers: ["+4930999"]\n${V2}`, support: `numbers: ["+4930999"]\n${V1}` });
    expect(h.registry.runningVersion('support')).toBeUndefined();
    expect(h.registry.stateOf('support')?.problems.map((p) => `${p.line}:${p.col}: ${p.reason}`)).toEqual([
      '1:11: number "+4930999" is already answered by flow "sales": a number belongs to one flow',
    ]);
    expect(h.registry.flowForNumber('+4930999')).toBe('sales');
  });

  it('given a number claimed by a flow when a call dials it then that flow runs, else main', async () => {
    const h = await harness({ main: V1, sales: `numbers: ["+4930999"]\n${V2}` });
    expect(h.registry.flowForNumber('+4930999')).toBe('sales');
    expect(h.registry.flowForNumber('+4930000')).toBe('main');
  });

  it('given the watched folder goes away when the watch breaks then it is logged as an error, the loaded flows keep serving and a later watch() starts again', async () => {
    const h = await harness({ main: V1 });
    h.registry.watch();
    h.files.breakWatch(new Error('ENOENT: the folder was removed'));
    expect(h.logs.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['the IVR flow folder stopped being watched: file changes are no longer picked up']);
    expect(h.registry.runningVersion('main')?.version).toBe(1);
    h.registry.watch();
    h.files.edit('main', V2);
    await h.clock.advanceAsync(200);
    expect(h.registry.runningVersion('main')?.version).toBe(2);
  });
});

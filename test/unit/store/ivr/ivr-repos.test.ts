import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequentialIds } from '../../../../src/core/ids.js';
import type { CallTrace } from '../../../../src/ivr/ports.js';
import { FlowVersionsRepo, IvrCallDataRepo, IvrMessagesRepo, IvrTracesRepo } from '../../../../src/store/ivr/index.js';
import { createTestDb, type TestDb } from '../../../helpers/test-db.js';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t.close();
});

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);

function trace(callId: string, exit: string, exitNode: string, flow = 'main', at = T0): CallTrace {
  return {
    callId,
    flow,
    version: 1,
    startedAt: at,
    endedAt: at + 9000,
    exit,
    exitNode,
    variables: { caller_number: '+49301', customer_level: 'gold' },
    steps: [
      { seq: 1, flow, node: 'welcome', kind: 'play', enteredAt: at, leftAt: at + 3000, digits: '', result: null },
      { seq: 2, flow, node: exitNode, kind: 'menu', enteredAt: at + 3000, leftAt: at + 9000, digits: '2', result: exit },
    ],
  };
}

describe('IVR store', () => {
  it('given saves of a flow when versions are recorded then each new text gets the next number and the same text keeps its number', async () => {
    const repo = new FlowVersionsRepo(t.db);
    const base = { flow: 'main', file: 'ivr-flows/main.yaml', changedBy: null };
    expect(await repo.recordVersion({ ...base, hash: 'h1', source: 'a', changedAt: T0 })).toBe(1);
    expect(await repo.recordVersion({ ...base, hash: 'h1', source: 'a', changedAt: T0 + 1 })).toBe(1);
    expect(await repo.recordVersion({ ...base, hash: 'h2', source: 'b', changedAt: T0 + 2, changedBy: 'user-1' })).toBe(2);
    expect(await repo.recordVersion({ ...base, flow: 'survey', hash: 'h9', source: 'c', changedAt: T0 + 3 })).toBe(1);
    const list = await repo.listVersions('main');
    expect(list.map((v) => [v.version, v.changedAt, v.changedBy])).toEqual([
      [2, T0 + 2, 'user-1'],
      [1, T0, null],
    ]);
    expect((await repo.getVersion('main', 1))?.source).toBe('a');
    expect(await repo.getVersion('main', 7)).toBeUndefined();
  });

  it('given stored traces when read back then the path, digits and exit come back and abandon points are counted', async () => {
    const repo = new IvrTracesRepo(t.db, sequentialIds('trace'));
    await repo.saveTrace(trace('call-1', 'abandoned', 'menu'));
    await repo.saveTrace(trace('call-2', 'abandoned', 'menu'));
    await repo.saveTrace(trace('call-3', 'abandoned', 'support_menu'));
    await repo.saveTrace(trace('call-4', 'queue', 'sales'));
    await repo.saveTrace(trace('call-5', 'abandoned', 'menu', 'main', T0 + 86_400_000));
    const got = await repo.getTrace('call-1');
    expect(got).toEqual(trace('call-1', 'abandoned', 'menu'));
    expect(await repo.getTrace('nobody')).toBeUndefined();
    expect(await repo.abandonPoints(T0, T0 + 3_600_000)).toEqual([
      { flow: 'main', node: 'menu', count: 2 },
      { flow: 'main', node: 'support_menu', count: 1 },
    ]);
    expect(await repo.abandonPoints(T0, T0 + 3_600_000, 'survey')).toEqual([]);
  });

  it('given a survey rating saved twice when read then the latest value is kept', async () => {
    const repo = new IvrCallDataRepo(t.db);
    await repo.save('call-9', 'survey', { rating: '3' }, T0);
    await repo.save('call-9', 'survey', { rating: '5' }, T0 + 1);
    expect(await repo.valuesOf('call-9')).toEqual({ rating: '5' });
  });

  it('given a voicemail when stored then it is listed as new, with the team its node named', async () => {
    const repo = new IvrMessagesRepo(t.db, sequentialIds('msg'));
    const id = await repo.createMessage({
      callId: 'call-7',
      flow: 'after-hours',
      mailbox: 'general',
      callerNumber: '+4930999',
      recordingName: 'voicemail-call-7',
      team: 'sales',
      durationMs: 12_000,
      at: T0,
      variables: { region: 'north' },
    });
    expect(id).toBe('msg-1');
    const listed = await repo.listNew();
    expect(listed).toEqual([expect.objectContaining({ id: 'msg-1', mailbox: 'general', team: 'sales', durationMs: 12_000, variables: { region: 'north' }, status: 'new' })]);
  });
});

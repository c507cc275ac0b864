/** ScreenPopService over fakes: what the pop makes of the trace, the record and the number. */
import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../../src/calls/call-model.js';
import type { CallDetail } from '../../../src/calls/ports.js';
import { ScreenPopService, type ScreenPopDeps } from '../../../src/calls/screen-pop.js';
import { FakeClock } from '../../../src/core/clock.js';

const clock = new FakeClock();
const T = clock.now();

function record(over: Partial<CallRecord>): CallRecord {
  return { id: 'c1', direction: 'inbound', state: 'ended', from: '+4930111', to: '100', callerName: 'X', ivrPath: [], variables: {}, startedAt: T - 60_000, recordingIds: [], ...over };
}

function service(detail: CallDetail | undefined, over: Partial<ScreenPopDeps> = {}) {
  const asked: string[][] = [];
  const deps: ScreenPopDeps = {
    clock,
    liveCall: () => undefined,
    records: { get: async (id) => (detail?.call.id === id ? detail : undefined) },
    history: {
      callsWithNumber: async (numbers) => {
        asked.push([...numbers]);
        return [];
      },
    },
    traces: { stepsOf: async () => undefined },
    customerByNumber: async () => undefined,
    numberForms: (n) => [n, n.replace('+', '')],
    queueName: async () => undefined,
    agentName: async () => undefined,
    ...over,
  };
  return { pop: new ScreenPopService(deps), asked };
}

describe('ScreenPopService', () => {
  it('given no live and no stored call then there is nothing to open', async () => {
    expect(await service(undefined).pop.open('c1')).toBeUndefined();
  });

  it('given a speech menu, a key menu and a node without keys in the trace then speech and keys are shown where they happened', async () => {
    const steps = [
      { node: 'lang', kind: 'speech_menu', digits: '', result: 'said "billing"' },
      { node: 'menu', kind: 'menu', digits: '2', result: '2' },
      { node: 'hours', kind: 'hours', digits: '', result: 'open' },
    ];
    const { pop } = service({ call: record({}), legs: [], timeline: [], recordings: [] }, { traces: { stepsOf: async () => steps } });
    const built = await (await pop.open('c1'))?.build();
    expect(built?.ivr).toEqual([{ node: 'lang', kind: 'speech_menu', speech: 'billing' }, { node: 'menu', kind: 'menu', digits: '2' }, { node: 'hours', kind: 'hours' }]);
  });

  it('given a stored call without the engine knowing it then the wait runs from the timeline queue entry to the answer, and the queue keeps its id when its name is gone', async () => {
    const call = record({ queueId: 'q-gone', answeredAt: T - 20_000, agentId: 'a1' });
    const timeline = [{ callId: 'c1', seq: 1, at: T - 50_000, from: 'ivr' as const, event: 'queue_entered', to: 'queued' as const, details: {} }];
    const { pop } = service({ call, legs: [], timeline, recordings: [] });
    const opened = await pop.open('c1');
    expect(opened?.parties).toEqual(new Set(['a1']));
    expect(await opened?.build()).toMatchObject({ waitedMs: 30_000, queue: { id: 'q-gone', name: 'q-gone' }, customer: null, previousCalls: [] });
  });

  it("given a click-to-dial then the customer and earlier calls are looked up by the number dialed, and nobody waited", async () => {
    const { pop, asked } = service({ call: record({ direction: 'outbound', from: 'a1', to: '+4930777' }), legs: [], timeline: [], recordings: [] });
    expect(await (await pop.open('c1'))?.build()).toMatchObject({ waitedMs: 0, queue: null });
    expect(asked).toEqual([['+4930777', '4930777']]);
  });

  it("given a CRM answer about the caller then the pop carries it; the CRM is not asked about the number an agent dialed", async () => {
    const crmAsked: string[] = [];
    const crmByNumber = async (n: string) => (crmAsked.push(n), { name: 'Ada Lovelace', company: 'Analytical Engines', level: 'vip', tags: ['gold'], fields: { contract: 'C-42' }, link: 'https://crm.example/ada' });
    const inbound = service({ call: record({}), legs: [], timeline: [], recordings: [] }, { crmByNumber });
    expect(await (await inbound.pop.open('c1'))?.build()).toMatchObject({ crm: { name: 'Ada Lovelace', level: 'vip', tags: ['gold'], fields: { contract: 'C-42' }, link: 'https://crm.example/ada' } });
    expect(crmAsked).toEqual(['+4930111']);
    const outbound = service({ call: record({ direction: 'outbound', from: 'a1', to: '+4930777' }), legs: [], timeline: [], recordings: [] }, { crmByNumber });
    expect(await (await outbound.pop.open('c1'))?.build()).toMatchObject({ crm: null });
    expect(crmAsked).toEqual(['+4930111']);
  });
});

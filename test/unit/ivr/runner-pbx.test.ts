/**
 * The IVR runner on every media-server adapter: the simulated server, and the Asterisk and
 * FreeSWITCH adapters against their contract fakes (recorded ARI/AMI and ESL on port 0). The same
 * flow, the same keys, the same outcomes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import type { MediaRef } from '../../../src/pbx/port.js';
import { IvrRunner } from '../../../src/ivr/runner.js';
import { validateFlowSource } from '../../../src/ivr/validator.js';
import type { MakeHarness, PbxHarness } from '../../contract/harness.js';
import { makeSimHarness } from '../../contract/sim-harness.js';
import { makeFakeAsteriskHarness } from '../../fakes/asterisk/harness.js';
import { makeFakeFreeSwitchHarness } from '../../fakes/freeswitch/fake-harness.js';
import { MemoryTraces } from './fakes.js';

const PBXS: [string, MakeHarness][] = [
  ['simulated', makeSimHarness],
  ['asterisk (fake ARI + AMI)', makeFakeAsteriskHarness],
  ['freeswitch (fake ESL)', () => makeFakeFreeSwitchHarness('json')],
];

function flowText(short: MediaRef): string {
  const sound = short.kind === 'sound' ? short.name : 'hello-world';
  return `start: hello
nodes:
  hello:
    type: play
    prompt: { sound: ${sound} }
    next: menu
  menu:
    type: menu
    prompt: { sound: ${sound} }
    choices: { "1": sales, "2": bye }
    timeout: 3s
    retries: 1
    onFail: bye
  sales:
    type: queue
    queue: sales
  bye:
    type: hangup
`;
}

let h: PbxHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function setup(make: MakeHarness) {
  h = await make();
  const harness = h;
  const { flow, problems } = await validateFlowSource(flowText(harness.media.short), 'pbx.yaml', 'pbx', {
    references: { queueExists: async () => true, calendarExists: async () => true },
    fileExists: async () => true,
    flowExists: () => true,
  });
  expect(problems).toEqual([]);
  if (!flow || !harness.clock) throw new Error('needs a parsed flow and a fake clock');
  const traces = new MemoryTraces();
  const runner = new IvrRunner({
    media: harness.server,
    clock: harness.clock,
    log: silentLogger,
    events: new InProcessEventBus(),
    tts: { synthesize: async () => '/tmp/unused' },
    traces,
    services: {
      calendars: { stateAt: async () => 'open' },
      http: { fetchJson: async () => ({}) },
      recognizer: { available: () => true, recognize: async () => ({ phrase: null }) },
      recordings: { wavPathOf: (n) => `/tmp/${n}.wav` },
      messages: { createMessage: async () => 'm' },
      callData: { save: async () => undefined },
      flowsDir: '/tmp',
    },
  });
  const flows = new Map([['pbx', { flow, version: 1, hash: 'h', loadedAt: 0 }]]);
  const call = async () => {
    const channelId = await harness.placeInboundCall({ from: '+4930555', to: '100' });
    const snap = await harness.server.snapshot();
    const channel = snap.channels.find((c) => c.id === channelId);
    if (!channel) throw new Error('the inbound channel is not in the snapshot');
    const result = runner.run({ callId: `call-${channelId}`, channel, flow: 'pbx', flows });
    return { channelId, result };
  };
  /** Lets PBX time pass in small steps until the caller has heard `n` prompts (the menu is listening). */
  const untilHeard = async (channelId: string, n: number) => {
    for (let waited = 0; waited < 20_000; waited += 100) {
      if ((await harness.farSide(channelId)).heardPrompts.length >= n) return;
      await harness.passTime(100);
    }
    throw new Error(`the caller never heard ${n} prompts`);
  };
  return { harness, call, untilHeard, traces };
}

describe.each(PBXS)('IVR runner on %s', (_name, make) => {
  it('given the menu when the caller presses 1 then the outcome queues the call for sales', async () => {
    const { harness, call, untilHeard } = await setup(make);
    const { channelId, result } = await call();
    await untilHeard(channelId, 2);
    await harness.pressDigits(channelId, '1');
    const r = await result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'sales' });
    expect(r.trace.steps.map((s) => `${s.node}:${s.digits}`)).toEqual(['hello:', 'menu:1', 'sales:']);
    expect((await harness.farSide(channelId)).answered).toBe(true);
  });

  it('given the menu when the caller never presses a key then both attempts time out and the call is hung up', async () => {
    const { harness, call, untilHeard } = await setup(make);
    const { channelId, result } = await call();
    await untilHeard(channelId, 3);
    let done = false;
    void result.then(() => (done = true));
    for (let i = 0; i < 200 && !done; i++) await harness.passTime(100);
    const r = await result;
    expect(r).toMatchObject({ kind: 'hangup' });
    expect(r.trace.steps.find((s) => s.node === 'menu')).toMatchObject({ digits: '', result: 'fail' });
    expect((await harness.server.snapshot()).channels.some((c) => c.id === channelId)).toBe(false);
  });

  it('given the menu when the caller hangs up then the IVR ends abandoned at the menu', async () => {
    const { harness, call, untilHeard } = await setup(make);
    const { channelId, result } = await call();
    await untilHeard(channelId, 2);
    await harness.farEndHangup(channelId);
    const r = await result;
    expect(r).toMatchObject({ kind: 'abandoned', node: 'menu' });
  });
});

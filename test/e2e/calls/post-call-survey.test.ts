/**
 * The post-call survey end to end: the real IVR runner sets `post_call_survey` before queueing,
 * an agent answers, and when the agent leaves first the caller hears ivr-flows/survey.yaml on the
 * simulated media server; the rating is stored against the call.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { InProcessEventBus } from '../../../src/core/events.js';
import { silentLogger } from '../../../src/core/log.js';
import { IvrFlowPort } from '../../../src/wiring/ivr-flow-port.js';
import type { LoadedFlow } from '../../../src/ivr/runner.js';
import { IvrRunner } from '../../../src/ivr/runner.js';
import { validateFlowSource } from '../../../src/ivr/validator.js';
import { CALLER, DID_SALES, makeCallWorld, type CallWorld } from './call-world.js';

/** Dialed number whose flow queues without asking for a survey. */
const DID_PLAIN = '+15550002';
/** Dialed number whose flow names a survey flow that does not exist. */
const DID_TYPO = '+15550003';

const WITH_SURVEY = `start: opt_in
nodes:
  opt_in:
    type: set
    set: { post_call_survey: survey }
    next: sales
  sales:
    type: queue
    queue: sales
`;

const WITHOUT_SURVEY = `start: sales
nodes:
  sales:
    type: queue
    queue: sales
`;

const WITH_MISSING_SURVEY = WITH_SURVEY.replace('post_call_survey: survey', 'post_call_survey: no-such-flow');

const SURVEY_SOURCE = readFileSync(new URL('../../../ivr-flows/survey.yaml', import.meta.url), 'utf8');

interface SurveyWorld extends CallWorld {
  /** What the flows stored against calls: call id -> flow and values. */
  callData: { callId: string; flow: string; values: Record<string, string> }[];
  /** Texts the IVR spoke, in order. */
  spoken: string[];
}

async function load(source: string, name: string): Promise<LoadedFlow> {
  const { flow, problems } = await validateFlowSource(source, `${name}.yaml`, name, {
    references: { queueExists: async () => true, calendarExists: async () => true },
    fileExists: async () => true,
    flowExists: () => true,
  });
  expect(problems).toEqual([]);
  if (!flow) throw new Error(`flow ${name} did not parse`);
  return { flow, version: 1, hash: name, loadedAt: 0 };
}

async function world(): Promise<SurveyWorld> {
  const flows = new Map([
    ['entry', await load(WITH_SURVEY, 'entry')],
    ['plain', await load(WITHOUT_SURVEY, 'plain')],
    ['typo', await load(WITH_MISSING_SURVEY, 'typo')],
    ['survey', await load(SURVEY_SOURCE, 'survey')],
  ]);
  const callData: SurveyWorld['callData'] = [];
  const spoken: string[] = [];
  // The runner needs the harness's server and clock, which the world creates.
  const late: { runner?: IvrRunner } = {};
  const ivr = new IvrFlowPort(
    {
      // What IvrService does: the forced flow (the survey) or the flow for the dialed number.
      handleInbound: (input) =>
        (late.runner as IvrRunner).run({
          callId: input.callId,
          channel: input.channel,
          flow: input.flow ?? ({ [DID_PLAIN]: 'plain', [DID_TYPO]: 'typo' }[input.channel.dialedNumber] ?? 'entry'),
          flows,
          ...(input.variables ? { variables: input.variables } : {}),
          ...(input.answer !== undefined ? { answer: input.answer } : {}),
        }),
    },
    { announceEverySec: 0 },
  );
  const built = await makeCallWorld({ ivr });
  late.runner = new IvrRunner({
    media: built.h.server,
    clock: built.h.clock as NonNullable<typeof built.h.clock>,
    log: silentLogger,
    events: new InProcessEventBus(),
    tts: {
      synthesize: async (text) => {
        spoken.push(text);
        return `/tmp/tts/${text.replace(/\W+/g, '_')}`;
      },
    },
    traces: { saveTrace: async () => undefined, getTrace: async () => undefined, abandonPoints: async () => [] },
    services: {
      calendars: { stateAt: async () => 'open' },
      http: { fetchJson: async () => ({}) },
      recognizer: { available: () => true, recognize: async () => ({ phrase: null }) },
      recordings: { wavPathOf: (n) => `/tmp/${n}.wav` },
      messages: { createMessage: async () => 'm' },
      callData: {
        save: async (callId, flow, values) => {
          callData.push({ callId, flow, values: { ...values } });
        },
      },
      flowsDir: '/tmp',
    },
  });
  return Object.assign(built, { callData, spoken });
}

/** A caller to `did` talking with agent a1; returns the caller's channel, a1's leg and the call id. */
async function connected(w: SurveyWorld, did = DID_SALES): Promise<{ caller: string; agentLeg: string; callId: string }> {
  const caller = await w.h.placeInboundCall({ from: CALLER, to: did });
  await w.settle(1_000);
  const callId = w.callIdOf(caller);
  expect(w.calls.control.view(callId).state).toBe('connected');
  return { caller, agentLeg: w.agentLeg('a1'), callId };
}

const RATE_PROMPT = 'Please rate our service today from 1, poor, to 5, excellent.';

let w: SurveyWorld;
afterEach(async () => {
  await w.close();
});

describe('post-call survey', () => {
  it('given a call the IVR asked a survey for when the agent hangs up first then the caller hears the survey, the rating 4 is stored against the call and the caller is hung up', async () => {
    w = await world();
    const { caller, agentLeg, callId } = await connected(w);

    await w.h.farEndHangup(agentLeg);
    await w.settle(500);
    const during = await w.h.farSide(caller);
    expect(during.hears).not.toContain(agentLeg);
    expect(during.heardPrompts.at(-1)).toContain('Please_rate_our_service');
    expect(w.spoken).toContain(RATE_PROMPT);
    // The call itself is over for the agent: wrap-up began, the outcome is the answered call's.
    expect(w.routing.log).toContain(`ended ${callId} a1`);
    expect(w.store.calls.get(callId)).toMatchObject({ state: 'ended', outcome: 'agent_answered', hungUpBy: 'agent' });
    expect(w.store.legs.get(caller)?.endedAt).toBeUndefined();

    await w.h.pressDigits(caller, '4');
    await w.settle(4_000);
    expect(w.callData).toEqual([{ callId, flow: 'survey', values: { rating: '4' } }]);
    expect(w.spoken).toContain('Thank you for your feedback. Goodbye.');
    expect(w.store.legs.get(caller)).toMatchObject({ endedBy: 'local' });
    expect(w.store.legs.get(caller)?.endedAt).toBeDefined();
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'agent' });
    expect(w.store.timeline(callId).slice(-3)).toEqual([
      'connected -agent_gone-> ended',
      'ended -survey_started-> ended',
      'ended -survey_finished-> ended',
    ]);
    const finished = w.store.transitions.find((t) => t.callId === callId && t.event === 'survey_finished');
    expect(finished?.details).toMatchObject({ flow: 'survey', result: 'completed', rating: '4' });
  });

  it('given a call the IVR asked a survey for when the caller hangs up first then no survey runs and the agent leg is hung up', async () => {
    w = await world();
    const { caller, agentLeg, callId } = await connected(w);

    await w.h.farEndHangup(caller);
    await w.settle(10_000);
    expect(w.spoken).not.toContain(RATE_PROMPT);
    expect(w.callData).toEqual([]);
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'caller' });
    expect(w.store.legs.get(agentLeg)?.endedAt).toBeDefined();
    expect(w.store.timeline(callId).filter((l) => l.includes('survey'))).toEqual([]);
  });

  it('given a call without the survey variable when the agent hangs up then the caller is hung up at once without a survey', async () => {
    w = await world();
    const { caller, agentLeg, callId } = await connected(w, DID_PLAIN);

    await w.h.farEndHangup(agentLeg);
    await w.settle();
    expect(w.store.legs.get(caller)).toMatchObject({ endedBy: 'local' });
    expect(w.spoken).not.toContain(RATE_PROMPT);
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'agent' });
    expect(w.store.timeline(callId).filter((l) => l.includes('survey'))).toEqual([]);
  });

  it('given the survey running when the caller hangs up before rating then the survey ends cleanly and nothing is stored', async () => {
    w = await world();
    const { caller, agentLeg, callId } = await connected(w);

    await w.h.farEndHangup(agentLeg);
    await w.settle(500);
    expect(w.spoken).toContain(RATE_PROMPT);
    await w.h.farEndHangup(caller);
    await w.settle(10_000);
    expect(w.callData).toEqual([]);
    expect(w.store.legs.get(caller)).toMatchObject({ endedBy: 'remote' });
    expect(w.store.calls.get(callId)).toMatchObject({ state: 'ended', outcome: 'agent_answered', hungUpBy: 'agent' });
    const finished = w.store.transitions.find((t) => t.callId === callId && t.event === 'survey_finished');
    expect(finished?.details).toMatchObject({ flow: 'survey', result: 'caller_gone' });
    expect(w.routing.log).toContain(`ended ${callId} a1`);
  });

  it('given a caller on hold with a survey when the agent hangs up then the caller leaves the music and hears the survey', async () => {
    w = await world();
    const { caller, agentLeg, callId } = await connected(w);
    w.calls.control.hold(callId, 'a1');
    await w.settle();

    await w.h.farEndHangup(agentLeg);
    await w.settle(500);
    const far = await w.h.farSide(caller);
    expect(far.hearsMoh).toBe(false);
    expect(far.heardPrompts.at(-1)).toContain('Please_rate_our_service');
    await w.h.pressDigits(caller, '2');
    await w.settle(4_000);
    expect(w.callData).toEqual([{ callId, flow: 'survey', values: { rating: '2' } }]);
  });

  it('given a consultation when a1 leaves and the transfer completes then no survey runs, and when a2 hangs up later the caller hears it', async () => {
    w = await world();
    const { caller, agentLeg, callId } = await connected(w);
    w.calls.control.consult(callId, 'a1', { kind: 'agent', agentId: 'a2' });
    await w.settle(1_000);
    expect(w.calls.control.view(callId).state).toBe('consulting');

    await w.h.farEndHangup(agentLeg);
    await w.settle(1_000);
    expect(w.calls.control.view(callId)).toMatchObject({ state: 'connected', agentId: 'a2' });
    expect(w.spoken).not.toContain(RATE_PROMPT);
    const a2Leg = w.agentLeg('a2');
    expect((await w.h.farSide(caller)).hears).toEqual([a2Leg]);

    await w.h.farEndHangup(a2Leg);
    await w.settle(500);
    expect(w.spoken).toContain(RATE_PROMPT);
    await w.h.pressDigits(caller, '5');
    await w.settle(4_000);
    expect(w.callData).toEqual([{ callId, flow: 'survey', values: { rating: '5' } }]);
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', agentId: 'a2', hungUpBy: 'agent' });
  });

  it('given a call with a survey when the agent blind-transfers it to a queue then no survey runs and the caller waits again', async () => {
    w = await world();
    await w.h.setPhoneBehaviour(w.phoneOf.a2 as string, 'manual');
    const { caller, callId } = await connected(w);
    w.calls.control.transferBlind(callId, 'a1', { kind: 'queue', queueId: 'sales' });
    await w.settle(1_000);
    expect(w.spoken).not.toContain(RATE_PROMPT);
    expect(['queued', 'offering']).toContain(w.calls.control.view(callId).state);
    expect((await w.h.farSide(caller)).hearsMoh).toBe(true);
  });

  it('given a call with a survey when a supervisor releases the whole call then every leg is hung up without a survey', async () => {
    w = await world();
    const { caller, callId } = await connected(w);
    w.calls.control.release(callId, 'call', 'sup1');
    await w.settle(1_000);
    expect(w.spoken).not.toContain(RATE_PROMPT);
    expect(w.store.legs.get(caller)).toMatchObject({ endedBy: 'local' });
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'system' });
  });

  it('given a survey flow name that does not exist when the agent hangs up then the caller is hung up and the timeline says the survey failed', async () => {
    w = await world();
    const { caller, agentLeg, callId } = await connected(w, DID_TYPO);
    await w.h.farEndHangup(agentLeg);
    await w.settle();
    expect(w.store.legs.get(caller)).toMatchObject({ endedBy: 'local' });
    const finished = w.store.transitions.find((t) => t.callId === callId && t.event === 'survey_finished');
    expect(finished?.details).toMatchObject({ flow: 'no-such-flow', result: 'failed' });
    expect(w.store.calls.get(callId)).toMatchObject({ outcome: 'agent_answered', hungUpBy: 'agent' });
  });
});

import { describe, expect, it } from 'vitest';
import { flowsUsing } from '../../../src/ivr/flow-usage.js';
import type { FlowSnapshot } from '../../../src/ivr/runner.js';
import { validateFlowSource } from '../../../src/ivr/validator.js';

const SOURCE = `start: h
nodes:
  h:
    type: hours
    calendar: Office-Hours
    open: q
    closed: cb
  q:
    type: queue
    queue: support
    skills: [english]
  cb:
    type: callback
    queue: callbacks
`;

async function snapshot(): Promise<FlowSnapshot> {
  const env = { references: { queueExists: async () => true, calendarExists: async () => true }, fileExists: async () => true, flowExists: () => true };
  const { flow } = await validateFlowSource(SOURCE, '/flows/line.yaml', 'line', env);
  if (!flow) throw new Error('the flow did not parse');
  return new Map([['line', { flow, version: 1, hash: 'h', loadedAt: 0 }]]);
}

describe('which flows use a queue, calendar or skill', () => {
  it('given a flow naming a queue, a callback queue, a calendar and a skill when asked by id or any-case name then it is listed, and not for anything else', async () => {
    const flows = await snapshot();
    const line = [{ flow: 'line', file: '/flows/line.yaml' }];
    expect(flowsUsing(flows, 'queue', ['Q-1', 'Support'])).toEqual(line);
    expect(flowsUsing(flows, 'queue', ['Q-2', 'callbacks'])).toEqual(line);
    expect(flowsUsing(flows, 'calendar', ['C-1', 'office-hours'])).toEqual(line);
    expect(flowsUsing(flows, 'skill', ['S-1', 'ENGLISH'])).toEqual(line);
    expect(flowsUsing(flows, 'queue', ['Q-3', 'billing'])).toEqual([]);
    expect(flowsUsing(flows, 'skill', ['S-2', 'support'])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { requireAgentShape } from '../../../src/directory/agent-rules.js';
import type { AgentInput } from '../../../src/directory/model.js';
import { CLOSED_ACTION_PATTERN, EXIT_ACTION_PATTERN, queueProblems, queueReferences, splitAction } from '../../../src/directory/queue-rules.js';

const agent = (over: Partial<AgentInput> = {}): AgentInput => ({ userId: 'u1', number: '2001', displayName: 'Ann', phone: { mode: 'chosen_at_login' }, ...over });

function problemsOf(fn: () => void): string[] {
  try {
    fn();
  } catch (err) {
    return ((err as { details?: { problems?: { where: string }[] } }).details?.problems ?? []).map((p) => p.where);
  }
  return [];
}

describe('queue rules', () => {
  it('given the exit-action patterns when actions are matched then a waiting exit takes the configurable actions and queue:<id>, and only a closed calendar may hang up', () => {
    const exit = new RegExp(EXIT_ACTION_PATTERN);
    const closed = new RegExp(CLOSED_ACTION_PATTERN);
    expect(['voicemail', 'callback', 'ticket', 'queue:q1'].map((a) => exit.test(a))).toEqual([true, true, true, true]);
    expect(['hangup', 'message', 'queue:'].map((a) => exit.test(a))).toEqual([false, false, false]);
    expect(['voicemail', 'callback', 'ticket', 'hangup', 'queue:q1'].map((a) => closed.test(a))).toEqual([true, true, true, true, true]);
    expect(closed.test('message')).toBe(false);
  });

  it('given a ring_all chat queue with a max wait but no action when checked then both problems are named', () => {
    expect(queueProblems({ name: 'Chat', media: 'chat', strategy: 'ring_all', maxWaitSeconds: 60 }).map((p) => p.where)).toEqual(['/strategy', '/maxWaitAction']);
  });

  it('given a queue that exits and overflows into others when its references are listed then every target queue is named with its field', () => {
    const refs = queueReferences({
      name: 'Sales',
      media: 'voice',
      strategy: 'longest_idle',
      maxWaitSeconds: 30,
      maxWaitAction: 'queue:q2',
      overflowQueueId: 'q3',
      relaxation: [{ afterSeconds: 10, overflowQueueId: 'q4' }],
    });
    expect(refs).toEqual([
      { where: '/maxWaitAction', id: 'q2' },
      { where: '/overflowQueueId', id: 'q3' },
      { where: '/relaxation/0/overflowQueueId', id: 'q4' },
    ]);
    expect(splitAction('queue:q2')).toEqual({ action: 'queue', queueId: 'q2' });
  });
});

describe('agent rules', () => {
  it('given a blank number and name when checked then both fields are named', () => {
    expect(problemsOf(() => requireAgentShape(agent({ number: ' ', displayName: '' })))).toEqual(['/number', '/displayName']);
  });

  it('given a browser phone whose endpoint name is not one when checked then the extension is refused', () => {
    expect(problemsOf(() => requireAgentShape(agent({ phone: { mode: 'browser', extension: 'not a name!' } })))).toEqual(['/phone/extension']);
  });

  it('given a fixed phone with an extension when checked then it passes', () => {
    expect(problemsOf(() => requireAgentShape(agent({ phone: { mode: 'fixed', extension: '2001' } })))).toEqual([]);
  });
});

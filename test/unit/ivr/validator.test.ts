import { describe, expect, it } from 'vitest';
import { validateFlowSource, type ValidationEnv } from '../../../src/ivr/validator.js';

const env: ValidationEnv = {
  references: {
    queueExists: async (q) => ['sales', 'support'].includes(q),
    calendarExists: async (c) => c === 'office-hours',
    skillExists: async (s) => s === 'english',
    teamExists: async (t) => t === 'sales-team',
  },
  fileExists: async (p) => p === 'sounds/welcome.wav',
  flowExists: (n) => n === 'after-hours',
};

async function problems(source: string) {
  const r = await validateFlowSource(source, 'ivr-flows/test.yaml', 'test', env);
  return r.problems.map((p) => `${p.line}:${p.col}: ${p.reason}`);
}

const GOOD = `start: menu
nodes:
  menu:
    type: menu
    prompt: "Press 1 for sales"
    choices:
      "1": sales
    onFail: sales
  sales:
    type: queue
    queue: sales
`;

describe('flow validation', () => {
  it('given a valid flow when validated then there are no problems', async () => {
    expect(await problems(GOOD)).toEqual([]);
  });

  it('given broken YAML when validated then the syntax error has a line and column', async () => {
    const p = await problems('start: a\nnodes:\n  a: [unclosed\n');
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]).toMatch(/^\d+:\d+: YAML syntax/);
  });

  it('given a duplicate key when validated then it is named at its line', async () => {
    const p = await problems(GOOD.replace('    queue: sales\n', '    queue: sales\n    queue: support\n'));
    expect(p).toContainEqual(expect.stringMatching(/^12:5: this key appears twice/));
  });

  it('given an unknown node type when validated then the type value is pointed at', async () => {
    expect(await problems(GOOD.replace('type: queue', 'type: qeue'))).toContainEqual(
      expect.stringMatching(/^10:11: node "sales" has an unknown type "qeue"/),
    );
  });

  it('given an unknown field when validated then it is reported as a likely typo', async () => {
    expect(await problems(GOOD.replace('    onFail: sales', '    onFail: sales\n    timout: 5s'))).toContainEqual(
      '9:5: node "menu" has an unknown field "timout"',
    );
  });

  it('given a target that is not a node when validated then the reference is reported', async () => {
    expect(await problems(GOOD.replace('"1": sales', '"1": sails'))).toContainEqual(
      '7:12: node "menu" goes to "sails" (1), which is not a node of this flow',
    );
  });

  it('given a start that is not a node when validated then start is reported', async () => {
    expect(await problems(GOOD.replace('start: menu', 'start: mneu'))).toContainEqual(
      expect.stringMatching(/^1:8: start goes to "mneu"/),
    );
  });

  it('given a node nobody goes to when validated then it is unreachable', async () => {
    const p = await problems(`${GOOD}  orphan:\n    type: hangup\n`);
    expect(p).toContainEqual('12:3: node "orphan" can never be reached from start "menu"');
  });

  it('given a loop with no exit when validated then each node of the loop is reported', async () => {
    const src = `start: a
nodes:
  a:
    type: set
    set: { x: "1" }
    next: b
  b:
    type: condition
    rules:
      - if: { var: x, equals: "1" }
        next: a
    otherwise: a
`;
    const p = await problems(src);
    expect(p).toContainEqual(expect.stringMatching(/^3:3: node "a" is in a loop with no way out/));
    expect(p).toContainEqual(expect.stringMatching(/^7:3: node "b" is in a loop with no way out/));
  });

  it('given a menu that loops back to itself but can fail over to a queue then that loop is fine', async () => {
    expect(await problems(GOOD.replace('"1": sales', '"1": sales\n      "0": menu'))).toEqual([]);
  });

  it('given a missing sound file when validated then the file prompt is reported', async () => {
    const p = await problems(GOOD.replace('prompt: "Press 1 for sales"', 'prompt: [{ file: sounds/missing.wav }, { file: sounds/welcome.wav }]'));
    expect(p).toEqual([expect.stringMatching(/^5:22: sound file "sounds\/missing.wav" does not exist/)]);
  });

  it('given unknown queue, calendar and sub-flow when validated then each is reported where written', async () => {
    const src = `start: h
nodes:
  h:
    type: hours
    calendar: weekend-hours
    open: q
    closed: s
  q:
    type: queue
    queue: marketing
  s:
    type: subflow
    flow: nowhere
`;
    expect(await problems(src)).toEqual([
      '5:15: calendar "weekend-hours" is not configured',
      '10:12: queue "marketing" is not configured',
      '13:11: sub-flow "nowhere" has no file nowhere.yaml',
    ]);
  });

  it('given a queue node naming skills when one is not configured then that skill is reported where written, in either list notation', async () => {
    expect(await problems(GOOD.replace('queue: sales', 'queue: sales\n    skills: [english, klingon]'))).toEqual(['12:23: skill "klingon" is not configured']);
    expect(await problems(GOOD.replace('queue: sales', 'queue: sales\n    skills:\n      - klingon\n      - english'))).toEqual(['13:9: skill "klingon" is not configured']);
    expect(await problems(GOOD.replace('queue: sales', 'queue: sales\n    skills: klingon'))).toEqual(['12:13: skill "klingon" is not configured']);
  });

  it('given a voicemail node naming the team for its tickets when that team is not configured then it is reported at the name', async () => {
    const flow = (team: string) => `start: vm\nnodes:\n  vm:\n    type: voicemail\n    mailbox: sales\n    team: ${team}\n`;
    expect(await problems(flow('sales-team'))).toEqual([]);
    expect(await problems(flow('marketing'))).toEqual(['6:11: team "marketing" is not configured']);
  });

  it('given bad digit specs when validated then each is explained', async () => {
    const src = `start: m
nodes:
  m:
    type: menu
    prompt: hi
    choices:
      "12": q
      "x": q
    onFail: c
  c:
    type: collect
    variable: account
    minDigits: 6
    maxDigits: 4
    terminator: "A"
    pattern: "[0-9"
    next: q
    onFail: q
  q:
    type: queue
    queue: sales
`;
    const p = await problems(src);
    expect(p).toContainEqual('7:7: "12" in node "m" is not a phone key (one of 0-9, * or #)');
    expect(p).toContainEqual('8:7: "x" in node "m" is not a phone key (one of 0-9, * or #)');
    expect(p).toContainEqual('13:16: minDigits (6) is more than maxDigits (4) in node "c"');
    expect(p).toContainEqual('15:17: terminator "A" in node "c" must be phone keys (0-9, * or #)');
    expect(p).toContainEqual('16:14: pattern "[0-9" in node "c" is not a valid regular expression');
  });

  it('given patterns with nested repetition when validated then each is refused where it is written, and plain patterns pass', async () => {
    const src = `start: c
nodes:
  c:
    type: condition
    rules:
      - if: { var: caller, matches: "^(\\\\d+)*$" }
        next: k
      - if: { var: caller, matches: "^86[0-9]{9,11}$" }
        next: k
    otherwise: k
  k:
    type: collect
    variable: account
    pattern: "^([0-9]+)+$"
    next: q
    onFail: q
  q:
    type: queue
    queue: sales
`;
    const p = await problems(src);
    expect(p).toContainEqual(expect.stringMatching(/^6:37: "\^\(\\d\+\)\*\$" repeats a repetition/));
    expect(p).toContainEqual(expect.stringMatching(/^14:14: pattern "\^\(\[0-9\]\+\)\+\$" in node "k" repeats a repetition/));
    expect(p).toHaveLength(2);
  });

  it('given wrong field types and a bad duration when validated then each is reported', async () => {
    const src = `start: m
nodes:
  m:
    type: menu
    prompt: hi
    choices: { "1": q }
    timeout: soon
    retries: many
    onFail: q
  q:
    type: queue
    queue: sales
    priority: 500
`;
    expect(await problems(src)).toEqual([
      '7:14: "timeout" of node "m" must be a duration such as 5s, 500ms or 2m',
      '8:14: "retries" of node "m" must be a whole number',
      '13:15: "priority" of node "q" must be between 0 and 100',
    ]);
  });

  it('given a menu, collect or callback waiting longer for a key than the media server allows when validated then the flow is refused at load, not when a caller reaches the node', async () => {
    const src = `start: m
nodes:
  m:
    type: menu
    prompt: hi
    choices: { "1": c }
    timeout: 3600s
    onFail: c
  c:
    type: collect
    prompt: your number
    variable: number
    timeout: 11m
    next: q
    onFail: q
  q:
    type: queue
    queue: sales
`;
    expect(await problems(src)).toEqual(['7:14: "timeout" of node "m" must be at most 600s', '13:14: "timeout" of node "c" must be at most 600s']);
    expect(await problems(src.replace('3600s', '600s').replace('11m', '10m'))).toEqual([]);
  });

  it('given a node without its required fields when validated then each missing field is named', async () => {
    const p = await problems('start: q\nnodes:\n  q:\n    type: queue\n');
    expect(p).toEqual(['4:5: node "q" needs "queue"']);
  });

  it('given a file that is not a mapping when validated then it says what a flow is', async () => {
    expect(await problems('- just\n- a list\n')).toEqual(['1:1: the flow must be a mapping of fields']);
  });

  it('given a bad speech menu when validated then phrases and keys are checked', async () => {
    const src = `start: s
nodes:
  s:
    type: speech_menu
    prompt: say something
    choices:
      - { phrase: "order status!", digit: "1", next: q }
      - { phrase: billing, digit: "1", next: q }
    onFail: q
  q:
    type: queue
    queue: sales
`;
    const p = await problems(src);
    expect(p).toContainEqual('7:19: phrase "order status!" may only hold words of letters a-z');
    expect(p).toContainEqual('8:35: key "1" is used twice in node "s"');
  });

  it('given a condition with a bad test when validated then the test is explained', async () => {
    const src = `start: c
nodes:
  c:
    type: condition
    rules:
      - if: { var: level, equals: gold, in: [a] }
        next: q
      - if: { time: { days: [mon, funday], from: "25:00" } }
        next: q
    otherwise: q
  q:
    type: queue
    queue: sales
`;
    const p = await problems(src);
    expect(p).toContainEqual(expect.stringMatching(/^6:13: the "if" of a rule of node "c" needs exactly one of/));
    expect(p).toContainEqual('8:29: "funday" is not a weekday (mon, tue, ... sun)');
    expect(p).toContainEqual('8:50: "25:00" is not a time of day like 08:30');
  });
});

import { describe, expect, it } from 'vitest';
import { holds } from '../../../../src/ivr/nodes/condition.js';
import { harness } from '../fakes.js';

// FakeClock starts Monday 2026-11-23 09:00 UTC (10:00 in Berlin).
const MONDAY_0900_UTC = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('IVR nodes', () => {
  it('given time tests when evaluated then days and hours are read in the flow time zone', () => {
    expect(holds({ time: { days: ['mon'], fromMin: 10 * 60, toMin: 12 * 60 } }, {}, MONDAY_0900_UTC, 'Europe/Berlin')).toBe(true);
    expect(holds({ time: { days: ['mon'], fromMin: 10 * 60, toMin: 12 * 60 } }, {}, MONDAY_0900_UTC, 'UTC')).toBe(false);
    expect(holds({ time: { days: ['sat', 'sun'] } }, {}, MONDAY_0900_UTC, 'Europe/Berlin')).toBe(false);
    expect(holds({ time: { days: ['sun'] } }, {}, MONDAY_0900_UTC, 'America/Los_Angeles')).toBe(false);
    expect(holds({ time: { days: ['mon'], toMin: 2 * 60 } }, {}, MONDAY_0900_UTC, 'America/Los_Angeles')).toBe(true);
  });

  it('given variable tests when evaluated then each operator behaves as named', () => {
    const vars = { caller_number: '+4930123', customer_level: 'gold', score: '42' };
    expect(holds({ var: 'caller_number', op: 'startsWith', value: '+49' }, vars, 0, 'UTC')).toBe(true);
    expect(holds({ var: 'customer_level', op: 'in', value: ['gold', 'platinum'] }, vars, 0, 'UTC')).toBe(true);
    expect(holds({ var: 'customer_level', op: 'notEquals', value: 'gold' }, vars, 0, 'UTC')).toBe(false);
    expect(holds({ var: 'score', op: 'gt', value: 40 }, vars, 0, 'UTC')).toBe(true);
    expect(holds({ var: 'score', op: 'lt', value: 40 }, vars, 0, 'UTC')).toBe(false);
    expect(holds({ var: 'region', op: 'exists', value: true }, vars, 0, 'UTC')).toBe(false);
    expect(holds({ var: 'caller_number', op: 'matches', value: '^\\+4930' }, vars, 0, 'UTC')).toBe(true);
    expect(holds({ var: 'region', op: 'gt', value: 0 }, vars, 0, 'UTC')).toBe(false);
  });

  it('given a failing CRM when looked up then the call goes to onError without variables', async () => {
    const h = await harness({
      main: `start: crm
nodes:
  crm:
    type: http
    url: "https://crm.test/lookup?n=\${caller_number}"
    assign: { level: customer.level }
    next: known
    onError: unknown
  known:
    type: queue
    queue: vip
  unknown:
    type: queue
    queue: sales
`,
    });
    h.http.fail = true;
    const r = await (await h.call('+4930555', '100')).result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'sales' });
    expect(r.variables['level']).toBeUndefined();
    expect(r.trace.steps[0]?.result).toBe('error');
  });

  it('given set, condition and a sub-flow that returns when run then variables, tags and the return path hold', async () => {
    const h = await harness({
      main: `timezone: Europe/Berlin
start: tag
nodes:
  tag:
    type: set
    set: { region: north, origin: "caller \${caller_number}" }
    tags: [campaign-x]
    next: sub
  sub:
    type: subflow
    flow: helper
    next: route
  route:
    type: condition
    rules:
      - if: { time: { days: [mon], from: "09:00", to: "17:00" } }
        next: day
    otherwise: night
  day:
    type: queue
    queue: sales
  night:
    type: hangup
`,
      helper: `start: mark
nodes:
  mark:
    type: set
    set: { helped: "yes" }
    next: back
  back:
    type: return
`,
    });
    const r = await (await h.call('+4930555', '100')).result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'sales', tags: ['campaign-x'] });
    expect(r.variables).toMatchObject({ region: 'north', origin: 'caller +4930555', helped: 'yes' });
    expect(r.trace.steps.map((s) => `${s.flow}/${s.node}`)).toEqual(['main/tag', 'main/sub', 'helper/mark', 'helper/back', 'main/route', 'main/day']);
  });

  it('given an account number prompt when the digits fail the pattern twice then the call goes to onFail', async () => {
    const h = await harness({
      main: `start: acct
nodes:
  acct:
    type: collect
    prompt: { sound: enter-account }
    variable: account
    minDigits: 4
    maxDigits: 6
    pattern: "^9"
    timeout: 3s
    retries: 1
    next: ok
    onFail: agent
  ok:
    type: queue
    queue: billing
  agent:
    type: queue
    queue: support
`,
    });
    const call = await h.call('+4930555', '100');
    await h.sim.control.pressDigits(call.channelId, '1234#');
    await h.clock.advanceAsync(0);
    await h.sim.control.pressDigits(call.channelId, '12');
    await h.clock.advanceAsync(3000);
    const r = await call.result;
    expect(r).toMatchObject({ kind: 'queue', queue: 'support' });
    expect(r.variables['account']).toBeUndefined();
    expect(r.trace.steps[0]).toMatchObject({ digits: '123412', result: 'fail' });
  });
});

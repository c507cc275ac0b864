import { isSeq, isScalar, type Node as YamlNode } from 'yaml';
import { WEEKDAYS } from '../../calendars/calendar.js';
import type { ConditionNode, Rule, Test, TestOp, Weekday } from '../flow.js';
import { MapView } from '../yaml-reader.js';
import type { NodeDef } from './node-def.js';
import { isVarName, patternProblem, target } from './parse-helpers.js';

const OPS: readonly TestOp[] = ['equals', 'notEquals', 'in', 'matches', 'startsWith', 'gt', 'lt', 'exists'];
const DAYS: readonly Weekday[] = WEEKDAYS;

/**
 * The first rule whose test holds decides; `otherwise` catches the rest.
 *   rules:
 *     - if: { var: customer_level, equals: gold }      # caller_number, dialed_number, region, ...
 *       next: vip
 *     - if: { time: { days: [sat, sun], from: "09:00", to: "13:00" } }
 *       next: weekend
 *   otherwise: main
 */
export const conditionNode: NodeDef<ConditionNode> = {
  kind: 'condition',
  fields: ['rules', 'otherwise'],
  parse(v, base) {
    const n = v.node('rules');
    const rules: Rule[] = [];
    if (!isSeq(n)) v.r.report(n ? v.valuePos('rules') : v.pos, 'IVR_CONDITION_NEEDS_RULES', { where: v.at });
    else
      for (const item of n.items as YamlNode[]) {
        const m = MapView.of(v.r, item, `${v.at}/rule`, v.r.posOf(item));
        if (!m) continue;
        const test = parseTest(m);
        const next = target(m, 'next', true);
        m.rejectUnknown();
        if (test) rules.push({ test, next });
      }
    return { kind: 'condition', ...base, rules, otherwise: target(v, 'otherwise', true) };
  },
  async run(node, ctx) {
    for (const [i, rule] of node.rules.entries()) {
      if (holds(rule.test, ctx.vars, ctx.clock.now(), ctx.flow.timezone)) return { next: rule.next.id, result: `rule ${i + 1}` };
    }
    return { next: node.otherwise.id, result: 'otherwise' };
  },
};

function parseTest(rule: MapView): Test | undefined {
  const m = MapView.of(rule.r, rule.node('if'), `${rule.at}/if`, rule.has('if') ? rule.valuePos('if') : rule.pos);
  if (!m) return undefined;
  if (m.has('time')) {
    const t = MapView.of(m.r, m.node('time'), `${rule.at}/time`, m.valuePos('time'));
    m.rejectUnknown();
    if (!t) return undefined;
    const days = t.stringList('days').map(weekdayOf);
    for (const d of days) if (!DAYS.includes(d as Weekday)) t.r.report(t.valuePos('days'), 'IVR_NOT_A_WEEKDAY', { day: d });
    const from = clockTime(t, 'from');
    const to = clockTime(t, 'to');
    t.rejectUnknown();
    return {
      time: {
        ...(days.length ? { days: days as Weekday[] } : {}),
        ...(from !== undefined ? { fromMin: from } : {}),
        ...(to !== undefined ? { toMin: to } : {}),
      },
    };
  }
  const name = m.string('var', true);
  if (name !== undefined && !isVarName(name)) m.r.report(m.valuePos('var'), 'IVR_NOT_A_VARIABLE_NAME', { name });
  const ops = OPS.filter((op) => m.has(op));
  if (ops.length !== 1) {
    m.r.report(m.pos, 'IVR_TEST_NEEDS_ONE_OP', { where: rule.at, ops: OPS.join(', ') });
    return undefined;
  }
  const op = ops[0] as TestOp;
  const raw = m.node(op);
  m.rejectUnknown();
  let value: string | number | string[] | boolean;
  if (op === 'in') value = m.stringList('in');
  else if (isScalar(raw) && (typeof raw.value === 'string' || typeof raw.value === 'number' || typeof raw.value === 'boolean')) value = raw.value;
  else {
    m.r.report(m.valuePos(op), 'IVR_TEST_NEEDS_SINGLE_VALUE', { op });
    return undefined;
  }
  if ((op === 'gt' || op === 'lt') && typeof value !== 'number') m.r.report(m.valuePos(op), 'IVR_TEST_NEEDS_NUMBER', { op });
  const problem = op === 'matches' ? patternProblem(String(value)) : undefined;
  if (problem === 'invalid') m.r.report(m.valuePos(op), 'IVR_BAD_REGEX', { value: String(value) });
  if (problem === 'unsafe') m.r.report(m.valuePos(op), 'IVR_UNSAFE_REGEX', { value: String(value) });
  return name === undefined ? undefined : { var: name, op, value };
}

const FULL_DAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
function weekdayOf(d: string): string {
  const l = d.toLowerCase();
  return FULL_DAYS.includes(l) ? l.slice(0, 3) : l;
}

function clockTime(t: MapView, key: string): number | undefined {
  const s = t.string(key);
  if (s === undefined) return undefined;
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s);
  if (!m) {
    t.r.report(t.valuePos(key), 'IVR_NOT_A_TIME_OF_DAY', { value: s });
    return undefined;
  }
  return Number(m[1]) * 60 + Number(m[2]);
}

export function holds(test: Test, vars: Record<string, string>, now: number, timezone: string): boolean {
  if ('time' in test) {
    const { day, minutes } = localTime(now, timezone);
    if (test.time.days && !test.time.days.includes(day)) return false;
    if (test.time.fromMin !== undefined && minutes < test.time.fromMin) return false;
    if (test.time.toMin !== undefined && minutes >= test.time.toMin) return false;
    return true;
  }
  const actual = vars[test.var];
  switch (test.op) {
    case 'exists':
      return (actual !== undefined && actual !== '') === Boolean(test.value);
    case 'equals':
      return actual === String(test.value);
    case 'notEquals':
      return actual !== String(test.value);
    case 'in':
      return Array.isArray(test.value) && actual !== undefined && test.value.includes(actual);
    case 'matches':
      return actual !== undefined && new RegExp(String(test.value)).test(actual);
    case 'startsWith':
      return actual !== undefined && actual.startsWith(String(test.value));
    case 'gt':
      return actual !== undefined && actual !== '' && Number(actual) > Number(test.value);
    case 'lt':
      return actual !== undefined && actual !== '' && Number(actual) < Number(test.value);
  }
}

function localTime(now: number, timezone: string): { day: Weekday; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: get('weekday').toLowerCase().slice(0, 3) as Weekday, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

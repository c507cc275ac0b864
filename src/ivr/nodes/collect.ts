import type { CollectNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { MAX_DIGIT_WAIT_MS, isDtmfDigit, isVarName, patternProblem, prompts, target } from './parse-helpers.js';

/** Collects digits into a variable, checked by length and an optional regular expression. */
export const collectNode: NodeDef<CollectNode> = {
  kind: 'collect',
  fields: ['prompt', 'variable', 'minDigits', 'maxDigits', 'terminator', 'timeout', 'pattern', 'retries', 'invalid', 'next', 'onFail'],
  parse(v, base) {
    const variable = v.string('variable', true) ?? '';
    if (variable && !isVarName(variable)) v.r.report(v.valuePos('variable'), 'IVR_NOT_A_VARIABLE_NAME_CHARS', { name: variable });
    const minDigits = v.number('minDigits', 1, { min: 1, max: 64, integer: true });
    const maxDigits = v.number('maxDigits', 16, { min: 1, max: 64, integer: true });
    if (minDigits > maxDigits) v.r.report(v.valuePos('minDigits'), 'IVR_MIN_OVER_MAX_DIGITS', { where: v.at, min: minDigits, max: maxDigits });
    const terminator = v.string('terminator') ?? '#';
    if (terminator !== '' && ![...terminator].every(isDtmfDigit)) {
      v.r.report(v.valuePos('terminator'), 'IVR_BAD_TERMINATOR', { where: v.at, terminator });
    }
    const pattern = v.string('pattern');
    const problem = pattern === undefined ? undefined : patternProblem(pattern);
    if (problem === 'invalid') v.r.report(v.valuePos('pattern'), 'IVR_BAD_PATTERN', { where: v.at, pattern: pattern ?? '' });
    if (problem === 'unsafe') v.r.report(v.valuePos('pattern'), 'IVR_UNSAFE_PATTERN', { where: v.at, pattern: pattern ?? '' });
    return {
      kind: 'collect',
      ...base,
      prompts: prompts(v, 'prompt'),
      variable,
      minDigits,
      maxDigits,
      terminator,
      timeoutMs: v.duration('timeout', 5000, MAX_DIGIT_WAIT_MS),
      ...(pattern !== undefined ? { pattern } : {}),
      retries: v.number('retries', 2, { min: 0, max: 10, integer: true }),
      invalid: prompts(v, 'invalid'),
      next: target(v, 'next', true),
      onFail: target(v, 'onFail', true),
    };
  },
  async run(node, ctx) {
    const prompt = await ctx.resolve(node.prompts);
    const re = node.pattern !== undefined ? new RegExp(node.pattern) : undefined;
    for (let attempt = 0; attempt <= node.retries; attempt++) {
      const res = await ctx.collect({
        maxDigits: node.maxDigits,
        firstDigitTimeoutMs: node.timeoutMs,
        interDigitTimeoutMs: node.timeoutMs,
        terminators: node.terminator,
        prompt,
      });
      if (res.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
      ctx.pressed(res.digits);
      const ok = res.digits.length >= node.minDigits && res.digits.length <= node.maxDigits && (!re || re.test(res.digits));
      if (ok) {
        ctx.vars[node.variable] = res.digits;
        return { next: node.next.id, result: 'valid' };
      }
      if (node.invalid.length > 0 && attempt < node.retries) await ctx.play(node.invalid);
    }
    if (ctx.gone()) return { outcome: { kind: 'abandoned', node: node.id } };
    return { next: node.onFail.id, result: 'fail' };
  },
};

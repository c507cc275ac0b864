import type { CollectNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { MAX_DIGIT_WAIT_MS, isDtmfDigit, isVarName, patternProblem, prompts, target } from './parse-helpers.js';

/** Collects digits into a variable, checked by length and an optional regular expression. */
export const collectNode: NodeDef<CollectNode> = {
  kind: 'collect',
  fields: ['prompt', 'variable', 'minDigits', 'maxDigits', 'terminator', 'timeout', 'pattern', 'retries', 'invalid', 'next', 'onFail'],
  parse(v, base) {
    const variable = v.string('variable', true) ?? '';
    if (variable && !isVarName(variable)) v.r.report(v.valuePos('variable'), `"${variable}" is not a variable name (letters, digits, _)`);
    const minDigits = v.number('minDigits', 1, { min: 1, max: 64, integer: true });
    const maxDigits = v.number('maxDigits', 16, { min: 1, max: 64, integer: true });
    if (minDigits > maxDigits) v.r.report(v.valuePos('minDigits'), `minDigits (${minDigits}) is more than maxDigits (${maxDigits}) in ${v.where}`);
    const terminator = v.string('terminator') ?? '#';
    if (terminator !== '' && ![...terminator].every(isDtmfDigit)) {
      v.r.report(v.valuePos('terminator'), `terminator "${terminator}" in ${v.where} must be phone keys (0-9, * or #)`);
    }
    const pattern = v.string('pattern');
    const problem = pattern === undefined ? undefined : patternProblem(pattern);
    if (problem === 'invalid') v.r.report(v.valuePos('pattern'), `pattern "${pattern}" in ${v.where} is not a valid regular expression`);
    if (problem === 'unsafe') v.r.report(v.valuePos('pattern'), `pattern "${pattern}" in ${v.where} repeats a repetition (like (\\d+)*), which a caller's keys can make run for minutes; write it without the nesting`);
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

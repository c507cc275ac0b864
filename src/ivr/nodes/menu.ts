import type { MenuNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { MAX_DIGIT_WAIT_MS, digitMap, prompts, target } from './parse-helpers.js';

/**
 * A DTMF menu. The prompt plays, any key interrupts it; a wrong key plays `invalid`, silence plays
 * `noInput`, and after `retries` further attempts the call goes to `onFail`. Nesting is a choice
 * that targets another menu node.
 */
export const menuNode: NodeDef<MenuNode> = {
  kind: 'menu',
  fields: ['prompt', 'choices', 'timeout', 'retries', 'invalid', 'noInput', 'onFail'],
  parse(v, base) {
    const p = prompts(v, 'prompt');
    if (p.length === 0) v.r.report(v.pos, 'IVR_NEEDS_PROMPT', { where: v.at });
    return {
      kind: 'menu',
      ...base,
      prompts: p,
      choices: digitMap(v, 'choices'),
      timeoutMs: v.duration('timeout', 5000, MAX_DIGIT_WAIT_MS),
      retries: v.number('retries', 2, { min: 0, max: 10, integer: true }),
      invalid: prompts(v, 'invalid'),
      noInput: prompts(v, 'noInput'),
      onFail: target(v, 'onFail', true),
    };
  },
  async run(node, ctx) {
    const prompt = await ctx.resolve(node.prompts);
    for (let attempt = 0; attempt <= node.retries; attempt++) {
      const res = await ctx.collect({ maxDigits: 1, firstDigitTimeoutMs: node.timeoutMs, prompt });
      if (res.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
      if (res.digits === '') {
        if (node.noInput.length > 0 && attempt < node.retries) await ctx.play(node.noInput);
        continue;
      }
      ctx.pressed(res.digits);
      const choice = node.choices.find((c) => c.digit === res.digits);
      if (choice) return { next: choice.next.id, result: res.digits };
      if (node.invalid.length > 0 && attempt < node.retries) await ctx.play(node.invalid);
    }
    if (ctx.gone()) return { outcome: { kind: 'abandoned', node: node.id } };
    return { next: node.onFail.id, result: 'fail' };
  },
};

import type { CallbackNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { MAX_DIGIT_WAIT_MS, isDtmfDigit, isVarName, prompts, target } from './parse-helpers.js';
import { isAppError } from '../../core/errors.js';

/**
 * Offers a callback instead of waiting: the caller presses `accept` to be called back (at the
 * number in `numberVariable`, or the number they call from); anything else goes to `declined`.
 */
export const callbackNode: NodeDef<CallbackNode> = {
  kind: 'callback',
  fields: ['prompt', 'queue', 'accept', 'timeout', 'numberVariable', 'confirm', 'declined'],
  parse(v, base) {
    const p = prompts(v, 'prompt');
    if (p.length === 0) v.r.report(v.pos, 'IVR_CALLBACK_NEEDS_PROMPT', { where: v.at });
    const acceptDigit = v.string('accept') ?? '1';
    if (!isDtmfDigit(acceptDigit)) v.r.report(v.valuePos('accept'), 'IVR_NOT_A_PHONE_KEY', { key: acceptDigit });
    const numberVariable = v.string('numberVariable');
    if (numberVariable !== undefined && !isVarName(numberVariable)) v.r.report(v.valuePos('numberVariable'), 'IVR_NOT_A_VARIABLE_NAME', { name: numberVariable });
    return {
      kind: 'callback',
      ...base,
      prompts: p,
      queue: v.string('queue', true) ?? '',
      queuePos: v.valuePos('queue'),
      acceptDigit,
      timeoutMs: v.duration('timeout', 5000, MAX_DIGIT_WAIT_MS),
      ...(numberVariable !== undefined ? { numberVariable } : {}),
      confirm: prompts(v, 'confirm'),
      declined: target(v, 'declined', true),
    };
  },
  async run(node, ctx) {
    const res = await ctx.collect({ maxDigits: 1, firstDigitTimeoutMs: node.timeoutMs, prompt: await ctx.resolve(node.prompts) });
    if (res.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
    ctx.pressed(res.digits);
    if (res.digits !== node.acceptDigit) return { next: node.declined.id, result: res.digits ? `declined ${res.digits}` : 'timeout' };
    const number = (node.numberVariable !== undefined ? ctx.vars[node.numberVariable] : undefined) || ctx.channel.callerNumber;
    if (node.confirm.length > 0) await ctx.play(node.confirm);
    if (!ctx.gone()) {
      await ctx.media.hangup(ctx.channel.id, 'normal').catch((err: unknown) => {
        if (!isAppError(err, 'CHANNEL_GONE')) throw err;
      });
    }
    return { outcome: { kind: 'callback', queue: node.queue, number }, result: `callback ${number}` };
  },
};

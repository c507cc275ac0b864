import { isAppError } from '../../core/errors.js';
import { tolerateGone } from '../../core/tolerate-gone.js';
import type { VoicemailNode } from '../flow.js';
import type { NodeDef } from './node-def.js';
import { prompts } from './parse-helpers.js';

/**
 * Leaves a message: prompt, beep, record until silence, `#` or the length limit, then a message
 * record for the ticket system (src/tickets/voicemail-tickets.ts makes it a ticket of the node's
 * `team`, if it names one) and hang-up. A caller who hangs up while speaking still leaves the
 * message: that is how most people end a voicemail.
 */
export const voicemailNode: NodeDef<VoicemailNode> = {
  kind: 'voicemail',
  fields: ['prompt', 'mailbox', 'team', 'maxDuration', 'silence', 'beep'],
  parse(v, base) {
    const team = v.string('team', false);
    return {
      kind: 'voicemail',
      ...base,
      prompts: prompts(v, 'prompt'),
      mailbox: v.string('mailbox', true) ?? '',
      ...(team ? { team, teamPos: v.valuePos('team') } : {}),
      maxDurationMs: v.duration('maxDuration', 120_000),
      maxSilenceMs: v.duration('silence', 5000),
      beep: v.boolean('beep', true),
    };
  },
  async run(node, ctx) {
    if (node.prompts.length > 0) {
      const out = await ctx.play(node.prompts);
      if (out.reason === 'gone') return { outcome: { kind: 'abandoned', node: node.id } };
    }
    const name = `voicemail-${ctx.callId}`;
    let finished: { durationMs?: number };
    try {
      const recordingId = await ctx.media.startRecording({
        target: { channelId: ctx.channel.id },
        name,
        format: 'wav',
        beep: node.beep,
        maxSilenceMs: node.maxSilenceMs,
        maxDurationMs: node.maxDurationMs,
        terminateOn: '#',
      });
      finished = await ctx.recordingFinished(recordingId);
    } catch (err) {
      if (isAppError(err, 'CHANNEL_GONE')) return { outcome: { kind: 'abandoned', node: node.id } };
      throw err;
    }
    const messageId = await ctx.services.messages.createMessage({
      callId: ctx.callId,
      flow: ctx.flow.name,
      mailbox: node.mailbox,
      callerNumber: ctx.channel.callerNumber,
      recordingName: name,
      team: node.team ?? null,
      durationMs: finished.durationMs ?? null,
      at: ctx.clock.now(),
      variables: { ...ctx.vars },
    });
    if (!ctx.gone()) await tolerateGone(ctx.log, { what: 'hang up after the voicemail', callId: ctx.callId, channelId: ctx.channel.id }, () => ctx.media.hangup(ctx.channel.id, 'normal'));
    return { outcome: { kind: 'message', messageId }, result: `message ${messageId}` };
  },
};

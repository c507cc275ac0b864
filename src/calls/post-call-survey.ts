/**
 * The post-call survey. The IVR decides per call whether there is one: a flow sets the variable
 * `post_call_survey` to the survey flow's name before queueing. When the agent then leaves first
 * while the caller is still on the line, the call ends as it always did (agent_answered, hung up by
 * the agent, wrap-up begins), but instead of being hung up the caller leaves the bridge, hears the
 * survey on their channel (not answered again) and is hung up after it. The call's timeline notes
 * the survey and what it gathered; the flow itself stores the answers against the call (`save`).
 */
import type { CallKernel } from './call-kernel.js';
import type { LiveCall } from './live-call.js';
import type { MediaActions } from './media-actions.js';
import type { SurveyOutcome } from './ports.js';

/** The call variable naming the survey flow. */
export const POST_CALL_SURVEY_VARIABLE = 'post_call_survey';

/** The survey flow the IVR asked for, if any. */
export function surveyFlowOf(variables: Record<string, string>): string | undefined {
  const flow = variables[POST_CALL_SURVEY_VARIABLE]?.trim();
  return flow ? flow : undefined;
}

export class PostCallSurvey {
  constructor(
    private readonly k: CallKernel,
    private readonly media: MediaActions,
  ) {}

  /** In place of hanging up the customer's leg `legId` when the agent left. */
  start(call: LiveCall, legId: string, flow: string): void {
    const ivr = this.k.deps.ivr;
    if (!ivr.postCallSurvey || call.customerChannel?.id !== legId) {
      void this.k.media(call, () => this.media.hangup(call, legId)); // the media queue never rejects
      return;
    }
    // Leaving the bridge waits behind the call's earlier media steps. The survey itself runs off the
    // media queue: it waits for the caller's keys, and must hold back neither the teardown that
    // follows nor settle().
    const left = this.k.media(call, () => this.media.leaveBridges(call));
    this.k.spawn('post-call survey', call, () => left.then(() => this.run(call, legId, flow)));
  }

  private async run(call: LiveCall, legId: string, flow: string): Promise<void> {
    const { ivr, log } = this.k.deps;
    const channel = call.customerChannel;
    if (!ivr.postCallSurvey || !channel || this.gone(call, legId)) return;
    const callId = call.record.id;
    this.k.mark(call, 'survey_started', { flow, leg: legId });
    const { bridgeId: _inBridge, ...rest } = channel;
    let outcome: SurveyOutcome;
    try {
      outcome = await ivr.postCallSurvey({
        callId,
        channelId: legId,
        channel: { ...rest, state: 'up' },
        flow,
        variables: { ...call.record.variables },
      });
    } catch (err) {
      log.warn({ callId, flow, err }, 'the post-call survey failed');
      outcome = { kind: 'failed', path: [], answers: {} };
    }
    if (outcome.kind === 'failed') log.warn({ callId, flow }, 'the post-call survey could not run');
    this.k.mark(call, 'survey_finished', { ...outcome.answers, flow, result: outcome.kind, path: outcome.path.join(',') });
    // A caller who hung up during the survey, or whom the flow sent elsewhere, is not ours to hang up.
    if (outcome.kind === 'caller_gone' || outcome.kind === 'transferred' || this.gone(call, legId)) return;
    await this.media.hangup(call, legId);
  }

  private gone(call: LiveCall, legId: string): boolean {
    return call.legs.get(legId)?.endedAt !== undefined;
  }
}

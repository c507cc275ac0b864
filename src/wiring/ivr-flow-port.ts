/**
 * Wiring, not domain: the IVR (ivr/IvrService) seen through call handling's IvrPort. The flow's
 * exits become call outcomes; the trace's nodes become the IVR path shown in the screen-pop; the
 * queue and skill names a flow uses become the ids the routing engine keys them by.
 */
import type { Clock } from '../core/clock.js';
import type { EventBus } from '../core/events.js';
import type { Logger } from '../core/log.js';
import { resolveFlowTarget } from '../ivr/flow-targets.js';
import type { IvrService } from '../ivr/ivr-service.js';
import type { FlowTargetLookup } from '../ivr/ports.js';
import type { IvrOutcome, IvrPort, IvrRequest, SurveyOutcome, SurveyRequest } from '../calls/ports.js';

export interface IvrFlowPortOptions {
  /** Seconds between position announcements for queues the flow sends callers to. */
  announceEverySec: number;
  /** Minimum level required for a skill the flow names without one. */
  defaultSkillLevel?: number;
  /** Names -> ids. Without it names pass through unchanged (worlds whose routing keys by name). */
  targets?: FlowTargetLookup;
  log?: Logger;
  /**
   * Where a caller goes whose flow cannot run: the error announcement (default), or a queue by
   * name. A queue that cannot be used either falls back to the announcement.
   */
  safeDestination?: { kind: 'announcement' } | { kind: 'queue'; queue: string };
  /** Where `alert.raised` goes when a flow cannot run; without it the failure is only logged. */
  alerts?: { events: EventBus; clock: Clock };
}

type FlowResult = Awaited<ReturnType<IvrService['handleInbound']>>;

export class IvrFlowPort implements IvrPort {
  constructor(
    private readonly ivr: Pick<IvrService, 'handleInbound'>,
    private readonly options: IvrFlowPortOptions,
  ) {}

  async run(request: IvrRequest): Promise<IvrOutcome> {
    let result: FlowResult;
    try {
      result = await this.ivr.handleInbound({ callId: request.callId, channel: request.channel, variables: request.variables });
    } catch (err) {
      return request.working(this.failed(request.callId, undefined, String(err), [], { ...request.variables }));
    }
    // The caller is done with the flow; what is left (store lookups) finishes on its own.
    return request.working(this.concluded(request, result));
  }

  private async concluded(request: IvrRequest, flowResult: FlowResult): Promise<IvrOutcome> {
    let result: FlowResult;
    try {
      result = await this.resolved(request.callId, flowResult);
    } catch (err) {
      return this.failed(request.callId, undefined, String(err), [], { ...request.variables });
    }
    const path = result.trace.steps.map((s) => s.node);
    const variables = { ...result.variables };
    switch (result.kind) {
      case 'queue':
        return {
          kind: 'queue',
          target: {
            queueId: result.queue,
            priority: result.priority,
            skills: result.skills.map((skill) => ({ skill, minLevel: this.options.defaultSkillLevel ?? 1 })),
            attributes: { ...variables, ...(result.tags.length ? { tags: result.tags.join(',') } : {}) },
            announceEverySec: this.options.announceEverySec,
            ...(result.announcements.length ? { announcements: result.announcements } : {}),
          },
          variables,
          path,
          ...(variables.customer ? { customer: variables.customer } : {}),
        };
      case 'callback':
        return { kind: 'callback', queueId: result.queue, number: result.number, path, variables };
      case 'transfer':
        return { kind: 'transfer', target: { kind: 'number', number: result.number, ...(result.trunk ? { trunk: result.trunk } : {}) }, handled: true, path, variables };
      case 'abandoned':
        return { kind: 'caller_gone', path, variables };
      case 'message':
      case 'hangup':
        return { kind: 'hangup', path, variables };
      case 'error':
        return this.failed(request.callId, result.flow, result.reason, path, variables);
    }
  }

  /**
   * The flow cannot take this caller (no running version, a queue or skill gone, a node failed):
   * never a silent hang-up. The caller goes to the safe destination, the call is an `ivr_error`
   * (or carries `ivr_error` into the queue), and operators are told at once.
   */
  private async failed(callId: string, flow: string | undefined, reason: string, path: string[], variables: Record<string, string>): Promise<IvrOutcome> {
    const safe = this.options.safeDestination ?? { kind: 'announcement' };
    const queueId = safe.kind === 'queue' ? await this.safeQueue(callId, safe.queue) : undefined;
    const destination = queueId && safe.kind === 'queue' ? `queue "${safe.queue}"` : 'the error announcement';
    const message = `IVR flow ${flow ? `"${flow}" ` : ''}could not run (${reason}); the caller was sent to ${destination}`;
    this.options.log?.error({ callId, flow, reason, destination }, 'IVR flow could not run; the caller goes to the safe destination');
    const alerts = this.options.alerts;
    alerts?.events.publish({ type: 'alert.raised', at: alerts.clock.now(), scope: {}, severity: 'error', code: 'IVR_FLOW_FAILED', message, callId, ...(flow ? { flow } : {}) });
    if (!queueId) return { kind: 'failed', reason, path, variables };
    const marked = { ...variables, ivr_error: reason };
    return {
      kind: 'queue',
      target: { queueId, priority: 0, skills: [], attributes: marked, announceEverySec: this.options.announceEverySec },
      variables: marked,
      path,
    };
  }

  private async safeQueue(callId: string, name: string): Promise<string | undefined> {
    if (!this.options.targets) return name;
    const target = await resolveFlowTarget(this.options.targets, name, []).catch((err: unknown) => ({ ok: false as const, reason: String(err) }));
    if (target.ok) return target.queueId;
    this.options.log?.error({ callId, queue: name, reason: target.reason }, 'the IVR safe destination queue cannot be used; playing the error announcement');
    return undefined;
  }

  /** The flow's queue and skill names as ids; a name that no longer resolves makes the run an error. */
  private async resolved(callId: string, result: FlowResult): Promise<FlowResult> {
    const lookup = this.options.targets;
    if (!lookup || (result.kind !== 'queue' && result.kind !== 'callback')) return result;
    const target = await resolveFlowTarget(lookup, result.queue, result.kind === 'queue' ? result.skills : []);
    if (target.ok) return result.kind === 'queue' ? { ...result, queue: target.queueId, skills: target.skillIds } : { ...result, queue: target.queueId };
    this.options.log?.error({ callId, flow: result.flow, queue: result.queue, reason: target.reason }, 'IVR sent the caller to a target that no longer resolves');
    const { flow, version, variables, tags, trace } = result;
    return { kind: 'error', node: trace.steps.at(-1)?.node ?? '', reason: target.reason, flow, version, variables, tags, trace };
  }

  /** The survey flow on the caller's channel, which is up already: it is not answered again. */
  async postCallSurvey(request: SurveyRequest): Promise<SurveyOutcome> {
    const result = await this.ivr.handleInbound({
      callId: request.callId,
      channel: request.channel,
      variables: request.variables,
      flow: request.flow,
      answer: false,
    });
    const path = result.trace.steps.map((s) => s.node);
    const answers: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.variables)) {
      if (!RUNNER_VARIABLES.has(name) && request.variables[name] !== value) answers[name] = value;
    }
    switch (result.kind) {
      case 'abandoned':
        return { kind: 'caller_gone', path, answers };
      case 'transfer':
        return { kind: 'transferred', path, answers };
      case 'error':
        return { kind: 'failed', path, answers };
      default:
        return { kind: 'completed', path, answers };
    }
  }
}

/** Variables the runner gives every call from its channel: not answers to the survey. */
const RUNNER_VARIABLES = new Set(['caller_number', 'caller_name', 'dialed_number']);

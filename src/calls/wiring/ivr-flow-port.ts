/**
 * Wiring, not domain: the IVR (ivr/IvrService) seen through call handling's IvrPort. The flow's
 * exits become call outcomes; the trace's nodes become the IVR path shown in the screen-pop.
 */
import type { IvrService } from '../../ivr/ivr-service.js';
import type { IvrOutcome, IvrPort, IvrRequest } from '../ports.js';

export interface IvrFlowPortOptions {
  /** Seconds between position announcements for queues the flow sends callers to. */
  announceEverySec: number;
  /** Minimum level required for a skill the flow names without one. */
  defaultSkillLevel?: number;
}

export class IvrFlowPort implements IvrPort {
  constructor(
    private readonly ivr: Pick<IvrService, 'handleInbound'>,
    private readonly options: IvrFlowPortOptions,
  ) {}

  async run(request: IvrRequest): Promise<IvrOutcome> {
    const result = await this.ivr.handleInbound({ callId: request.callId, channel: request.channel, variables: request.variables });
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
      case 'error':
        return { kind: 'hangup', path, variables };
    }
  }
}

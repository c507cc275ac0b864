import type { ChannelInfo } from '../pbx/port.js';
import type { FlowRegistry } from './flow-registry.js';
import type { CallTrace } from './ports.js';
import type { IvrResult } from './run-context.js';
import type { IvrRunner } from './runner.js';

/**
 * The entry call handling uses: pick the flow for the dialed number, take a snapshot of the running
 * versions (the call finishes on them whatever is saved meanwhile) and run it.
 */
export class IvrService {
  constructor(
    private readonly registry: FlowRegistry,
    private readonly runner: IvrRunner,
    private readonly defaultFlow = 'main',
  ) {}

  async handleInbound(input: {
    callId: string;
    channel: ChannelInfo;
    variables?: Record<string, string>;
    /** Force a flow (the survey after a call) instead of choosing by dialed number. */
    flow?: string;
    answer?: boolean;
  }): Promise<IvrResult & { trace: CallTrace }> {
    const flows = this.registry.snapshot();
    const flow = input.flow ?? this.registry.flowForNumber(input.channel.dialedNumber, this.defaultFlow) ?? this.defaultFlow;
    return this.runner.run({
      callId: input.callId,
      channel: input.channel,
      flow,
      flows,
      ...(input.variables ? { variables: input.variables } : {}),
      ...(input.answer !== undefined ? { answer: input.answer } : {}),
    });
  }
}

/**
 * One object main.ts builds for call handling: the service (events in), the controls (people's
 * requests) and the hooks supervision needs.
 */
import type { CallDeps } from './call-kernel.js';
import { CallControl } from './call-control.js';
import { CallService } from './call-service.js';
import type { LiveCall } from './live-call.js';

export interface CallsModule {
  service: CallService;
  control: CallControl;
  /** For the supervision service: the agent leg of a live call, and call ends. */
  supervised: {
    agentLegOf(callId: string): { legId: string; agentId?: string } | undefined;
    attachLeg(callId: string, legId: string, supervisorId: string, endpoint: string): void;
    release(callId: string, scope: 'agent' | 'call', by: string): void;
    onCallEnded(listener: (callId: string) => void): () => void;
    note(callId: string, event: string, details: Record<string, string>): void;
  };
}

export function createCallsModule(deps: CallDeps): CallsModule {
  const service = new CallService(deps);
  const control = new CallControl(service.kernel, service.mediaActions);
  const k = service.kernel;
  return {
    service,
    control,
    supervised: {
      agentLegOf(callId) {
        const call: LiveCall | undefined = k.calls.get(callId);
        const party = call?.state.counterpart;
        if (!call || !party || !party.legId || call.state.name === 'offering') return undefined;
        return { legId: party.legId, ...(party.agentId ? { agentId: party.agentId } : {}) };
      },
      attachLeg(callId, legId, supervisorId, endpoint) {
        k.addLeg(k.get(callId), { id: legId, role: 'supervisor', agentId: supervisorId, endpoint });
      },
      release: (callId, scope, by) => control.release(callId, scope, by),
      onCallEnded: (listener) => k.onEnded((call) => listener(call.record.id)),
      note(callId, event, details) {
        const call = k.calls.get(callId);
        if (call) k.mark(call, event, details);
      },
    },
  };
}

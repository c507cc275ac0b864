/**
 * What a supervisor can do to one agent: listen / whisper / barge / force-release on the agent's
 * call (the supervisor's own phone rings first), stop their own monitoring, force the agent's state
 * or log them out; force-transfer the agent's contact to another agent or back into a queue (neither
 * agent is asked). Every refusal (ALREADY_MONITORED, FORBIDDEN...) becomes a toast naming the action.
 */
import { supervisor, type SuperviseMode } from '../api/endpoints.js';
import type { BreakReason, ListedAgent } from '../api/types.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { ActionSelect } from '../kit/ActionSelect.js';
import { Button } from '../kit/Button.js';

const MODES: { mode: SuperviseMode; label: MessageKey }[] = [
  { mode: 'listen', label: 'supervisor.listen' },
  { mode: 'whisper', label: 'supervisor.whisper' },
  { mode: 'barge', label: 'supervisor.barge' },
];

/** Where a supervisor may move a contact (a call, or a chat in the Chats panel): agents free to take it, or a queue. */
export interface TransferTargets {
  agents: { id: string; name: string }[];
  queues: { id: string; name: string }[];
}

export function AgentActions({
  agent,
  me,
  reasons,
  reasonLabel,
  canBarge,
  targets,
  onDone,
}: {
  agent: ListedAgent;
  me: string;
  reasons: BreakReason[];
  reasonLabel: (code: string) => string;
  canBarge: boolean;
  targets: TransferTargets;
  onDone: () => void;
}) {
  const [busy, run] = useAction();
  const callId = agent.contact?.callId ?? null;
  const contactId = agent.contact?.contactId ?? null;
  const otherAgents = targets.agents.filter((a) => a.id !== agent.agentId);
  const mine = agent.monitor?.supervisorId === me;
  const act = async (what: MessageKey, fn: () => Promise<unknown>) => {
    await run(what, fn);
    onDone();
  };
  const force = (value: string) => {
    if (value === 'logout') return act('supervisor.forceLogout', () => supervisor.forceLogout(agent.agentId));
    if (value === 'available') return act('supervisor.forceState', () => supervisor.forceState(agent.agentId, { state: 'available' }));
    if (value.startsWith('not_ready:')) return act('supervisor.forceState', () => supervisor.forceState(agent.agentId, { state: 'not_ready', reason: value.slice('not_ready:'.length) }));
    return undefined;
  };
  const transfer = (contact: string, value: string) => {
    const target = value.startsWith('agent:') ? { agentId: value.slice('agent:'.length) } : { queueId: value.slice('queue:'.length) };
    return act('supervisor.transfer', () => supervisor.forceTransfer(contact, target));
  };
  return (
    <div class="agent-actions">
      {callId &&
        MODES.filter((m) => m.mode !== 'barge' || canBarge).map((m) => (
          <Button
            key={m.mode}
            label={t(m.label)}
            data-action={m.mode}
            pressed={mine && agent.monitor?.mode === m.mode}
            busy={busy === m.label}
            onClick={() => void act(m.label, () => supervisor.supervise(callId, m.mode))}
          />
        ))}
      {callId && mine && <Button label={t('supervisor.stop')} data-action="stop" busy={busy === 'supervisor.stop'} onClick={() => void act('supervisor.stop', () => supervisor.stopSupervising(callId))} />}
      {callId && canBarge && (
        <Button label={t('supervisor.release')} variant="danger" data-action="release" busy={busy === 'supervisor.release'} onClick={() => void act('supervisor.release', () => supervisor.release(callId))} />
      )}
      {contactId && (
        <ActionSelect
          class="force-state transfer-to"
          label={t('supervisor.transferToOf', { name: agent.name })}
          prompt={t('supervisor.transferTo')}
          disabled={busy !== undefined}
          items={[
            { label: t('supervisor.transferAgents'), options: otherAgents.map((a) => ({ value: `agent:${a.id}`, label: a.name })) },
            { label: t('supervisor.transferQueues'), options: targets.queues.map((q) => ({ value: `queue:${q.id}`, label: q.name })) },
          ]}
          onPick={(value) => void transfer(contactId, value)}
        />
      )}
      {agent.state !== 'logged_out' && (
        <ActionSelect
          class="force-state"
          label={t('supervisor.forceStateOf', { name: agent.name })}
          prompt={t('supervisor.forceState')}
          disabled={busy !== undefined}
          items={[
            { value: 'available', label: t('state.available') },
            ...reasons.map((r) => ({ value: `not_ready:${r.code}`, label: t('supervisor.notReadyWith', { reason: reasonLabel(r.code) }) })),
            { value: 'logout', label: t('supervisor.forceLogout') },
          ]}
          onPick={(value) => void force(value)}
        />
      )}
    </div>
  );
}

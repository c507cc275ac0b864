/**
 * What a supervisor can do to one agent: listen / whisper / barge / force-release on the agent's
 * call (the supervisor's own phone rings first), stop their own monitoring, force the agent's state
 * or log them out. Every refusal (ALREADY_MONITORED, FORBIDDEN...) becomes a toast naming the action.
 */
import { supervisor, type SuperviseMode } from '../api/endpoints.js';
import type { BreakReason, ListedAgent } from '../api/types.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';

const MODES: { mode: SuperviseMode; label: MessageKey }[] = [
  { mode: 'listen', label: 'supervisor.listen' },
  { mode: 'whisper', label: 'supervisor.whisper' },
  { mode: 'barge', label: 'supervisor.barge' },
];

export function AgentActions({
  agent,
  me,
  reasons,
  reasonLabel,
  canBarge,
  onDone,
}: {
  agent: ListedAgent;
  me: string;
  reasons: BreakReason[];
  reasonLabel: (code: string) => string;
  canBarge: boolean;
  onDone: () => void;
}) {
  const [busy, run] = useAction();
  const callId = agent.contact?.callId ?? null;
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
      {agent.state !== 'logged_out' && (
        <select
          class="force-state"
          aria-label={t('supervisor.forceStateOf', { name: agent.name })}
          value=""
          disabled={busy !== undefined}
          onChange={(e) => {
            const select = e.currentTarget;
            const value = select.value;
            select.value = '';
            void force(value);
          }}
        >
          <option value="">{t('supervisor.forceState')}</option>
          <option value="available">{t('state.available')}</option>
          {reasons.map((r) => (
            <option key={r.code} value={`not_ready:${r.code}`}>
              {t('supervisor.notReadyWith', { reason: reasonLabel(r.code) })}
            </option>
          ))}
          <option value="logout">{t('supervisor.forceLogout')}</option>
        </select>
      )}
    </div>
  );
}

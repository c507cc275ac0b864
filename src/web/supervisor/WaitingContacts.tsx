/**
 * The contacts waiting in line, longest wait first: caller, queue, time waited, and an "Assign to…"
 * picker of the agents free to take it (available first, then not ready; busy ones are left out), so a supervisor can hand an important customer to a chosen agent
 * (the agent's phone rings; a refusal becomes a toast with the daemon's coded error).
 */
import { supervisor } from '../api/endpoints.js';
import type { ListedAgent, WaitingContact } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { ActionSelect } from '../kit/ActionSelect.js';
import { freeAgents } from './agent-sorting.js';
import { Elapsed } from '../kit/Timer.js';
import { AGENT_STATE_KEY } from '../toolbar/state-labels.js';

export function callerOf(c: Pick<WaitingContact, 'caller' | 'callerName'>, fallback: string): string {
  if (c.callerName) return `${c.callerName} ${c.caller ?? ''}`.trim();
  return c.caller ?? fallback;
}

export function WaitingContacts({
  waiting,
  agents,
  queueName,
  onChanged,
}: {
  waiting: WaitingContact[];
  agents: ListedAgent[];
  queueName: (id: string) => string;
  onChanged: () => void;
}) {
  const [busy, run] = useAction();
  const assignable = freeAgents(agents);
  const assign = async (contactId: string, agentId: string) => {
    await run('supervisor.assign', () => supervisor.assign(contactId, agentId));
    onChanged();
  };
  return (
    <section class="panel waiting-contacts" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t('supervisor.waiting')}</h2>
      {waiting.length === 0 ? (
        <p class="muted none-waiting">{t('supervisor.noneWaiting')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table waiting-table">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.col.caller')}</th>
                <th scope="col">{t('supervisor.col.queue')}</th>
                <th scope="col" class="num">
                  {t('supervisor.col.waited')}
                </th>
                <th scope="col">{t('supervisor.col.assign')}</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((w) => {
                const caller = callerOf(w, t('supervisor.media.voice'));
                return (
                  <tr key={w.contactId} data-contact={w.contactId}>
                    <td class="waiting-caller">{caller}</td>
                    <td class="waiting-queue">{queueName(w.queueId)}</td>
                    <td class="num">
                      <Elapsed since={w.since} />
                    </td>
                    <td>
                      <ActionSelect
                        class="assign-to"
                        label={t('supervisor.assignToOf', { caller })}
                        prompt={t('supervisor.assignTo')}
                        disabled={busy !== undefined}
                        items={assignable.map((a) => ({ value: a.agentId, label: `${a.name} · ${t(AGENT_STATE_KEY[a.state])}` }))}
                        onPick={(agentId) => void assign(w.contactId, agentId)}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

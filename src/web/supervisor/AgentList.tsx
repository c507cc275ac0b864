/**
 * The agent list: name, team, state and reason, time in state (red past its threshold), current
 * contact (caller, queue, duration), today's handled / missed, and the supervisor's actions.
 * Column headers sort (again: reverse); the text box and the state picker filter.
 */
import { useState } from 'preact/hooks';
import type { AgentStateName, BreakReason, ListedAgent } from '../api/types.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { now } from '../kit/now.js';
import { Elapsed } from '../kit/Timer.js';
import { AGENT_STATE_KEY, listedStateKey, stateTone } from '../toolbar/state-labels.js';
import { AgentActions, type TransferTargets } from './AgentActions.js';
import { freeAgents, visibleAgents, type Filter, type Sort, type SortKey } from './agent-sorting.js';
import { isLate, type StateLimits } from './thresholds.js';

const COLUMNS: { key: SortKey | 'contact' | 'actions'; header: MessageKey; sortable: boolean; numeric?: boolean }[] = [
  { key: 'name', header: 'supervisor.col.name', sortable: true },
  { key: 'team', header: 'supervisor.col.team', sortable: true },
  { key: 'state', header: 'supervisor.col.state', sortable: true },
  { key: 'timeInState', header: 'supervisor.col.timeInState', sortable: true, numeric: true },
  { key: 'contact', header: 'supervisor.col.contact', sortable: false },
  { key: 'handled', header: 'supervisor.col.handled', sortable: true, numeric: true },
  { key: 'missed', header: 'supervisor.col.missed', sortable: true, numeric: true },
  { key: 'actions', header: 'supervisor.col.actions', sortable: false },
];

const STATES = Object.keys(AGENT_STATE_KEY) as AgentStateName[];

export interface AgentListProps {
  agents: ListedAgent[];
  me: string;
  canBarge: boolean;
  reasons: BreakReason[];
  /** Time limits per state an admin set for the viewer's role (issue 11); the built-in ones otherwise. */
  limits?: StateLimits;
  reasonLabel: (code: string) => string;
  queueName: (id: string | null) => string;
  /** The queues a contact can be moved back into. */
  queues: { id: string; name: string }[];
  onChanged: () => void;
}

export function AgentList({ agents, me, canBarge, reasons, limits, reasonLabel, queueName, queues, onChanged }: AgentListProps) {
  const [sort, setSort] = useState<Sort>({ key: 'name', descending: false });
  const [filter, setFilter] = useState<Filter>({ text: '', state: '' });
  const rows = visibleAgents(agents, filter, sort, now.value);
  const choosable = reasons.filter((r) => r.active && !r.system);
  const targets: TransferTargets = { agents: freeAgents(agents).map((a) => ({ id: a.agentId, name: a.name })), queues };
  const sortBy = (key: SortKey) => setSort((s) => ({ key, descending: s.key === key ? !s.descending : false }));
  return (
    <section class="panel agent-list">
      <h2>{t('supervisor.agents')}</h2>
      <div class="agent-filters">
        <input
          type="search"
          class="agent-filter-text"
          aria-label={t('supervisor.filterText')}
          placeholder={t('supervisor.filterText')}
          value={filter.text}
          onInput={(e) => setFilter((f) => ({ ...f, text: e.currentTarget.value }))}
        />
        <select class="agent-filter-state" aria-label={t('supervisor.filterState')} value={filter.state} onChange={(e) => setFilter((f) => ({ ...f, state: e.currentTarget.value as Filter['state'] }))}>
          <option value="">{t('supervisor.everyState')}</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(AGENT_STATE_KEY[s])}
            </option>
          ))}
        </select>
      </div>
      <div class="table-wrap">
        <table class="table agents-table">
          <caption class="visually-hidden">{t('supervisor.agents')}</caption>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const sorted = sort.key === c.key;
                return (
                  <th key={c.key} scope="col" class={c.numeric ? 'num' : undefined} aria-sort={sorted ? (sort.descending ? 'descending' : 'ascending') : undefined}>
                    {c.sortable ? (
                      <button type="button" class="sort-button" data-sort={c.key} onClick={() => sortBy(c.key as SortKey)}>
                        {t(c.header)}
                        {sorted && <span aria-hidden="true">{sort.descending ? ' ▼' : ' ▲'}</span>}
                      </button>
                    ) : (
                      t(c.header)
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={COLUMNS.length} class="table-empty">
                  {t('supervisor.noAgents')}
                </td>
              </tr>
            ) : (
              rows.map((a) => {
                const late = a.state !== 'logged_out' && isLate(a.state, a.reason, a.stateSince, now.value, reasons, limits);
                return (
                  <tr key={a.agentId} data-agent={a.agentId} data-state={a.state} class={late ? 'is-late' : undefined}>
                    <td>
                      <span class="agent-name">{a.name}</span> <span class="muted">{a.number}</span>
                    </td>
                    <td>{a.teams.map((tm) => tm.name).join(', ')}</td>
                    <td>
                      <span class={`state-chip tone-${stateTone(a.state)}`}>{t(listedStateKey(a))}</span>
                      {/* The state chip already says ringing or on a call: the phase is shown when it adds to it. */}
                      {a.activity?.phase && !(a.activity.group === 'handling' && a.activity.phase !== 'onHold') && (
                        <span class="agent-activity" data-activity={`${a.activity.group}.${a.activity.phase}`}>
                          {t(`supervisor.activity.${a.activity.group}.${a.activity.phase}` as MessageKey)}
                        </span>
                      )}
                      {a.reason && <span class="agent-reason">{a.reason === 'unknown' ? t('supervisor.reasonUnknown') : reasonLabel(a.reason)}</span>}
                      {a.monitor && (
                        <span class="badge monitored" data-monitor={a.monitor.mode}>
                          {a.monitor.supervisorId === me ? t('supervisor.monitoredByMe') : t('supervisor.monitored')}
                        </span>
                      )}
                    </td>
                    <td class="num">
                      {late && (
                        <span class="late-mark" role="img" aria-label={t('supervisor.late')} title={t('supervisor.late')}>
                          ●
                        </span>
                      )}
                      <Elapsed since={a.stateSince} />
                    </td>
                    <td>
                      {a.contact ? (
                        <div class="agent-contact">
                          <span class="contact-caller">{a.contact.callerName ? `${a.contact.callerName} ${a.contact.caller ?? ''}` : (a.contact.caller ?? t(`supervisor.media.${a.contact.media}` as MessageKey))}</span>
                          {a.contact.queueId && <span class="muted contact-queue">{queueName(a.contact.queueId)}</span>}
                          <Elapsed since={a.contact.since} class="contact-duration" />
                          {/* A supervisor barged in (their phone joined): the caller, the agent and the supervisor talk together. */}
                          {a.monitor?.mode === 'barge' && a.monitor.state === 'active' && (
                            <span class="badge three-way" title={t('supervisor.threeWayTitle')}>
                              {t('supervisor.threeWay')}
                            </span>
                          )}
                        </div>
                      ) : (
                        <span class="muted">{t('supervisor.noContact')}</span>
                      )}
                    </td>
                    <td class="num">{a.today.handled}</td>
                    <td class="num">{a.today.missed}</td>
                    <td>
                      <AgentActions agent={a} me={me} reasons={choosable} reasonLabel={reasonLabel} canBarge={canBarge} targets={targets} onDone={onChanged} />
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}

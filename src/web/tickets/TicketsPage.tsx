/**
 * Tickets (issue 13): on the left the list with the saved views (mine, my team's, unassigned,
 * overdue) and filters, paged with "older"; on the right the chosen ticket. Both re-read on
 * ticket.changed (a burst reads once). The daemon scopes what the list holds to the user's teams.
 */
import { useEffect, useState } from 'preact/hooks';
import { tickets, type TicketQuery } from '../api/endpoints.js';
import type { Principal, Ticket, TicketPriority, TicketStatus } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { stream } from '../app/live.js';
import { formatDateTime } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { NewTicket } from './NewTicket.js';
import { PRIORITIES, PriorityBadge, STATUSES, StatusBadge } from './badges.js';
import { TicketView } from './TicketView.js';
import './tickets.css';

type View = NonNullable<TicketQuery['view']> | 'all';
const VIEWS: View[] = ['all', 'mine', 'my_teams', 'unassigned', 'overdue'];
const PAGE = 50;

export function TicketsPage({ principal }: { principal: Principal }) {
  const [view, setView] = useState<View>('all');
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const [priority, setPriority] = useState<TicketPriority | ''>('');
  const [rows, setRows] = useState<Ticket[]>([]);
  const [more, setMore] = useState(false);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const [busy, run] = useAction();
  const canEdit = principal.permissions.includes('tickets.edit');

  const load = (append: boolean) =>
    void run('tickets.load', async () => {
      const last = append ? rows[rows.length - 1] : undefined;
      const page = await tickets.list({
        ...(view === 'all' ? {} : { view }),
        ...(status ? { status: [status] } : {}),
        ...(priority ? { priority: [priority] } : {}),
        ...(last ? { before: { at: last.createdAt, id: last.id } } : {}),
        limit: PAGE,
      });
      setRows(append ? [...rows, ...page.tickets] : page.tickets);
      setMore(page.next !== null);
    });
  useEffect(() => load(false), [view, status, priority, tick]);
  useEffect(() => {
    let queued = false;
    const soon = () => {
      if (queued) return;
      queued = true;
      window.setTimeout(() => {
        queued = false;
        setTick((n) => n + 1);
      }, 200);
    };
    return stream.subscribe({ resync: soon, event: (e) => e.type === 'ticket.changed' && soon() });
  }, []);

  return (
    <Frame title={t('tickets.title')} principal={principal} class="tickets-page">
      <section class="panel ticket-list" aria-labelledby="tickets-list-title">
        <h2 id="tickets-list-title" class="visually-hidden">
          {t('tickets.title')}
        </h2>
        <div class="ticket-views" role="group" aria-label={t('tickets.views')}>
          {VIEWS.map((v) => (
            <Button key={v} label={t(`tickets.view.${v}` as MessageKey)} pressed={view === v} data-view={v} onClick={() => setView(v)} />
          ))}
        </div>
        <div class="ticket-filters">
          <label class="inline-field">
            <span>{t('tickets.filterStatus')}</span>
            <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as TicketStatus | '')}>
              <option value="">{t('tickets.any')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`tickets.status.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label class="inline-field">
            <span>{t('tickets.filterPriority')}</span>
            <select name="priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as TicketPriority | '')}>
              <option value="">{t('tickets.any')}</option>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {t(`tickets.priority.${p}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {canEdit && (
          <NewTicket
            onCreated={(id) => {
              setSelected(id);
              setTick((n) => n + 1);
            }}
          />
        )}
        {rows.length === 0 && busy !== 'tickets.load' ? (
          <p class="table-empty">{t('tickets.none')}</p>
        ) : (
          <ul class="ticket-rows">
            {rows.map((r) => (
              <li key={r.id} class={r.id === selected ? 'is-selected' : undefined} data-ticket={r.id}>
                <button type="button" class="ticket-row" onClick={() => setSelected(r.id)}>
                  <span class="ticket-subject">{r.subject}</span>
                  <span class="ticket-meta">
                    <StatusBadge status={r.status} />
                    <PriorityBadge priority={r.priority} />
                    {r.overdue ? <span class="badge ticket-overdue">{t('tickets.overdue')}</span> : <span class="muted">{t('tickets.dueAt', { at: formatDateTime(r.dueAt) })}</span>}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
        {more && <Button label={t('tickets.older')} data-action="older" onClick={() => load(true)} />}
      </section>
      <section class="panel ticket-detail" aria-live="polite">
        {selected ? <TicketView id={selected} principal={principal} reloadKey={tick} onChanged={() => setTick((n) => n + 1)} /> : <p class="muted">{t('tickets.pick')}</p>}
      </section>
    </Frame>
  );
}

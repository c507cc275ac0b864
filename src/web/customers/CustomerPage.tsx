/**
 * A customer's record: who they are (level, tags, numbers, e-mails, notes) and every call with
 * them, newest first. The toolbar's screen-pop opens it in a tab of its own; an agent calls a
 * number from here with one click (the call rings the agent's own phone first, as from the dial
 * pad, and the toolbar tab shows it).
 */
import { useEffect, useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import { calls, customers } from '../api/endpoints.js';
import type { Customer, CustomerCall, Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { current } from '../app/router.js';
import { formatDateTime, formatDuration, outcomeText } from '../i18n/format.js';
import { hasKey, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';
import { reportError } from '../kit/toast-store.js';
import './customers.css';

interface CustomerRecord {
  customer: Customer;
  calls: CustomerCall[];
}

type Load = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed' } | { kind: 'ready'; record: CustomerRecord };

export function CustomerPage({ principal }: { principal: Principal }) {
  const id = current.value.path[0] ?? '';
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [busy, run] = useAction();
  const [dialed, setDialed] = useState<string | undefined>(undefined);
  const canDial = principal.agentId !== undefined && principal.permissions.includes('agent.self');

  useEffect(() => {
    let live = true;
    setLoad({ kind: 'loading' });
    Promise.all([customers.get(id), customers.calls(id)]).then(
      ([customer, { calls: list }]) => live && setLoad({ kind: 'ready', record: { customer, calls: list } }),
      (err: unknown) => {
        if (!live) return;
        // No such customer (or a bad address) is this page's own message, not a toast.
        if (isApiError(err) && (err.code === 'NOT_FOUND' || err.code === 'VALIDATION_FAILED')) setLoad({ kind: 'missing' });
        else {
          setLoad({ kind: 'failed' });
          reportError('customer.load', err);
        }
      },
    );
    return () => {
      live = false;
    };
  }, [id]);

  const dial = (number: string) =>
    void run('customer.call', async () => {
      await calls.dial(number);
      setDialed(number);
    });

  const title = load.kind === 'ready' ? load.record.customer.name : t('customer.title');
  return (
    <Frame title={title} principal={principal} class="customer-page">
      {load.kind === 'loading' && (
        <p class="panel" role="status">
          {t('common.loading')}
        </p>
      )}
      {load.kind === 'missing' && (
        <p class="panel" role="alert">
          {t('customer.notFound')}
        </p>
      )}
      {load.kind === 'failed' && (
        <p class="panel" role="alert">
          {t('customer.loadFailed')}
        </p>
      )}
      {load.kind === 'ready' && <Record record={load.record} canDial={canDial} busy={busy !== undefined} dialed={dialed} onDial={dial} />}
    </Frame>
  );
}

function Record({ record, canDial, busy, dialed, onDial }: { record: CustomerRecord; canDial: boolean; busy: boolean; dialed: string | undefined; onDial: (n: string) => void }) {
  const c = record.customer;
  return (
    <div class="customer-record">
      <section class="panel customer-profile" aria-labelledby="customer-name">
        <h2 id="customer-name">
          {c.name} <span class={`badge level level-${c.level}`}>{levelText(c.level)}</span>
        </h2>
        {c.tags.length > 0 && (
          <ul class="tags" aria-label={t('pop.tags')}>
            {c.tags.map((tag) => (
              <li key={tag} class="badge">
                {tag}
              </li>
            ))}
          </ul>
        )}
        <dl class="customer-facts">
          <div>
            <dt>{t('customer.phones')}</dt>
            <dd>
              {c.phones.length === 0 && <span class="muted">{t('customer.none')}</span>}
              <ul class="customer-phones">
                {c.phones.map((n) => (
                  <li key={n}>
                    <span class="number">{n}</span>
                    {canDial && <Button label={t('dial.call')} aria-label={t('customer.callNumber', { number: n })} icon="phone" variant="success" busy={busy} onClick={() => onDial(n)} />}
                  </li>
                ))}
              </ul>
              {dialed && (
                <p class="muted" role="status">
                  {t('customer.dialing', { number: dialed })}
                </p>
              )}
            </dd>
          </div>
          <div>
            <dt>{t('customer.emails')}</dt>
            <dd>{c.emails.length > 0 ? c.emails.join(', ') : <span class="muted">{t('customer.none')}</span>}</dd>
          </div>
          <div>
            <dt>{t('customer.since')}</dt>
            <dd>{formatDateTime(c.createdAt)}</dd>
          </div>
          {c.notes && (
            <div class="customer-notes">
              <dt>{t('customer.notes')}</dt>
              <dd>{c.notes}</dd>
            </div>
          )}
        </dl>
      </section>
      <section class="panel customer-calls">
        <Table
          caption={t('customer.calls')}
          rowKey={(r) => r.id}
          rows={record.calls}
          empty={t('customer.noCalls')}
          columns={[
            { key: 'when', header: t('pop.when'), cell: (r) => formatDateTime(r.startedAt) },
            { key: 'direction', header: t('pop.direction'), cell: (r) => (r.direction === 'outbound' ? t('pop.outbound') : t('pop.inbound')) },
            { key: 'number', header: t('customer.number'), cell: (r) => r.number },
            { key: 'outcome', header: t('pop.outcome'), cell: (r) => outcomeText(r.outcome) },
            { key: 'agent', header: t('pop.agent'), cell: (r) => r.agentName ?? r.queueName ?? '' },
            {
              // The whole call, IVR and waiting included (an inbound call is answered by the IVR first).
              key: 'duration',
              header: t('customer.duration'),
              numeric: true,
              cell: (r) => (r.endedAt !== undefined ? formatDuration(r.endedAt - r.startedAt) : ''),
            },
          ]}
        />
      </section>
    </div>
  );
}

function levelText(level: string): string {
  const key = `customer.level.${level}`;
  return hasKey(key) ? t(key) : level;
}

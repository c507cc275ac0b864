/**
 * The notification delivery log, newest first: when, which rule, which call, how it went (with the
 * last error and HTTP status), and for a failed one a retry (same id, so the receiver can drop a
 * repeat). Pages with "older" (keyset paging); re-read when a delivery changes (the event stream)
 * and on request.
 */
import { useEffect, useState } from 'preact/hooks';
import { notify } from '../api/endpoints.js';
import { stream } from '../app/live.js';
import type { NotifyDelivery, NotifyRule } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';

type Status = NotifyDelivery['status'];
const STATUS_KEY: Record<Status, MessageKey> = { pending: 'notify.status.pending', delivered: 'notify.status.delivered', failed: 'notify.status.failed' };

export function DeliveryLog({ rules, reloadKey }: { rules: NotifyRule[]; reloadKey: number }) {
  const [status, setStatus] = useState<Status | ''>('');
  const [rows, setRows] = useState<NotifyDelivery[]>([]);
  const [more, setMore] = useState(false);
  const [busy, run] = useAction();
  const [tick, setTick] = useState(0);

  const load = (append: boolean) =>
    void run('notify.loadLog', async () => {
      const last = append ? rows[rows.length - 1] : undefined;
      const page = (await notify.deliveries({ ...(status ? { status } : {}), ...(last ? { before: { at: last.createdAt, id: last.id } } : {}) })).deliveries;
      setRows(append ? [...rows, ...page] : page);
      setMore(page.length === 50);
    });
  useEffect(() => load(false), [status, reloadKey, tick]);
  // A delivery queued, tried or retried: re-read (after a reconnect too); a burst reads once.
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
    return stream.subscribe({ resync: soon, event: (e) => e.type === 'notify.delivery_changed' && soon() });
  }, []);

  const ruleName = (id: string) => rules.find((r) => r.id === id)?.name ?? t('notify.ruleDeleted');
  const retry = (id: string) =>
    void run('notify.retry', async () => {
      await notify.retry(id);
      setTick((n) => n + 1);
    });

  return (
    <section class="panel delivery-log" aria-labelledby="log-title">
      <div class="panel-head">
        <h2 id="log-title">{t('notify.log')}</h2>
        <label class="inline-field">
          <span>{t('notify.statusFilter')}</span>
          <select name="status" value={status} onChange={(e) => setStatus(e.currentTarget.value as Status | '')}>
            <option value="">{t('notify.status.all')}</option>
            {(Object.keys(STATUS_KEY) as Status[]).map((s) => (
              <option key={s} value={s}>
                {t(STATUS_KEY[s])}
              </option>
            ))}
          </select>
        </label>
        <Button label={t('notify.refresh')} data-action="refresh-log" busy={busy === 'notify.loadLog'} onClick={() => setTick((n) => n + 1)} />
      </div>
      <Table
        caption={t('notify.log')}
        hideCaption
        rows={rows}
        rowKey={(d) => d.id}
        empty={t('notify.noDeliveries')}
        columns={[
          { key: 'at', header: t('notify.col.at'), cell: (d) => formatDateTime(d.createdAt) },
          { key: 'rule', header: t('notify.col.rule'), cell: (d) => (d.channel === 'messaging' ? t('notify.messagingReply') : ruleName(d.ruleId)) },
          { key: 'call', header: t('notify.col.call'), cell: (d) => <code class="delivery-source">{d.sourceId}</code> },
          { key: 'channel', header: t('notify.col.channel'), cell: (d) => t(d.channel === 'webhook' ? 'notify.webhook' : d.channel === 'messaging' ? 'notify.messaging' : 'notify.sms') },
          {
            key: 'status',
            header: t('notify.col.status'),
            cell: (d) => (
              <span class={`badge delivery-${d.status}`} data-status={d.status}>
                {t(STATUS_KEY[d.status])}
              </span>
            ),
          },
          { key: 'attempts', header: t('notify.col.attempts'), numeric: true, cell: (d) => d.attempts },
          { key: 'result', header: t('notify.col.result'), cell: (d) => resultText(d) },
          {
            key: 'actions',
            header: t('notify.col.actions'),
            cell: (d) => (d.status === 'failed' ? <Button label={t('notify.retry')} data-action="retry" data-delivery={d.id} busy={busy === 'notify.retry'} onClick={() => retry(d.id)} /> : null),
          },
        ]}
      />
      {more && <Button label={t('notify.older')} data-action="older" onClick={() => load(true)} />}
    </section>
  );
}

function resultText(d: NotifyDelivery): string {
  if (d.status === 'delivered' && d.deliveredAt !== undefined) return t('notify.deliveredAt', { at: formatDateTime(d.deliveredAt), status: String(d.lastHttpStatus ?? '') });
  if (d.status === 'pending' && d.attempts > 0) return t('notify.nextAttempt', { at: formatDateTime(d.nextAttemptAt), status: d.lastHttpStatus !== undefined ? `HTTP ${d.lastHttpStatus}` : t('notify.noAnswer') });
  if (d.status === 'failed') return d.lastHttpStatus !== undefined ? `HTTP ${d.lastHttpStatus}` : t('notify.noAnswer');
  return '';
}

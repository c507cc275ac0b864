/**
 * Outcome notifications (admins): the rules (which call outcomes, in which queues, sent how) and
 * the delivery log below them. What the webhook carries and how to verify it: docs/notifications.md.
 */
import { useEffect, useState } from 'preact/hooks';
import { config, notify } from '../api/endpoints.js';
import type { NotifyRule, Principal, QueueConfig } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { outcomeText } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';
import { DeliveryLog } from './DeliveryLog.js';
import { RuleDialog } from './RuleDialog.js';
import './notifications.css';

type Editing = { open: false } | { open: true; rule: NotifyRule | undefined };

export function NotificationsPage({ principal }: { principal: Principal }) {
  const [rules, setRules] = useState<NotifyRule[]>([]);
  const [queues, setQueues] = useState<QueueConfig[]>([]);
  const [editing, setEditing] = useState<Editing>({ open: false });
  const [reload, setReload] = useState(0);
  const [busy, run] = useAction();

  useEffect(() => {
    void run('notify.loadRules', async () => {
      const [r, q] = await Promise.all([notify.rules(), config.queues()]);
      setRules(r.rules);
      setQueues(q.items);
    });
  }, [reload]);

  const queueNames = (ids: string[]) => (ids.length === 0 ? t('notify.allQueues') : ids.map((id) => queues.find((q) => q.id === id)?.name ?? id).join(', '));
  const remove = (rule: NotifyRule) => {
    if (!window.confirm(t('notify.confirmDelete', { name: rule.name }))) return;
    void run('notify.deleteRule', async () => {
      await notify.deleteRule(rule.id);
      setReload((n) => n + 1);
    });
  };

  return (
    <Frame title={t('notify.title')} principal={principal} class="notifications-page">
      <section class="panel rules" aria-labelledby="rules-title">
        <div class="panel-head">
          <h2 id="rules-title">{t('notify.rules')}</h2>
          <Button label={t('notify.addRule')} icon="plus" variant="primary" data-action="add-rule" onClick={() => setEditing({ open: true, rule: undefined })} />
        </div>
        <p class="muted">{t('notify.intro')}</p>
        <Table
          caption={t('notify.rules')}
          hideCaption
          rows={rules}
          rowKey={(r) => r.id}
          empty={t('notify.noRules')}
          columns={[
            { key: 'name', header: t('notify.name'), cell: (r) => <strong>{r.name}</strong> },
            {
              key: 'outcomes',
              header: t('notify.when'),
              cell: (r) => `${t(r.trigger.media === 'call' ? 'notify.media.call' : 'notify.media.chat')}: ${(r.trigger.media === 'call' ? r.trigger.outcomes : r.trigger.endings).map((o) => outcomeText(o)).join(', ')}`,
            },
            { key: 'queues', header: t('notify.queues'), cell: (r) => queueNames(r.trigger.queueIds) },
            { key: 'channel', header: t('notify.channel'), cell: (r) => `${t(r.channel.kind === 'webhook' ? 'notify.webhook' : 'notify.sms')} · ${hostOf(r.channel.url)}` },
            { key: 'enabled', header: t('notify.enabled'), cell: (r) => (r.enabled ? t('notify.on') : t('notify.off')) },
            {
              key: 'actions',
              header: t('notify.col.actions'),
              cell: (r) => (
                <div class="row-actions" data-rule={r.id}>
                  <Button label={t('notify.edit')} data-action="edit-rule" onClick={() => setEditing({ open: true, rule: r })} />
                  <Button label={t('notify.delete')} variant="danger" data-action="delete-rule" busy={busy === 'notify.deleteRule'} onClick={() => remove(r)} />
                </div>
              ),
            },
          ]}
        />
      </section>
      <DeliveryLog rules={rules} reloadKey={reload} />
      <RuleDialog
        open={editing.open}
        rule={editing.open ? editing.rule : undefined}
        queues={queues}
        onClose={() => setEditing({ open: false })}
        onSaved={() => {
          setEditing({ open: false });
          setReload((n) => n + 1);
        }}
      />
    </Frame>
  );
}

/** Where it goes, without the path (which may carry a token of the receiver's). */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

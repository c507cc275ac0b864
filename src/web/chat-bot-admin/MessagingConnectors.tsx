/**
 * Messaging connectors (issues 12 and 21; docs/messaging-webhook.md): the platforms whose users
 * chat through the signed webhook. Listed for config.view; added, switched on or off, given a new
 * secret and deleted with config.edit. The secret is shown once, right after adding or rotating,
 * and never again (the daemon does not send it on any read).
 */
import { useEffect, useState } from 'preact/hooks';
import { config } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import { messagingApi, type MessagingConnectorView } from '../api/messaging.js';
import type { QueueConfig } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Table } from '../kit/Table.js';
import { reportError } from '../kit/toast-store.js';
import { problemPaths } from '../api/chat-bot.js';

type Form = { name: string; platform: string; deliveryUrl: string; queueId: string };
const EMPTY: Form = { name: '', platform: '', deliveryUrl: '', queueId: '' };
const FIELDS = ['name', 'platform', 'deliveryUrl'] as const;

export function MessagingConnectors({ canEdit }: { canEdit: boolean }) {
  const [connectors, setConnectors] = useState<MessagingConnectorView[] | undefined>(undefined);
  const [queues, setQueues] = useState<QueueConfig[]>([]);
  const [form, setForm] = useState<Form>(EMPTY);
  const [problems, setProblems] = useState<Partial<Record<keyof Form, string>>>({});
  const [shown, setShown] = useState<{ name: string; secret: string } | undefined>(undefined);
  const [reload, setReload] = useState(0);
  const [busy, run] = useAction();

  useEffect(() => {
    void run('messaging.load', async () => {
      const [c, q] = await Promise.all([messagingApi.connectors(), config.queues()]);
      setConnectors(c.connectors);
      setQueues(q.items.filter((x) => x.media === 'chat'));
    });
  }, [reload]);

  const set = (key: keyof Form, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblems((p) => ({ ...p, [key]: undefined }));
  };
  const input = (c?: MessagingConnectorView) =>
    c ? { name: c.name, platform: c.platform, deliveryUrl: c.deliveryUrl, queueId: c.queueId, enabled: !c.enabled } : { name: form.name, platform: form.platform, deliveryUrl: form.deliveryUrl, queueId: form.queueId || null };

  const add = async () => {
    try {
      const created = await messagingApi.create(input());
      setShown({ name: created.connector.name, secret: created.secret });
      setForm(EMPTY);
      setProblems({});
      setReload((n) => n + 1);
    } catch (err) {
      const paths = isApiError(err, 'VALIDATION_FAILED') ? problemPaths(err.details) : [];
      const found = Object.fromEntries(FIELDS.filter((f) => paths.includes(`/${f}`)).map((f) => [f, t(`messaging.problem.${f}`)]));
      if (Object.keys(found).length > 0) setProblems(found);
      else reportError('messaging.add', err);
    }
  };
  const rotate = (c: MessagingConnectorView) => {
    if (!window.confirm(t('messaging.confirmRotate', { name: c.name }))) return;
    void run('messaging.rotate', async () => {
      const r = await messagingApi.rotate(c.id);
      setShown({ name: r.connector.name, secret: r.secret });
    });
  };
  const toggle = (c: MessagingConnectorView) =>
    void run('messaging.toggle', async () => {
      await messagingApi.update(c.id, input(c));
      setReload((n) => n + 1);
    });
  const remove = (c: MessagingConnectorView) => {
    if (!window.confirm(t('messaging.confirmDelete', { name: c.name }))) return;
    void run('messaging.delete', async () => {
      await messagingApi.remove(c.id);
      setReload((n) => n + 1);
    });
  };
  const queueName = (id: string | null) => (id ? (queues.find((q) => q.id === id)?.name ?? id) : t('messaging.defaultQueue'));

  return (
    <section class="panel messaging-connectors" aria-labelledby="messaging-title">
      <h2 id="messaging-title">{t('messaging.title')}</h2>
      <p class="muted">{t('messaging.intro')}</p>
      {shown && (
        <div class="messaging-secret" role="alert" data-secret-for={shown.name}>
          <p>
            <strong>{t('messaging.secretOnce', { name: shown.name })}</strong>
          </p>
          <input type="text" readOnly value={shown.secret} aria-label={t('messaging.secret')} onFocus={(e) => e.currentTarget.select()} />
          <Button label={t('messaging.secretDone')} onClick={() => setShown(undefined)} />
        </div>
      )}
      {!connectors ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <Table
          caption={t('messaging.title')}
          hideCaption
          rows={connectors}
          rowKey={(c) => c.id}
          empty={t('messaging.none')}
          columns={[
            { key: 'name', header: t('messaging.name'), cell: (c) => <strong>{c.name}</strong> },
            { key: 'platform', header: t('messaging.platform'), cell: (c) => c.platform },
            { key: 'url', header: t('messaging.deliveryUrl'), cell: (c) => <span class="messaging-url">{c.deliveryUrl}</span> },
            { key: 'queue', header: t('messaging.queue'), cell: (c) => queueName(c.queueId) },
            { key: 'enabled', header: t('messaging.enabled'), cell: (c) => (c.enabled ? t('messaging.on') : t('messaging.off')) },
            {
              key: 'actions',
              header: t('messaging.actions'),
              cell: (c) =>
                canEdit ? (
                  <div class="row-actions" data-connector={c.id}>
                    <Button label={c.enabled ? t('messaging.disable') : t('messaging.enable')} busy={busy === 'messaging.toggle'} data-action="toggle" onClick={() => toggle(c)} />
                    <Button label={t('messaging.rotate')} busy={busy === 'messaging.rotate'} data-action="rotate" onClick={() => rotate(c)} />
                    <Button label={t('messaging.delete')} variant="danger" busy={busy === 'messaging.delete'} data-action="delete" onClick={() => remove(c)} />
                  </div>
                ) : (
                  <span class="muted">—</span>
                ),
            },
          ]}
        />
      )}
      {canEdit && (
        <form
          class="messaging-add"
          onSubmit={(e) => {
            e.preventDefault();
            void add();
          }}
        >
          <h3>{t('messaging.add')}</h3>
          <Field id="messaging-name" label={t('messaging.name')} {...(problems.name ? { error: problems.name } : {})}>
            <input id="messaging-name" value={form.name} maxLength={100} aria-invalid={problems.name ? 'true' : undefined} onInput={(e) => set('name', e.currentTarget.value)} />
          </Field>
          <Field id="messaging-platform" label={t('messaging.platform')} hint={t('messaging.platformHint')} {...(problems.platform ? { error: problems.platform } : {})}>
            <input id="messaging-platform" value={form.platform} maxLength={40} aria-invalid={problems.platform ? 'true' : undefined} onInput={(e) => set('platform', e.currentTarget.value)} />
          </Field>
          <Field id="messaging-deliveryUrl" label={t('messaging.deliveryUrl')} hint={t('messaging.deliveryUrlHint')} {...(problems.deliveryUrl ? { error: problems.deliveryUrl } : {})}>
            <input id="messaging-deliveryUrl" type="url" value={form.deliveryUrl} aria-invalid={problems.deliveryUrl ? 'true' : undefined} onInput={(e) => set('deliveryUrl', e.currentTarget.value)} />
          </Field>
          <Field id="messaging-queue" label={t('messaging.queue')}>
            <select id="messaging-queue" value={form.queueId} onChange={(e) => set('queueId', e.currentTarget.value)}>
              <option value="">{t('messaging.defaultQueue')}</option>
              {queues.map((q) => (
                <option key={q.id} value={q.id}>
                  {q.name}
                </option>
              ))}
            </select>
          </Field>
          <div class="actions">
            <Button type="submit" label={t('messaging.addButton')} icon="plus" variant="primary" data-action="add-connector" />
          </div>
        </form>
      )}
    </section>
  );
}

/**
 * Leave-a-message templates (admins, issue 13): per channel and business line, what a visitor
 * fills in when nobody can serve their chat. Anyone with config.view sees the list; making,
 * changing and deleting needs config.edit (the daemon checks every call).
 */
import { useEffect, useState } from 'preact/hooks';
import { leaveMessageTemplates } from '../api/endpoints.js';
import type { LeaveMessageTemplate, LeaveMessageTemplateInput, Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { locale, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';
import { notify } from '../kit/toast-store.js';
import { CHANNELS, draftOf, emptyDraft, type TemplateDraft } from './template-form.js';
import { TemplateForm, channelLabel } from './TemplateForm.js';
import './leave-message-templates.css';

type Editing = { id: string | undefined; draft: TemplateDraft } | undefined;

/** By channel (in the order the widget knows them), then business line. */
const byChannelAndLine = (a: LeaveMessageTemplate, b: LeaveMessageTemplate) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel) || a.businessLine.localeCompare(b.businessLine);

export function LeaveMessageTemplatesPage({ principal }: { principal: Principal }) {
  const [list, setList] = useState<LeaveMessageTemplate[] | undefined>(undefined);
  const [editing, setEditing] = useState<Editing>(undefined);
  const [busy, run] = useAction();
  const canEdit = principal.permissions.includes('config.edit');
  const load = () =>
    void run('leaveTemplates.load', async () => {
      setList([...(await leaveMessageTemplates.list())].sort(byChannelAndLine));
    });
  useEffect(load, []);

  const save = async (input: LeaveMessageTemplateInput) => {
    if (editing?.id) await leaveMessageTemplates.update(editing.id, input);
    else await leaveMessageTemplates.create(input);
    setEditing(undefined);
    notify('success', 'leaveTemplates.saved');
    load();
  };
  const remove = (row: LeaveMessageTemplate) => {
    if (!window.confirm(t('leaveTemplates.confirmDelete', { name: locale.value === 'zh-CN' ? row.name.zh : row.name.en }))) return;
    void run('leaveTemplates.delete', async () => {
      await leaveMessageTemplates.remove(row.id);
      if (editing?.id === row.id) setEditing(undefined);
      notify('success', 'leaveTemplates.deleted');
      setList([...(await leaveMessageTemplates.list())].sort(byChannelAndLine));
    });
  };

  return (
    <Frame title={t('leaveTemplates.title')} principal={principal} class="leave-templates-page">
      <section class="panel" aria-labelledby="templates-title">
        <div class="panel-head">
          <h2 id="templates-title">{t('leaveTemplates.heading')}</h2>
          {canEdit && !editing && <Button label={t('leaveTemplates.new')} icon="plus" variant="primary" data-action="new-template" onClick={() => setEditing({ id: undefined, draft: emptyDraft() })} />}
        </div>
        <p class="muted">{t('leaveTemplates.intro')}</p>
        {editing && (
          <TemplateForm key={editing.id ?? 'new'} initial={editing.draft} editing={editing.id !== undefined} onSave={save} onCancel={() => setEditing(undefined)} />
        )}
        {!list ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <Table
            caption={t('leaveTemplates.heading')}
            hideCaption
            rows={list}
            rowKey={(r) => r.id}
            empty={t('leaveTemplates.none')}
            columns={[
              { key: 'channel', header: t('leaveTemplates.channel'), cell: (r) => channelLabel(r.channel) },
              { key: 'line', header: t('leaveTemplates.businessLine'), cell: (r) => <code>{r.businessLine}</code> },
              { key: 'name', header: t('leaveTemplates.name'), cell: (r) => <span data-template-name={r.name.en}>{`${r.name.en} / ${r.name.zh}`}</span> },
              { key: 'fields', header: t('leaveTemplates.fields'), cell: (r) => r.fields.map((f) => (f.required ? t('leaveTemplates.requiredField', { en: f.label.en, zh: f.label.zh }) : `${f.label.en} / ${f.label.zh}`)).join(', ') },
              { key: 'enabled', header: t('leaveTemplates.state'), cell: (r) => (r.enabled ? t('leaveTemplates.on') : t('leaveTemplates.off')) },
              ...(canEdit
                ? [
                    {
                      key: 'actions',
                      header: t('leaveTemplates.actions'),
                      cell: (r: LeaveMessageTemplate) => (
                        <div class="row-actions">
                          <Button label={t('leaveTemplates.edit')} data-action="edit-template" data-template={r.id} onClick={() => setEditing({ id: r.id, draft: draftOf(r) })} />
                          <Button label={t('leaveTemplates.delete')} variant="danger" data-action="delete-template" data-template={r.id} busy={busy === 'leaveTemplates.delete'} onClick={() => remove(r)} />
                        </div>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </section>
    </Frame>
  );
}

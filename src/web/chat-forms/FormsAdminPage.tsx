/**
 * Forms and surveys in chat (admins, config.edit; issue 21): define them, change them (each save a
 * new version), archive them, and choose the form each widget channel asks before a chat starts.
 */
import { useEffect, useState } from 'preact/hooks';
import { labelIn } from '../../forms/form-rules.js';
import { formsApi, type FormView } from '../api/forms.js';
import type { Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { locale, t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Table } from '../kit/Table.js';
import { notify } from '../kit/toast-store.js';
import { draftOf, emptyDraft, type FormDraft } from './form-draft.js';
import { FormEditor } from './FormEditor.js';
import './chat-forms.css';

const CHANNELS = ['web', 'mobile_web', 'app'] as const;
type Editing = { id: string | undefined; draft: FormDraft } | undefined;

export function FormsAdminPage({ principal }: { principal: Principal }) {
  const [list, setList] = useState<FormView[] | undefined>();
  const [prechat, setPrechat] = useState<Record<string, string>>({});
  const [editing, setEditing] = useState<Editing>();
  const [working, run] = useAction();
  const busy = working !== undefined;
  const load = () =>
    void run('forms.loadFailed', async () => {
      const [forms, channels] = await Promise.all([formsApi.list(true), formsApi.prechat()]);
      setList(forms.forms);
      setPrechat(channels.channels);
    });
  useEffect(load, []);
  const save = async (input: Parameters<typeof formsApi.create>[0]) => {
    if (editing?.id) await formsApi.update(editing.id, input);
    else await formsApi.create(input);
    setEditing(undefined);
    notify('success', 'forms.saved');
    load();
  };
  const archive = (row: FormView, archived: boolean) =>
    void run('forms.saveFailed', async () => {
      await formsApi.archive(row.id, archived);
      load();
    });
  const choosePrechat = (channel: string, formId: string) =>
    void run('forms.saveFailed', async () => {
      setPrechat((await formsApi.setPrechat(channel, formId === '' ? null : formId)).channels);
      notify('success', 'forms.prechatSaved');
    });
  const lang = locale.value;
  const usable = (list ?? []).filter((f) => f.kind === 'form' && !f.archived);
  return (
    <Frame title={t('forms.title')} principal={principal} class="forms-admin-page">
      <section class="panel" aria-labelledby="forms-title">
        <div class="panel-head">
          <h2 id="forms-title">{t('forms.heading')}</h2>
          {!editing && (
            <>
              <Button label={t('forms.newForm')} icon="plus" variant="primary" data-action="new-form" onClick={() => setEditing({ id: undefined, draft: emptyDraft('form') })} />
              <Button label={t('forms.newSurvey')} icon="plus" data-action="new-survey" onClick={() => setEditing({ id: undefined, draft: emptyDraft('survey') })} />
            </>
          )}
        </div>
        <p class="muted">{t('forms.intro')}</p>
        {editing && <FormEditor key={editing.id ?? `new-${editing.draft.kind}`} initial={editing.draft} editing={editing.id !== undefined} onSave={save} onCancel={() => setEditing(undefined)} />}
        {!list ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <Table
            caption={t('forms.heading')}
            hideCaption
            rows={list}
            rowKey={(r) => r.id}
            empty={t('forms.none')}
            columns={[
              { key: 'name', header: t('forms.name'), cell: (r) => <span data-form-name={r.name}>{r.name}</span> },
              { key: 'kind', header: t('forms.kind'), cell: (r) => (r.kind === 'survey' ? t('forms.surveyBadge') : t('forms.formBadge')) },
              { key: 'title', header: t('forms.titleShown'), cell: (r) => labelIn(r.definition.title, lang) },
              { key: 'fields', header: t('forms.fields'), cell: (r) => r.definition.fields.map((f) => labelIn(f.label, lang) + (f.required ? ' *' : '')).join(t('forms.listSeparator')) },
              { key: 'version', header: t('forms.version'), cell: (r) => String(r.version) },
              { key: 'state', header: t('forms.state'), cell: (r) => (r.archived ? t('forms.archived') : t('forms.active')) },
              {
                key: 'actions',
                header: t('forms.actions'),
                cell: (r) => (
                  <div class="row-actions">
                    <Button label={t('forms.edit')} data-action="edit-form" disabled={busy || r.archived} onClick={() => setEditing({ id: r.id, draft: draftOf(r) })} />
                    <Button label={r.archived ? t('forms.restore') : t('forms.archive')} disabled={busy} onClick={() => archive(r, !r.archived)} />
                  </div>
                ),
              },
            ]}
          />
        )}
      </section>
      <section class="panel" aria-labelledby="prechat-title">
        <h2 id="prechat-title">{t('forms.prechatHeading')}</h2>
        <p class="muted">{t('forms.prechatIntro')}</p>
        <div class="prechat-channels">
          {CHANNELS.map((c) => (
            <label key={c} class="prechat-channel">
              <span>{t(`forms.channel.${c}`)}</span>
              <select data-channel={c} value={prechat[c] ?? ''} disabled={busy} onChange={(e) => choosePrechat(c, e.currentTarget.value)}>
                <option value="">{t('forms.prechatNone')}</option>
                {usable.map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      </section>
    </Frame>
  );
}

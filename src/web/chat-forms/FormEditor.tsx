/**
 * One form or survey being made or changed: its name, title (English and Chinese) and fields with
 * their rules. Saving a change makes a new version; answers already given keep theirs. A refusal
 * from the daemon is shown under the form and marks the field it names until the admin edits.
 */
import { useState } from 'preact/hooks';
import { KINDS_OF, IDENTITIES, type FieldKind } from '../../forms/form-rules.js';
import { isApiError } from '../api/http.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { errorText } from '../kit/toast-store.js';
import { emptyField, inputOf, refusedRow, type FieldDraft, type FormDraft } from './form-draft.js';

export function FormEditor({ initial, editing, onSave, onCancel }: { initial: FormDraft; editing: boolean; onSave: (input: ReturnType<typeof inputOf>) => Promise<void>; onCancel: () => void }) {
  const [draft, setDraftRaw] = useState(initial);
  const [refusal, setRefusal] = useState<{ text: string; code?: string; row?: number } | undefined>();
  const [busy, setBusy] = useState(false);
  const setDraft = (next: FormDraft) => {
    setDraftRaw(next);
    setRefusal(undefined);
  };
  const setField = (i: number, patch: Partial<FieldDraft>) => setDraft({ ...draft, fields: draft.fields.map((f, j) => (j === i ? { ...f, ...patch } : f)) });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSave(inputOf(draft));
    } catch (err) {
      const row = isApiError(err) ? refusedRow(err.details) : undefined;
      setRefusal({ ...errorText(err), ...(row === undefined ? {} : { row }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="form-editor" aria-labelledby="form-editor-title" onSubmit={(e) => void submit(e)}>
      <h3 id="form-editor-title">{editing ? t('forms.editTitle') : draft.kind === 'survey' ? t('forms.newSurveyTitle') : t('forms.newFormTitle')}</h3>
      <div class="form-editor-head">
        <Field id="form-name" label={t('forms.name')} hint={t('forms.nameHint')}>
          <input id="form-name" required maxLength={100} value={draft.name} aria-describedby="form-name-hint" onInput={(e) => setDraft({ ...draft, name: e.currentTarget.value })} />
        </Field>
        <Field id="form-title-en" label={t('forms.titleEn')}>
          <input id="form-title-en" required maxLength={200} value={draft.titleEn} onInput={(e) => setDraft({ ...draft, titleEn: e.currentTarget.value })} />
        </Field>
        <Field id="form-title-zh" label={t('forms.titleZh')}>
          <input id="form-title-zh" required maxLength={200} value={draft.titleZh} onInput={(e) => setDraft({ ...draft, titleZh: e.currentTarget.value })} />
        </Field>
      </div>
      <fieldset class="form-editor-fields">
        <legend>{draft.kind === 'survey' ? t('forms.questions') : t('forms.fields')}</legend>
        {draft.fields.map((f, i) => {
          const n = i + 1;
          const id = `form-field-${f.key}`;
          return (
            <div key={f.key} class={refusal?.row === i ? 'form-editor-field is-refused' : 'form-editor-field'} data-field-row={i}>
              <Field id={`${id}-name`} label={t('forms.fieldName', { n })}>
                <input id={`${id}-name`} required maxLength={40} value={f.name} onInput={(e) => setField(i, { name: e.currentTarget.value })} />
              </Field>
              <Field id={`${id}-kind`} label={t('forms.kind')}>
                <select id={`${id}-kind`} value={f.kind} onChange={(e) => setField(i, { kind: e.currentTarget.value as FieldKind })}>
                  {KINDS_OF[draft.kind].map((k) => (
                    <option key={k} value={k}>
                      {t(`forms.kind.${k}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <Field id={`${id}-en`} label={t('forms.labelEn')}>
                <input id={`${id}-en`} required maxLength={200} value={f.labelEn} onInput={(e) => setField(i, { labelEn: e.currentTarget.value })} />
              </Field>
              <Field id={`${id}-zh`} label={t('forms.labelZh')}>
                <input id={`${id}-zh`} required maxLength={200} value={f.labelZh} onInput={(e) => setField(i, { labelZh: e.currentTarget.value })} />
              </Field>
              {(f.kind === 'number' || f.kind === 'scale') && (
                <>
                  <Field id={`${id}-min`} label={f.kind === 'scale' ? t('forms.scaleFrom') : t('forms.min')}>
                    <input id={`${id}-min`} inputMode="decimal" value={f.min} onInput={(e) => setField(i, { min: e.currentTarget.value })} />
                  </Field>
                  <Field id={`${id}-max`} label={f.kind === 'scale' ? t('forms.scaleTo') : t('forms.max')}>
                    <input id={`${id}-max`} inputMode="decimal" value={f.max} onInput={(e) => setField(i, { max: e.currentTarget.value })} />
                  </Field>
                </>
              )}
              {f.kind === 'text' && (
                <Field id={`${id}-maxlen`} label={t('forms.maxLength')}>
                  <input id={`${id}-maxlen`} inputMode="numeric" value={f.maxLength} onInput={(e) => setField(i, { maxLength: e.currentTarget.value })} />
                </Field>
              )}
              {f.kind === 'choice' && (
                <Field id={`${id}-options`} label={t('forms.options')} hint={t('forms.optionsHint')} class="form-editor-options">
                  <textarea id={`${id}-options`} rows={3} aria-describedby={`${id}-options-hint`} value={f.options} onInput={(e) => setField(i, { options: e.currentTarget.value })} />
                </Field>
              )}
              {draft.kind === 'form' && (
                <Field id={`${id}-identity`} label={t('forms.identity')}>
                  <select id={`${id}-identity`} value={f.identity} onChange={(e) => setField(i, { identity: e.currentTarget.value as FieldDraft['identity'] })}>
                    <option value="">{t('forms.identity.none')}</option>
                    {IDENTITIES.map((x) => (
                      <option key={x} value={x}>
                        {t(`forms.identity.${x}`)}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              <label class="form-editor-required">
                <input type="checkbox" checked={f.required} onChange={(e) => setField(i, { required: e.currentTarget.checked })} />
                {t('forms.required')}
              </label>
              <Button label={t('forms.removeField', { n })} icon="close" iconOnly variant="danger" data-action="field-remove" disabled={draft.fields.length === 1} onClick={() => setDraft({ ...draft, fields: draft.fields.filter((_, j) => j !== i) })} />
            </div>
          );
        })}
        <Button label={draft.kind === 'survey' ? t('forms.addQuestion') : t('forms.addField')} data-action="field-add" onClick={() => setDraft({ ...draft, fields: [...draft.fields, emptyField(draft.kind)] })} />
      </fieldset>
      {refusal && (
        <p class="field-error" role="alert" data-code={refusal.code}>
          {refusal.row === undefined ? refusal.text : t('forms.refusedAtRow', { text: refusal.text, n: refusal.row + 1 })}
          {refusal.code && <span class="error-code"> ({refusal.code})</span>}
        </p>
      )}
      {editing && <p class="muted">{t('forms.versionNote')}</p>}
      <div class="form-editor-actions">
        <Button label={t('forms.cancel')} onClick={onCancel} />
        <Button type="submit" label={t('forms.save')} variant="primary" busy={busy} data-action="save-form" />
      </div>
    </form>
  );
}

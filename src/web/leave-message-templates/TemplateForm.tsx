/**
 * One template being made or changed: channel, business line, name, and its fields (add, remove,
 * move up or down). A refusal from the daemon is shown in words under the form and marks the field
 * row it points at; it goes as soon as the admin changes anything, so it never outlives its cause.
 */
import { useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import type { LeaveMessageTemplateInput } from '../api/types.js';
import { hasKey, t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { errorText } from '../kit/toast-store.js';
import { CHANNELS, FIELD_KINDS, FIELD_NAME_PATTERN, emptyField, fieldIndexOf, inputOf, isComplete, moveField, type FieldDraft, type TemplateDraft } from './template-form.js';

export const channelLabel = (c: string) => {
  const k = `leaveTemplates.channel.${c}`;
  return hasKey(k) ? t(k) : c;
};
const kindLabel = (k: string) => {
  const key = `leaveTemplates.kind.${k}`;
  return hasKey(key) ? t(key) : k;
};

interface Refusal {
  text: string;
  code?: string;
  row?: number;
}

export function TemplateForm({ initial, editing, onSave, onCancel }: { initial: TemplateDraft; editing: boolean; onSave: (input: LeaveMessageTemplateInput) => Promise<void>; onCancel: () => void }) {
  const [draft, setDraftRaw] = useState<TemplateDraft>(initial);
  const [refusal, setRefusal] = useState<Refusal | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const setDraft = (next: TemplateDraft) => {
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
      // Shown here rather than in a toast: the admin fixes it in this form.
      const shown = errorText(err);
      const row = isApiError(err) ? fieldIndexOf(err.details) : undefined;
      setRefusal({ ...shown, ...(row === undefined ? {} : { row }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="template-form" aria-labelledby="template-form-title" onSubmit={(e) => void submit(e)} data-editing={editing ? 'true' : 'false'}>
      <h3 id="template-form-title">{editing ? t('leaveTemplates.editTitle') : t('leaveTemplates.newTitle')}</h3>
      <div class="template-head">
        <Field id="template-channel" label={t('leaveTemplates.channel')}>
          <select id="template-channel" name="channel" value={draft.channel} onChange={(e) => setDraft({ ...draft, channel: e.currentTarget.value as TemplateDraft['channel'] })}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelLabel(c)}
              </option>
            ))}
          </select>
        </Field>
        <Field id="template-line" label={t('leaveTemplates.businessLine')} hint={t('leaveTemplates.businessLineHint')}>
          <input id="template-line" name="businessLine" required maxLength={60} value={draft.businessLine} aria-describedby="template-line-hint" onInput={(e) => setDraft({ ...draft, businessLine: e.currentTarget.value })} />
        </Field>
        <Field id="template-name-en" label={t('leaveTemplates.nameEn')}>
          <input id="template-name-en" name="nameEn" required maxLength={100} value={draft.nameEn} onInput={(e) => setDraft({ ...draft, nameEn: e.currentTarget.value })} />
        </Field>
        <Field id="template-name-zh" label={t('leaveTemplates.nameZh')}>
          <input id="template-name-zh" name="nameZh" required maxLength={100} value={draft.nameZh} onInput={(e) => setDraft({ ...draft, nameZh: e.currentTarget.value })} />
        </Field>
        <label class="template-enabled">
          <input type="checkbox" name="enabled" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })} />
          {t('leaveTemplates.enabled')}
        </label>
      </div>

      <fieldset class="template-fields">
        <legend>{t('leaveTemplates.fields')}</legend>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('leaveTemplates.fieldName')}</th>
              <th scope="col">{t('leaveTemplates.labelEn')}</th>
              <th scope="col">{t('leaveTemplates.labelZh')}</th>
              <th scope="col">{t('leaveTemplates.kind')}</th>
              <th scope="col">{t('leaveTemplates.required')}</th>
              <th scope="col">{t('leaveTemplates.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {draft.fields.map((f, i) => {
              const marked = refusal?.row === i;
              const n = i + 1;
              return (
                <tr key={f.key} data-field-row={i} class={marked ? 'is-refused' : undefined}>
                  <td>
                    <input name={`field-${i}-name`} aria-label={t('leaveTemplates.fieldNameOf', { n })} required maxLength={40} pattern={FIELD_NAME_PATTERN} value={f.name} aria-invalid={marked ? 'true' : undefined} onInput={(e) => setField(i, { name: e.currentTarget.value })} />
                  </td>
                  <td>
                    <input name={`field-${i}-en`} aria-label={t('leaveTemplates.labelEnOf', { n })} required maxLength={100} value={f.labelEn} onInput={(e) => setField(i, { labelEn: e.currentTarget.value })} />
                  </td>
                  <td>
                    <input name={`field-${i}-zh`} aria-label={t('leaveTemplates.labelZhOf', { n })} required maxLength={100} value={f.labelZh} onInput={(e) => setField(i, { labelZh: e.currentTarget.value })} />
                  </td>
                  <td>
                    <select name={`field-${i}-kind`} aria-label={t('leaveTemplates.kindOf', { n })} value={f.kind} onChange={(e) => setField(i, { kind: e.currentTarget.value })}>
                      {FIELD_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {kindLabel(k)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td class="center">
                    <input type="checkbox" name={`field-${i}-required`} aria-label={t('leaveTemplates.requiredOf', { n })} checked={f.required} onChange={(e) => setField(i, { required: e.currentTarget.checked })} />
                  </td>
                  <td>
                    <div class="row-actions">
                      <Button label={t('leaveTemplates.moveUp', { n })} icon="chevronUp" iconOnly data-action="field-up" disabled={i === 0} onClick={() => setDraft({ ...draft, fields: moveField(draft.fields, i, -1) })} />
                      <Button label={t('leaveTemplates.moveDown', { n })} icon="chevronDown" iconOnly data-action="field-down" disabled={i === draft.fields.length - 1} onClick={() => setDraft({ ...draft, fields: moveField(draft.fields, i, 1) })} />
                      <Button label={t('leaveTemplates.removeField', { n })} icon="close" iconOnly variant="danger" data-action="field-remove" onClick={() => setDraft({ ...draft, fields: draft.fields.filter((_, j) => j !== i) })} />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <Button label={t('leaveTemplates.addField')} data-action="field-add" onClick={() => setDraft({ ...draft, fields: [...draft.fields, emptyField()] })} />
      </fieldset>

      {refusal && (
        <p class="field-error template-refusal" role="alert" data-code={refusal.code}>
          {refusal.row === undefined ? refusal.text : t('leaveTemplates.refusedAtRow', { text: refusal.text, n: refusal.row + 1 })}
          {refusal.code && <span class="error-code"> ({refusal.code})</span>}
        </p>
      )}
      <div class="form-actions">
        <Button type="submit" label={t('leaveTemplates.save')} variant="primary" data-action="save-template" busy={busy} disabled={!isComplete(draft)} />
        <Button label={t('leaveTemplates.cancel')} data-action="cancel-template" onClick={onCancel} />
      </div>
    </form>
  );
}

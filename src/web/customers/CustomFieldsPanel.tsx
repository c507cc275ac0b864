/**
 * Admins (config.edit) define the custom fields every customer profile gets: a key, a label, a
 * type (text, number, date, choice with its options). A refusal names its field under it; a field
 * customers hold values of cannot be deleted (the daemon says how many).
 */
import { useEffect, useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import { customers } from '../api/endpoints.js';
import type { CustomField } from '../api/types.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { reportError } from '../kit/toast-store.js';

const TYPES = ['text', 'number', 'date', 'choice'] as const;
type Form = { key: string; label: string; type: (typeof TYPES)[number]; options: string };
const EMPTY: Form = { key: '', label: '', type: 'text', options: '' };

export function CustomFieldsPanel() {
  const [fields, setFields] = useState<CustomField[]>([]);
  const [form, setForm] = useState<Form>(EMPTY);
  // Message keys, not texts: a language switch re-words a refusal on screen.
  const [problems, setProblems] = useState<Partial<Record<keyof Form, MessageKey>>>({});
  const [busy, run] = useAction();
  const reload = () => run('customer.fields.load', async () => setFields((await customers.fields()).items));
  useEffect(() => {
    void reload();
  }, []);

  const set = (key: keyof Form, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    setProblems((p) => ({ ...p, [key]: undefined }));
  };

  const add = async (e: Event) => {
    e.preventDefault();
    const options = form.options
      .split(',')
      .map((o) => o.trim())
      .filter((o) => o !== '');
    try {
      await customers.createField({ key: form.key.trim(), label: form.label.trim(), type: form.type, ...(form.type === 'choice' ? { options } : {}) });
      setForm(EMPTY);
      await reload();
    } catch (err) {
      const list = isApiError(err) ? (err.details as { problems?: { where: string }[] } | undefined)?.problems : undefined;
      const found: Partial<Record<keyof Form, MessageKey>> = {};
      for (const p of list ?? []) {
        const key = p.where.replace('/body/', '').split('/')[0] as keyof Form;
        if (key in EMPTY) found[key] = 'customer.problem.invalid';
      }
      if (isApiError(err, 'CONFLICT')) found.key = 'customer.fields.keyTaken';
      if (Object.keys(found).length > 0) setProblems(found);
      else reportError('customer.fields.add', err);
    }
  };

  const remove = (f: CustomField) =>
    void run('customer.fields.delete', async () => {
      await customers.deleteField(f.id);
      await reload();
    });

  const text = (key: 'key' | 'label' | 'options', label: MessageKey, hint?: MessageKey) => (
    <Field id={`field-${key}`} label={t(label)} {...(hint ? { hint: t(hint) } : {})} {...(problems[key] ? { error: t(problems[key]) } : {})}>
      <input id={`field-${key}`} value={form[key]} aria-invalid={problems[key] ? 'true' : undefined} onInput={(e) => set(key, e.currentTarget.value)} />
    </Field>
  );

  return (
    <section class="panel custom-fields" aria-labelledby="custom-fields-title">
      <h2 id="custom-fields-title">{t('customer.fields.title')}</h2>
      <ul class="custom-field-list">
        {fields.map((f) => (
          <li key={f.id}>
            <span>
              <strong>{f.label}</strong> <span class="muted">{`${f.key} · ${t(`customer.fields.type.${f.type}`)}${f.options.length > 0 ? ` (${f.options.join(', ')})` : ''}`}</span>
            </span>
            <Button label={t('customer.fields.delete')} variant="ghost" busy={busy !== undefined} onClick={() => remove(f)} />
          </li>
        ))}
      </ul>
      <form class="custom-field-form" onSubmit={(e) => void add(e)}>
        {text('label', 'customer.fields.label')}
        {text('key', 'customer.fields.key', 'customer.fields.keyHint')}
        <Field id="field-type" label={t('customer.fields.type')}>
          <select id="field-type" value={form.type} onChange={(e) => set('type', e.currentTarget.value)}>
            {TYPES.map((ty) => (
              <option key={ty} value={ty}>
                {t(`customer.fields.type.${ty}`)}
              </option>
            ))}
          </select>
        </Field>
        {form.type === 'choice' && text('options', 'customer.fields.options', 'customer.hint.tags')}
        <Button type="submit" variant="primary" icon="plus" label={t('customer.fields.add')} />
      </form>
    </section>
  );
}

/**
 * Editing a customer in place: the profile panel turns into this form, Save sends only what
 * changed (PATCH) and the panel shows the stored result. A refusal names its field (a number
 * another customer owns, a custom value of the wrong type) and the message stays under that field
 * until it changes; nothing is stored then. Values the customer gave in chat forms are offered for
 * the profile fields still empty (profile-suggestions.ts): one click puts one in the form.
 */
import { useEffect, useState } from 'preact/hooks';
import { formsApi, type ChatFormView } from '../api/forms.js';
import { formatDateTime } from '../i18n/format.js';
import { isApiError } from '../api/http.js';
import { customers } from '../api/endpoints.js';
import type { Customer, CustomField } from '../api/types.js';
import { locale, t, type MessageKey } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { reportError } from '../kit/toast-store.js';
import { fieldOf, formOf, patchOf, type FormKey, type ProfileForm } from './profile-form.js';
import { profileSuggestions, type SuggestedKey } from './profile-suggestions.js';

const LEVELS = ['standard', 'silver', 'gold', 'vip'] as const;

const SUGGESTED_LABEL: Record<SuggestedKey, MessageKey> = { company: 'pop.company', age: 'customer.age', gender: 'customer.gender', preferences: 'customer.preferences', needs: 'customer.needs' };

/** The page's words for a refusal (the daemon's reason is English). */
const PROBLEM: Partial<Record<string, MessageKey>> = {
  CUSTOMER_IDENTITY_TAKEN: 'customer.problem.taken',
  CUSTOMER_FIELD_INVALID: 'customer.problem.wrongType',
  CUSTOMER_FIELD_UNKNOWN: 'customer.problem.unknownField',
};

/** Message keys, not texts: a language switch re-words a refusal on screen. */
type Problems = Partial<Record<FormKey, MessageKey>>;

function problemsOf(err: unknown): Problems | undefined {
  if (!isApiError(err)) return undefined;
  const list = (err.details as { problems?: { where: string }[] } | undefined)?.problems;
  if (!Array.isArray(list)) return undefined;
  const out: Problems = {};
  for (const p of list) {
    const key = fieldOf(p.where);
    if (key && !out[key]) out[key] = PROBLEM[err.code] ?? 'customer.problem.invalid';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export function ProfileEditor({ customer, fields, onSaved, onCancel }: { customer: Customer; fields: CustomField[]; onSaved: (c: Customer) => void; onCancel: () => void }) {
  const [form, setForm] = useState<ProfileForm>(formOf(customer));
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  const [answered, setAnswered] = useState<ChatFormView[]>([]);
  useEffect(() => {
    let live = true;
    formsApi.ofCustomer(customer.id).then(
      (r) => live && setAnswered(r.forms),
      (err: unknown) => reportError('forms.loadFailed', err),
    );
    return () => {
      live = false;
    };
  }, [customer.id]);
  const suggestions = profileSuggestions(form, answered, locale.value);

  const set = (key: FormKey, value: string) => {
    setForm((f) => (key.startsWith('custom.') ? { ...f, custom: { ...f.custom, [key.slice(7)]: value } } : { ...f, [key]: value }));
    setProblems((p) => ({ ...p, [key]: undefined }));
  };
  const valueOf = (key: FormKey): string => (key.startsWith('custom.') ? (form.custom[key.slice(7)] ?? '') : (form[key as Exclude<FormKey, `custom.${string}`>] as string));

  const save = async (e: Event) => {
    e.preventDefault();
    const patch = patchOf(customer, form, fields);
    if (Object.keys(patch).length === 0) return onCancel();
    setSaving(true);
    try {
      onSaved(await customers.patch(customer.id, patch));
    } catch (err) {
      const found = problemsOf(err);
      if (found) setProblems(found);
      else reportError('customer.save', err);
    } finally {
      setSaving(false);
    }
  };

  const control = (key: FormKey, label: string, kind: 'text' | 'lines' | 'number' | 'date' | 'area' = 'text', hint?: MessageKey) => {
    const id = `customer-${key.replace('.', '-')}`;
    const problem = problems[key];
    const error = problem ? t(problem) : undefined;
    const common = {
      id,
      value: valueOf(key),
      'aria-invalid': error ? ('true' as const) : undefined,
      'aria-describedby': error ? `${id}-error` : hint ? `${id}-hint` : undefined,
      onInput: (ev: Event) => set(key, (ev.currentTarget as HTMLInputElement).value),
    };
    return (
      <Field id={id} label={label} {...(hint ? { hint: t(hint) } : {})} {...(error ? { error } : {})}>
        {kind === 'lines' || kind === 'area' ? <textarea rows={3} {...common} /> : <input {...common} {...({ type: kind } as { type: "text" })} />}
      </Field>
    );
  };

  const customControl = (f: CustomField) => {
    const key: FormKey = `custom.${f.key}`;
    if (f.type !== 'choice') return <div key={f.id}>{control(key, f.label, f.type === 'text' ? 'text' : f.type)}</div>;
    const id = `customer-custom-${f.key}`;
    const problem = problems[key];
    const error = problem ? t(problem) : undefined;
    return (
      <Field key={f.id} id={id} label={f.label} {...(error ? { error } : {})}>
        <select id={id} value={valueOf(key)} aria-invalid={error ? 'true' : undefined} onChange={(ev) => set(key, (ev.currentTarget as HTMLSelectElement).value)}>
          <option value="">{t('customer.noValue')}</option>
          {f.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
    );
  };

  return (
    <form class="panel customer-profile customer-editor" onSubmit={(e) => void save(e)} aria-label={t('customer.editTitle')}>
      <h2>{t('customer.editTitle')}</h2>
      {control('name', t('customer.name'))}
      {control('company', t('pop.company'))}
      <Field id="customer-level" label={t('pop.level')}>
        <select id="customer-level" value={form.level} onChange={(ev) => set('level', (ev.currentTarget as HTMLSelectElement).value)}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`customer.level.${l}`)}
            </option>
          ))}
        </select>
      </Field>
      {control('tags', t('pop.tags'), 'text', 'customer.hint.tags')}
      {control('phones', t('customer.phones'), 'lines', 'customer.hint.lines')}
      {control('emails', t('customer.emails'), 'lines', 'customer.hint.lines')}
      {control('chatVisitors', t('customer.chatVisitors'), 'lines', 'customer.hint.lines')}
      {control('messaging', t('customer.messaging'), 'lines', 'customer.hint.messaging')}
      <fieldset>
        <legend>{t('customer.profile')}</legend>
        {suggestions.length > 0 && (
          <div class="profile-suggestions" role="group" aria-labelledby="profile-suggestions-title">
            <p id="profile-suggestions-title" class="muted">
              {t('customer.suggestions')}
            </p>
            <ul>
              {suggestions.map((s) => (
                <li key={s.key} data-suggestion={s.key}>
                  <span>
                    <strong>{t(SUGGESTED_LABEL[s.key])}:</strong> {s.value} <span class="muted">{t('customer.suggestionSource', { form: s.source.form, at: formatDateTime(s.source.at) })}</span>
                  </span>
                  <Button label={t('customer.useSuggestion')} variant="ghost" data-action="use-suggestion" onClick={() => set(s.key, s.value)} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {control('age', t('customer.age'), 'number')}
        {control('gender', t('customer.gender'))}
        {control('preferences', t('customer.preferences'), 'area')}
        {control('needs', t('customer.needs'), 'area')}
      </fieldset>
      {fields.length > 0 && (
        <fieldset>
          <legend>{t('customer.customFields')}</legend>
          {fields.map(customControl)}
        </fieldset>
      )}
      {control('notes', t('customer.notes'), 'area')}
      <div class="form-actions">
        <Button type="submit" variant="primary" icon="check" label={t('common.save')} busy={saving} />
        <Button label={t('common.cancel')} onClick={onCancel} disabled={saving} />
      </div>
    </form>
  );
}

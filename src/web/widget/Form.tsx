/**
 * A form or survey in the chat (sent by the agent, or the channel's pre-chat form): each field in
 * the visitor's language, checked here with the server's own rules (src/forms/form-rules.ts) so
 * mistakes show at once, next to their field; the server checks again and its refusal names the
 * field the same way.
 */
import { useState } from 'preact/hooks';
import type { OfferedForm } from '../../chat/protocol.js';
import { checkAnswers, labelIn, type Answers, type FormField } from '../../forms/form-rules.js';
import type { Translate, WidgetLocale } from './i18n.js';
import type { FormProblemView } from './view.js';

type Draft = Record<string, string>;

/** What the visitor typed, as the answer: numbers for number and scale fields, blanks left out. */
export function answersOf(form: OfferedForm, draft: Draft): Answers {
  const out: Answers = {};
  for (const f of form.fields) {
    const raw = (draft[f.name] ?? '').trim();
    if (raw === '') continue;
    const n = Number(raw);
    out[f.name] = (f.kind === 'number' || f.kind === 'scale') && Number.isFinite(n) ? n : raw;
  }
  return out;
}

/** A problem with a field, in the visitor's words. */
export function problemText(f: FormField, code: string, value: string, t: Translate): string {
  if (code === 'FORM_FIELD_REQUIRED') return t('form.required');
  if (code !== 'FORM_FIELD_INVALID') return t('form.unknown');
  if (f.kind === 'number' || f.kind === 'scale') {
    if (!Number.isFinite(Number(value)) || value.trim() === '') return t('form.notNumber');
    if (f.min !== undefined && f.max !== undefined) return t('form.range', { min: f.min, max: f.max });
    return f.min !== undefined ? t('form.min', { min: f.min }) : t('form.max', { max: f.max ?? '' });
  }
  if (f.kind === 'email') return t('form.email');
  if (f.kind === 'phone') return t('form.phone');
  if (f.kind === 'date') return t('form.date');
  if (f.kind === 'choice') return t('form.choice');
  if (f.minLength !== undefined && value.trim().length < f.minLength) return t('form.tooShort', { min: f.minLength });
  return t('form.tooLong', { max: f.maxLength ?? 2000 });
}

function Input({ f, value, set, lang, t, invalid }: { f: FormField; value: string; set: (v: string) => void; lang: WidgetLocale; t: Translate; invalid: boolean }) {
  const id = `sbw-f-${f.name}`;
  const common = { id, name: f.name, 'aria-invalid': invalid, 'aria-describedby': `${id}-problem` };
  if (f.kind === 'scale') {
    const steps: number[] = [];
    for (let s = f.min ?? 1; s <= (f.max ?? 5); s++) steps.push(s);
    return (
      <div class="scale" role="radiogroup" aria-labelledby={`${id}-label`} data-steps={steps.length}>
        {steps.map((s) => (
          <button type="button" key={s} role="radio" aria-checked={value === String(s)} class={value === String(s) ? 'step on' : 'step'} onClick={() => set(String(s))}>
            {s}
          </button>
        ))}
      </div>
    );
  }
  if (f.kind === 'choice') {
    return (
      <select {...common} value={value} onChange={(e) => set((e.target as HTMLSelectElement).value)}>
        <option value="">{t('form.choose')}</option>
        {(f.options ?? []).map((o) => (
          <option key={o.value} value={o.value}>
            {labelIn(o.label, lang)}
          </option>
        ))}
      </select>
    );
  }
  const type = f.kind === 'email' ? 'email' : f.kind === 'phone' ? 'tel' : f.kind === 'date' ? 'date' : 'text';
  // Numbers as text with a numeric keyboard: the browser's own number box hides what was typed when it is not a number.
  // (Preact types each input type apart; the one element serves them all.)
  return <input {...common} type={type as 'text'} {...(f.kind === 'number' ? { inputMode: 'decimal' as const } : {})} value={value} onInput={(e) => set((e.target as HTMLInputElement).value)} />;
}

export interface FormCardProps {
  form: OfferedForm;
  lang: WidgetLocale;
  t: Translate;
  state: 'open' | 'sending' | 'done';
  problem?: FormProblemView | undefined;
  submitLabel?: string;
  onSubmit(answers: Answers): void;
  onCancel?: () => void;
  /** data-request-id of the card (tests and styles). */
  requestId?: string;
}

export function FormCard({ form, lang, t, state, problem, submitLabel, onSubmit, onCancel, requestId }: FormCardProps) {
  const [draft, setDraft] = useState<Draft>({});
  const [local, setLocal] = useState<Record<string, string>>({});
  const title = labelIn(form.title, lang);
  if (state === 'done') {
    const over = problem && (problem.code === 'FORM_ALREADY_ANSWERED' || problem.code === 'SURVEY_ALREADY_ANSWERED');
    return (
      <div class="form-card done" data-request-id={requestId} role="status">
        <strong>{title}</strong>
        <p>{over ? t(problem.code === 'SURVEY_ALREADY_ANSWERED' ? 'form.surveyAnswered' : 'form.alreadyAnswered') : t('form.done')}</p>
      </div>
    );
  }
  // The server's refusal names one field; the widget's own check may name several.
  const serverField = problem?.field;
  const messageOf = (f: FormField): string | undefined => local[f.name] ?? (serverField === f.name && problem ? problemText(f, problem.code, draft[f.name] ?? '', t) : undefined);
  const submit = (e: Event) => {
    e.preventDefault();
    const answers = answersOf(form, draft);
    const { problems } = checkAnswers({ kind: form.kind, title: form.title, fields: form.fields }, answers);
    const found: Record<string, string> = {};
    for (const p of problems) {
      const f = form.fields.find((x) => x.name === p.field);
      if (f && found[f.name] === undefined) found[f.name] = problemText(f, p.code, draft[f.name] ?? '', t);
    }
    setLocal(found);
    if (Object.keys(found).length === 0) onSubmit(answers);
  };
  const wholeForm = problem && !serverField;
  return (
    <form class="form-card" data-request-id={requestId} data-kind={form.kind} onSubmit={submit} noValidate>
      <strong>{title}</strong>
      {form.fields.map((f) => {
        const message = messageOf(f);
        const id = `sbw-f-${f.name}`;
        return (
          <div class="form-field" key={f.name} data-field={f.name} data-invalid={message ? '' : undefined}>
            <label id={`${id}-label`} for={id}>
              {labelIn(f.label, lang)}
              {f.required ? ' *' : ` ${t('form.optional')}`}
            </label>
            <Input
              f={f}
              value={draft[f.name] ?? ''}
              lang={lang}
              t={t}
              invalid={message !== undefined}
              set={(v) => {
                setDraft({ ...draft, [f.name]: v });
                if (local[f.name] !== undefined) {
                  const { [f.name]: _fixed, ...rest } = local;
                  setLocal(rest);
                }
              }}
            />
            {message && (
              <span class="field-problem" id={`${id}-problem`} role="alert">
                {message}
              </span>
            )}
          </div>
        );
      })}
      {wholeForm && (
        <p class="field-problem" role="alert">
          {t('form.unknown')}
        </p>
      )}
      <div class="row">
        {onCancel && (
          <button type="button" class="secondary" onClick={onCancel}>
            {t('leave.cancel')}
          </button>
        )}
        <button type="submit" class="start" disabled={state === 'sending'}>
          {state === 'sending' ? t('form.sending') : (submitLabel ?? t('form.send'))}
        </button>
      </div>
    </form>
  );
}

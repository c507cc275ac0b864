/**
 * Adding or changing an outcome-notification rule: which call outcomes (and, optionally, only in
 * which queues), sent as a signed webhook or as an SMS through a gateway. The secret is write-only:
 * on an edit the field stays empty and an empty field keeps the stored one. A refusal of the daemon
 * names its field, and the message shows under that field until the field changes.
 */
import { useEffect, useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import { notify } from '../api/endpoints.js';
import type { NotifyRule, QueueConfig } from '../api/types.js';
import { outcomeText } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import { Field } from '../kit/Field.js';
import { reportError } from '../kit/toast-store.js';
import { CALL_OUTCOMES, CHAT_ENDINGS, fieldOf, formOf, inputOf, toggled, type RuleForm } from './rule-form.js';

type Problems = Partial<Record<keyof RuleForm, string>>;

const FIELD_ORDER: (keyof RuleForm)[] = ['name', 'outcomes', 'url', 'toNumber', 'template', 'secret'];

/** What to do about each field the daemon can refuse, in the page's language (its own reason is English). */
const PROBLEM_TEXT: Record<keyof RuleForm, MessageKey> = {
  name: 'notify.problem.name',
  enabled: 'notify.problem.name',
  media: 'notify.problem.outcomes',
  outcomes: 'notify.problem.outcomes',
  queueIds: 'notify.problem.outcomes',
  kind: 'notify.problem.url',
  url: 'notify.problem.url',
  toCustomer: 'notify.problem.toNumber',
  toNumber: 'notify.problem.toNumber',
  template: 'notify.problem.template',
  secret: 'notify.problem.secret',
};

export function RuleDialog({ open, rule, queues, onClose, onSaved }: { open: boolean; rule: NotifyRule | undefined; queues: QueueConfig[]; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState<RuleForm>(formOf(rule));
  const [problems, setProblems] = useState<Problems>({});
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (open) {
      setForm(formOf(rule));
      setProblems({});
    }
  }, [open, rule?.id]);

  // A refusal may name a field below the dialog's fold: it is brought into view and focused.
  useEffect(() => {
    const first = FIELD_ORDER.find((f) => problems[f]);
    if (!first) return;
    const el = document.getElementById(first === 'outcomes' ? 'rule-outcomes-error' : `rule-${first}`);
    el?.scrollIntoView({ block: 'center' });
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.focus();
  }, [problems]);

  const set = <K extends keyof RuleForm>(key: K, value: RuleForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    // The message was about the old value: it goes as soon as the field changes.
    setProblems((p) => ({ ...p, [key]: undefined }));
  };

  const save = async () => {
    setSaving(true);
    try {
      if (rule) await notify.updateRule(rule.id, inputOf(form));
      else await notify.createRule(inputOf(form));
      onSaved();
    } catch (err) {
      const found = problemsOf(err);
      if (found) setProblems(found);
      else reportError(rule ? 'notify.saveRule' : 'notify.addRuleAction', err);
    } finally {
      setSaving(false);
    }
  };

  const text = (key: keyof RuleForm, label: string, opts: { type?: 'text' | 'url' | 'tel' | 'password'; hint?: string } = {}) => (
    <Field id={`rule-${key}`} label={label} {...(opts.hint ? { hint: opts.hint } : {})} {...(problems[key] ? { error: problems[key] } : {})}>
      <input
        id={`rule-${key}`}
        name={key}
        // Preact types each input type's attributes apart; these four share the same ones.
        type={(opts.type ?? 'text') as 'text'}
        value={String(form[key])}
        autocomplete="off"
        aria-invalid={problems[key] ? 'true' : undefined}
        aria-describedby={problems[key] ? `rule-${key}-error` : opts.hint ? `rule-${key}-hint` : undefined}
        onInput={(e) => set(key, e.currentTarget.value as RuleForm[typeof key])}
      />
    </Field>
  );

  return (
    <Dialog
      open={open}
      title={rule ? t('notify.editRule') : t('notify.addRule')}
      onClose={onClose}
      class="rule-dialog"
      footer={
        <>
          <Button label={t('common.cancel')} onClick={onClose} />
          <Button label={t('common.save')} variant="primary" busy={saving} data-action="save-rule" onClick={() => void save()} />
        </>
      }
    >
      {text('name', t('notify.name'))}
      <label class="check">
        <input type="checkbox" name="enabled" checked={form.enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} />
        {t('notify.enabled')}
      </label>
      <label class="field">
        {t('notify.media')}
        <select
          name="media"
          value={form.media}
          onChange={(e) => {
            const media = e.currentTarget.value === 'chat' ? 'chat' : 'call';
            // The other media's choices mean nothing here: start from its usual one.
            if (media !== form.media) setForm({ ...form, media, outcomes: media === 'chat' ? ['unresolved'] : ['queue_abandon'] });
          }}
        >
          <option value="call">{t('notify.media.call')}</option>
          <option value="chat">{t('notify.media.chat')}</option>
        </select>
      </label>
      <fieldset class="choices" aria-describedby={problems.outcomes ? 'rule-outcomes-error' : undefined}>
        <legend>{t(form.media === 'chat' ? 'notify.endings' : 'notify.outcomes')}</legend>
        {(form.media === 'chat' ? CHAT_ENDINGS : CALL_OUTCOMES).map((o) => (
          <label key={o} class="check">
            <input type="checkbox" name="outcome" value={o} checked={form.outcomes.includes(o)} onChange={(e) => set('outcomes', toggled(form.outcomes, o, e.currentTarget.checked))} />
            {outcomeText(o)}
          </label>
        ))}
        {problems.outcomes && (
          <p class="field-error" id="rule-outcomes-error" role="alert">
            {problems.outcomes}
          </p>
        )}
      </fieldset>
      <fieldset class="choices">
        <legend>{t('notify.queues')}</legend>
        <p class="field-hint">{t('notify.queuesHint')}</p>
        {queues.map((q) => (
          <label key={q.id} class="check">
            <input type="checkbox" name="queue" value={q.id} checked={form.queueIds.includes(q.id)} onChange={(e) => set('queueIds', toggled(form.queueIds, q.id, e.currentTarget.checked))} />
            {q.name}
          </label>
        ))}
      </fieldset>
      <fieldset class="choices">
        <legend>{t('notify.channel')}</legend>
        {(['webhook', 'sms'] as const).map((k) => (
          <label key={k} class="check">
            <input type="radio" name="kind" value={k} checked={form.kind === k} onChange={() => set('kind', k)} />
            {t(k === 'webhook' ? 'notify.webhook' : 'notify.sms')}
          </label>
        ))}
      </fieldset>
      {text('url', form.kind === 'webhook' ? t('notify.webhookUrl') : t('notify.gatewayUrl'), { type: 'url' })}
      {form.kind === 'sms' && (
        <>
          <label class="check">
            <input type="checkbox" name="toCustomer" checked={form.toCustomer} onChange={(e) => set('toCustomer', e.currentTarget.checked)} />
            {t('notify.toCustomer')}
          </label>
          {!form.toCustomer && text('toNumber', t('notify.toNumber'), { type: 'tel' })}
          <Field id="rule-template" label={t('notify.template')} hint={t('notify.templateHint')} {...(problems.template ? { error: problems.template } : {})}>
            <textarea id="rule-template" name="template" rows={3} value={form.template} aria-describedby="rule-template-hint" onInput={(e) => set('template', e.currentTarget.value)} />
          </Field>
        </>
      )}
      {text('secret', t('notify.secret'), { type: 'password', hint: rule?.hasSecret ? t('notify.secretKept') : t('notify.secretHint') })}
    </Dialog>
  );
}

/** The daemon's VALIDATION_FAILED problems by form field, or undefined for any other failure. */
function problemsOf(err: unknown): Problems | undefined {
  if (!isApiError(err, 'VALIDATION_FAILED')) return undefined;
  const list = (err.details as { problems?: { where: string; reason: string }[] } | undefined)?.problems ?? [];
  const out: Problems = {};
  for (const p of list) {
    const field = fieldOf(p.where);
    if (field) out[field] = t(PROBLEM_TEXT[field]);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

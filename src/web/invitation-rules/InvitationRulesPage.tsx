/**
 * Automatic chat invitation rules (admins, issue 12): which page, how long on it, which visitors,
 * the message in English and Chinese, and the chat queue whose agents answer. The daemon checks
 * every call (config.edit) and refuses a bad page pattern with INVITATION_RULE_PATTERN_INVALID,
 * shown under the form until the admin changes something.
 */
import { useEffect, useState } from 'preact/hooks';
import { config as configApi, invitationRules } from '../api/endpoints.js';
import type { InvitationRule, InvitationRuleInput, Principal, QueueConfig, VisitorKind } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { locale, t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Table } from '../kit/Table.js';
import { errorText, notify } from '../kit/toast-store.js';
import '../leave-message-templates/leave-message-templates.css';
import './invitation-rules.css';

const KINDS: VisitorKind[] = ['any', 'new', 'returning'];
const KIND_WORDS: Record<VisitorKind, MessageKey> = { any: 'invitationRules.kind.any', new: 'invitationRules.kind.new', returning: 'invitationRules.kind.returning' };

type Editing = { id: string | undefined; draft: InvitationRuleInput } | undefined;

const emptyDraft = (queueId: string): InvitationRuleInput => ({ name: '', enabled: true, urlPattern: '', minSecondsOnPage: 30, visitorKind: 'any', message: { en: '', zh: '' }, queueId });
const draftOf = (r: InvitationRule): InvitationRuleInput => ({ name: r.name, enabled: r.enabled, urlPattern: r.urlPattern, minSecondsOnPage: r.minSecondsOnPage, visitorKind: r.visitorKind, message: { ...r.message }, queueId: r.queueId });

function RuleForm({ initial, editing, queues, onSave, onCancel }: { initial: InvitationRuleInput; editing: boolean; queues: QueueConfig[]; onSave: (input: InvitationRuleInput) => Promise<void>; onCancel: () => void }) {
  const [draft, setDraftRaw] = useState(initial);
  const [refusal, setRefusal] = useState<{ text: string; code?: string } | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<InvitationRuleInput>) => {
    setDraftRaw({ ...draft, ...patch });
    setRefusal(undefined);
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSave(draft);
    } catch (err) {
      // Shown here rather than in a toast: the admin fixes it in this form.
      setRefusal(errorText(err));
    } finally {
      setBusy(false);
    }
  };
  const patternRefused = refusal?.code === 'INVITATION_RULE_PATTERN_INVALID';
  return (
    <form class="template-form rule-form" aria-labelledby="rule-form-title" onSubmit={(e) => void submit(e)}>
      <h3 id="rule-form-title">{editing ? t('invitationRules.editTitle') : t('invitationRules.newTitle')}</h3>
      <div class="template-head">
        <Field id="rule-name" label={t('invitationRules.name')}>
          <input id="rule-name" name="name" required maxLength={100} value={draft.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        </Field>
        <Field id="rule-pattern" label={t('invitationRules.pattern')} hint={t('invitationRules.patternHint')}>
          <input id="rule-pattern" name="urlPattern" required maxLength={300} value={draft.urlPattern} aria-describedby="rule-pattern-hint" aria-invalid={patternRefused ? 'true' : undefined} onInput={(e) => set({ urlPattern: e.currentTarget.value })} />
        </Field>
        <Field id="rule-seconds" label={t('invitationRules.seconds')}>
          <input id="rule-seconds" name="minSecondsOnPage" type="number" min={0} max={3600} required value={draft.minSecondsOnPage} onInput={(e) => set({ minSecondsOnPage: Number(e.currentTarget.value) })} />
        </Field>
        <Field id="rule-kind" label={t('invitationRules.visitorKind')}>
          <select id="rule-kind" name="visitorKind" value={draft.visitorKind} onChange={(e) => set({ visitorKind: e.currentTarget.value as VisitorKind })}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(KIND_WORDS[k])}
              </option>
            ))}
          </select>
        </Field>
        <Field id="rule-queue" label={t('invitationRules.queue')}>
          <select id="rule-queue" name="queueId" value={draft.queueId} onChange={(e) => set({ queueId: e.currentTarget.value })}>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </Field>
        <label class="template-enabled">
          <input type="checkbox" name="enabled" checked={draft.enabled ?? true} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
          {t('invitationRules.enabled')}
        </label>
      </div>
      <div class="rule-messages">
        <Field id="rule-message-en" label={t('invitationRules.messageEn')}>
          <textarea id="rule-message-en" name="messageEn" required maxLength={500} rows={2} value={draft.message.en} onInput={(e) => set({ message: { ...draft.message, en: e.currentTarget.value } })} />
        </Field>
        <Field id="rule-message-zh" label={t('invitationRules.messageZh')}>
          <textarea id="rule-message-zh" name="messageZh" required maxLength={500} rows={2} value={draft.message.zh} onInput={(e) => set({ message: { ...draft.message, zh: e.currentTarget.value } })} />
        </Field>
      </div>
      {refusal && (
        <p class="field-error template-refusal" role="alert" data-code={refusal.code}>
          {refusal.text}
          {refusal.code && <span class="error-code"> ({refusal.code})</span>}
        </p>
      )}
      <div class="form-actions">
        <Button type="submit" label={t('invitationRules.save')} variant="primary" data-action="save-rule" busy={busy} disabled={!draft.name.trim() || !draft.urlPattern || !draft.message.en.trim() || !draft.message.zh.trim() || !draft.queueId} />
        <Button label={t('invitationRules.cancel')} data-action="cancel-rule" onClick={onCancel} />
      </div>
    </form>
  );
}

export function InvitationRulesPage({ principal }: { principal: Principal }) {
  const [rules, setRules] = useState<InvitationRule[] | undefined>(undefined);
  const [queues, setQueues] = useState<QueueConfig[]>([]);
  const [editing, setEditing] = useState<Editing>(undefined);
  const [busy, run] = useAction();
  const canEdit = principal.permissions.includes('config.edit');
  const load = () =>
    void run('invitationRules.load', async () => {
      const [list, page] = await Promise.all([invitationRules.list(), configApi.queues()]);
      setQueues(page.items.filter((q) => q.media === 'chat'));
      setRules(list.rules);
    });
  useEffect(load, []);
  const queueName = (id: string) => queues.find((q) => q.id === id)?.name ?? id;

  const save = async (input: InvitationRuleInput) => {
    if (editing?.id) await invitationRules.update(editing.id, input);
    else await invitationRules.create(input);
    setEditing(undefined);
    notify('success', 'invitationRules.saved');
    load();
  };
  const remove = (row: InvitationRule) => {
    if (!window.confirm(t('invitationRules.confirmDelete', { name: row.name }))) return;
    void run('invitationRules.delete', async () => {
      await invitationRules.remove(row.id);
      if (editing?.id === row.id) setEditing(undefined);
      notify('success', 'invitationRules.deleted');
      setRules((await invitationRules.list()).rules);
    });
  };

  return (
    <Frame title={t('invitationRules.title')} principal={principal} class="leave-templates-page invitation-rules-page">
      <section class="panel" aria-labelledby="rules-title">
        <div class="panel-head">
          <h2 id="rules-title">{t('invitationRules.heading')}</h2>
          {canEdit && !editing && queues.length > 0 && (
            <Button label={t('invitationRules.new')} icon="plus" variant="primary" data-action="new-rule" onClick={() => setEditing({ id: undefined, draft: emptyDraft(queues[0]?.id ?? '') })} />
          )}
        </div>
        <p class="muted">{t('invitationRules.intro')}</p>
        {rules && queues.length === 0 && <p class="muted">{t('invitationRules.noQueues')}</p>}
        {editing && <RuleForm key={editing.id ?? 'new'} initial={editing.draft} editing={editing.id !== undefined} queues={queues} onSave={save} onCancel={() => setEditing(undefined)} />}
        {!rules ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <Table
            caption={t('invitationRules.heading')}
            hideCaption
            rows={rules}
            rowKey={(r) => r.id}
            empty={t('invitationRules.none')}
            columns={[
              { key: 'name', header: t('invitationRules.name'), cell: (r) => <span data-rule-name={r.name}>{r.name}</span> },
              { key: 'pattern', header: t('invitationRules.pattern'), cell: (r) => <code class="rule-pattern">{r.urlPattern}</code> },
              { key: 'seconds', header: t('invitationRules.seconds'), cell: (r) => t('invitationRules.secondsValue', { seconds: r.minSecondsOnPage }) },
              { key: 'kind', header: t('invitationRules.visitorKind'), cell: (r) => t(KIND_WORDS[r.visitorKind]) },
              { key: 'queue', header: t('invitationRules.queue'), cell: (r) => queueName(r.queueId) },
              { key: 'message', header: t('invitationRules.message'), cell: (r) => <span class="rule-message">{locale.value === 'zh-CN' ? r.message.zh : r.message.en}</span> },
              { key: 'enabled', header: t('invitationRules.state'), cell: (r) => (r.enabled ? t('invitationRules.on') : t('invitationRules.off')) },
              ...(canEdit
                ? [
                    {
                      key: 'actions',
                      header: t('invitationRules.actions'),
                      cell: (r: InvitationRule) => (
                        <div class="row-actions">
                          <Button label={t('invitationRules.edit')} data-action="edit-rule" data-rule={r.id} onClick={() => setEditing({ id: r.id, draft: draftOf(r) })} />
                          <Button label={t('invitationRules.delete')} variant="danger" data-action="delete-rule" data-rule={r.id} busy={busy === 'invitationRules.delete'} onClick={() => remove(r)} />
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

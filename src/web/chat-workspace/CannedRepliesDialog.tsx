/**
 * The canned replies manager of the workspace: my replies and my teams', adding personal ones,
 * changing or deleting those I may (personal ones mine; team ones when I lead the team or
 * supervise). The daemon checks every change again.
 */
import { useEffect, useState } from 'preact/hooks';
import { cannedReplies } from '../api/endpoints.js';
import type { CannedReply, CannedReplyInput } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import { Field } from '../kit/Field.js';
import { reportError } from '../kit/toast-store.js';

type Lang = 'en' | 'zh' | '';
interface Form {
  editing: CannedReply | null;
  /** '' = mine; else the team's id. */
  owner: string;
  shortcut: string;
  title: string;
  body: string;
  language: Lang;
}
const EMPTY: Form = { editing: null, owner: '', shortcut: '/', title: '', body: '', language: '' };

export function CannedRepliesDialog({ open, onClose, replies, teams, onChanged }: { open: boolean; onClose: () => void; replies: CannedReply[]; teams: { id: string; name: string }[]; onChanged: () => void }) {
  const teamName = (id: string | null) => teams.find((x) => x.id === id)?.name ?? t('chat.canned.team');
  const [form, setForm] = useState<Form>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (open) {
      setForm(EMPTY);
      setMissing(false);
    }
  }, [open]);

  const save = async () => {
    if (form.shortcut.trim().replace(/^\//, '') === '' || form.title.trim() === '' || form.body.trim() === '') {
      setMissing(true);
      return;
    }
    const e = form.editing;
    const input: CannedReplyInput = {
      scope: form.owner === '' ? 'personal' : 'team',
      ...(form.owner !== '' ? { teamId: form.owner } : {}),
      shortcut: form.shortcut,
      title: form.title,
      body: form.body,
      language: form.language === '' ? null : form.language,
    };
    setBusy(true);
    try {
      if (e) await cannedReplies.update(e.id, input);
      else await cannedReplies.create(input);
      setForm(EMPTY);
      setMissing(false);
      onChanged();
    } catch (err) {
      reportError('chat.canned.save', err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (r: CannedReply) => {
    try {
      await cannedReplies.remove(r.id);
      if (form.editing?.id === r.id) setForm(EMPTY);
      onChanged();
    } catch (err) {
      reportError('chat.canned.delete', err);
    }
  };
  const set = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    setMissing(false);
  };

  return (
    <Dialog open={open} title={t('chat.canned.title')} onClose={onClose} class="canned-dialog" footer={<Button label={t('chat.close')} onClick={onClose} />}>
      {replies.length === 0 ? (
        <p class="muted">{t('chat.canned.empty')}</p>
      ) : (
        <ul class="canned-list">
          {replies.map((r) => (
            <li key={r.id} data-shortcut={r.shortcut}>
              <span class="canned-shortcut">{r.shortcut}</span>
              <span class="canned-list-text">
                <strong>{r.title}</strong>
                <span class="muted">
                  {r.scope === 'personal' ? t('chat.canned.personal') : `${t('chat.canned.team')}: ${teamName(r.teamId)}`}
                  {r.language ? ` · ${t(r.language === 'en' ? 'chat.canned.lang.en' : 'chat.canned.lang.zh')}` : ''}
                </span>
              </span>
              {r.editable && (
                <span class="canned-list-actions">
                  <Button label={t('chat.canned.edit')} aria-label={t('chat.canned.editOne', { shortcut: r.shortcut })} onClick={() => set({ editing: r, owner: r.teamId ?? '', shortcut: r.shortcut, title: r.title, body: r.body, language: r.language ?? '' })} />
                  <Button label={t('chat.canned.delete')} aria-label={t('chat.canned.deleteOne', { shortcut: r.shortcut })} variant="danger" onClick={() => void remove(r)} />
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      <form
        class="canned-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <h3>{form.editing ? t('chat.canned.editTitle', { shortcut: form.editing.shortcut }) : t('chat.canned.newTitle')}</h3>
        <div class="canned-form-row">
          <Field id="canned-shortcut" label={t('chat.canned.shortcut')}>
            <input id="canned-shortcut" type="text" maxLength={32} value={form.shortcut} onInput={(e) => set({ shortcut: (e.target as HTMLInputElement).value })} />
          </Field>
          <Field id="canned-title" label={t('chat.canned.titleField')}>
            <input id="canned-title" type="text" maxLength={100} value={form.title} onInput={(e) => set({ title: (e.target as HTMLInputElement).value })} />
          </Field>
          {(teams.length > 0 || form.owner !== '') && (
            <Field id="canned-owner" label={t('chat.canned.scope')}>
              <select id="canned-owner" value={form.owner} disabled={form.editing !== null} onChange={(e) => set({ owner: (e.target as HTMLSelectElement).value })}>
                <option value="">{t('chat.canned.personal')}</option>
                {teams.map((x) => (
                  <option key={x.id} value={x.id}>
                    {`${t('chat.canned.team')}: ${x.name}`}
                  </option>
                ))}
                {form.owner !== '' && !teams.some((x) => x.id === form.owner) && <option value={form.owner}>{t('chat.canned.team')}</option>}
              </select>
            </Field>
          )}
          <Field id="canned-language" label={t('chat.canned.language')}>
            <select id="canned-language" value={form.language} onChange={(e) => set({ language: (e.target as HTMLSelectElement).value as Lang })}>
              <option value="">{t('chat.canned.anyLanguage')}</option>
              <option value="en">{t('chat.canned.lang.en')}</option>
              <option value="zh">{t('chat.canned.lang.zh')}</option>
            </select>
          </Field>
        </div>
        <Field id="canned-body" label={t('chat.canned.body')} {...(missing ? { error: t('chat.canned.required') } : {})}>
          <textarea id="canned-body" rows={3} maxLength={4000} value={form.body} onInput={(e) => set({ body: (e.target as HTMLTextAreaElement).value })} />
        </Field>
        <div class="canned-form-actions">
          {form.editing && <Button label={t('common.cancel')} onClick={() => set(EMPTY)} />}
          <Button type="submit" variant="primary" busy={busy} label={form.editing ? t('chat.canned.save') : t('chat.canned.add')} />
        </div>
      </form>
    </Dialog>
  );
}

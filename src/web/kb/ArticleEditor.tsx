/**
 * One article in the editors' page: the form (title, category, language, tags, body), "save as a
 * new draft" (every save is a new version; nothing is overwritten), publishing, archiving, and
 * the version history, where any version can be shown in the form or published. A field the
 * daemon refuses is marked at that field.
 */
import { useEffect, useState } from 'preact/hooks';
import { kb } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { KbArticleInput, KbArticleView, KbLanguage, KbVersion, KbVersionWithName } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { notify } from '../kit/toast-store.js';
import { ArticleBody } from './ArticleBody.js';
import { indent, type FlatCategory } from './categories.js';

interface Draft {
  title: string;
  body: string;
  tags: string;
  categoryId: string;
  language: KbLanguage;
}

const draftOf = (v: KbVersion): Draft => ({ title: v.title, body: v.body, tags: v.tags.join(', '), categoryId: v.categoryId, language: v.language });
const inputOf = (d: Draft): KbArticleInput => ({
  title: d.title,
  body: d.body,
  tags: d.tags
    .split(/[,，]/)
    .map((s) => s.trim())
    .filter((s) => s !== ''),
  categoryId: d.categoryId,
  language: d.language,
});

export function ArticleEditor({ id, categories, defaultCategory, onSaved, onArchived }: { id: string | undefined; categories: FlatCategory[]; defaultCategory: string; onSaved: (id: string) => void; onArchived: () => void }) {
  const [view, setView] = useState<KbArticleView | undefined>(undefined);
  const [versions, setVersions] = useState<KbVersionWithName[]>([]);
  const [draft, setDraft] = useState<Draft>({ title: '', body: '', tags: '', categoryId: defaultCategory, language: 'zh' });
  const [saved, setSaved] = useState<Draft | undefined>(undefined);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState(false);
  const [busy, run] = useAction();

  const load = async (articleId: string) => {
    const [v, list] = await Promise.all([kb.get(articleId), kb.versions(articleId)]);
    setView(v);
    setVersions(list);
    setDraft(draftOf(v.version));
    setSaved(draftOf(v.version));
  };
  useEffect(() => {
    if (id) void run('kb.load', () => load(id));
  }, [id]);

  const dirty = saved === undefined || JSON.stringify(saved) !== JSON.stringify(draft);
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

  const save = () =>
    void run('kbAdmin.save', async () => {
      setProblems({});
      try {
        const v = id ? await kb.edit(id, inputOf(draft)) : await kb.create(inputOf(draft));
        notify('success', 'kbAdmin.savedDraft', { n: v.version.version });
        if (id) await load(id);
        onSaved(v.article.id);
      } catch (err) {
        if (isApiError(err, 'VALIDATION_FAILED')) {
          const list = (err.details as { problems?: { where: string; reason: string }[] } | undefined)?.problems ?? [];
          setProblems(Object.fromEntries(list.map((p) => [p.where.split('/')[1] ?? '', p.reason])));
        }
        throw err;
      }
    });
  const publish = (version: number) =>
    id &&
    void run('kbAdmin.publish', async () => {
      await kb.publish(id, version);
      notify('success', 'kbAdmin.published', { n: version });
      await load(id);
      onSaved(id);
    });
  const archive = () =>
    id &&
    window.confirm(t('kbAdmin.confirmArchive', { title: saved?.title ?? '' })) &&
    void run('kbAdmin.archive', async () => {
      await kb.archive(id);
      notify('success', 'kbAdmin.archived');
      onArchived();
    });

  const a = view?.article;
  const latest = a?.latestVersion;
  return (
    <div class="kb-editor">
      <div class="panel-head">
        <h2>{id ? t('kbAdmin.editArticle') : t('kbAdmin.newArticle')}</h2>
        {a && <span class={`badge kb-status-${a.status}`}>{t(`kb.status.${a.status}` as MessageKey)}</span>}
      </div>
      {a && (
        <p class="muted kb-meta">
          {a.publishedVersion === null ? t('kbAdmin.neverPublished') : t('kbAdmin.publishedInfo', { n: a.publishedVersion, at: formatDateTime(a.publishedAt ?? a.updatedAt) })}
        </p>
      )}
      <form onSubmit={(e) => e.preventDefault()}>
        <Field id="kb-title" label={t('kbAdmin.fieldTitle')} {...(problems.title ? { error: problems.title } : {})}>
          <input id="kb-title" name="title" value={draft.title} maxLength={200} onInput={(e) => set({ title: e.currentTarget.value })} />
        </Field>
        <div class="kb-form-row">
          <Field id="kb-category" label={t('kb.category')} {...(problems.categoryId ? { error: problems.categoryId } : {})}>
            <select id="kb-category" name="categoryId" value={draft.categoryId} onChange={(e) => set({ categoryId: e.currentTarget.value })}>
              {categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {indent(c.depth)}
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
          <Field id="kb-language" label={t('kbAdmin.fieldLanguage')}>
            <select id="kb-language" name="language" value={draft.language} onChange={(e) => set({ language: e.currentTarget.value as KbLanguage })}>
              <option value="zh">{t('kb.lang.zh')}</option>
              <option value="en">{t('kb.lang.en')}</option>
            </select>
          </Field>
        </div>
        <Field id="kb-tags" label={t('kbAdmin.fieldTags')} hint={t('kbAdmin.tagsHint')} {...(problems.tags ? { error: problems.tags } : {})}>
          <input id="kb-tags" name="tags" value={draft.tags} onInput={(e) => set({ tags: e.currentTarget.value })} />
        </Field>
        <Field id="kb-body" label={t('kbAdmin.fieldBody')} hint={t('kbAdmin.bodyHint')} {...(problems.body ? { error: problems.body } : {})}>
          <textarea id="kb-body" name="body" rows={12} value={draft.body} onInput={(e) => set({ body: e.currentTarget.value })} />
        </Field>
        <div class="kb-buttons">
          <Button label={t('kbAdmin.saveDraft')} variant="primary" data-action="save-draft" busy={busy === 'kbAdmin.save'} disabled={!dirty || draft.title.trim() === '' || busy !== undefined} onClick={save} />
          {a && latest !== undefined && (
            <Button label={t('kbAdmin.publishVersion', { n: latest })} variant="success" data-action="publish" disabled={dirty || a.publishedVersion === latest || busy !== undefined} onClick={() => publish(latest)} />
          )}
          <Button label={preview ? t('kbAdmin.hidePreview') : t('kbAdmin.preview')} pressed={preview} onClick={() => setPreview(!preview)} />
          {a && <Button label={t('kbAdmin.archive')} variant="danger" data-action="archive" disabled={busy !== undefined} onClick={archive} />}
        </div>
        {dirty && a && <p class="field-hint">{t('kbAdmin.unsaved')}</p>}
      </form>
      {preview && (
        <div class="kb-preview">
          <h3>{draft.title}</h3>
          <ArticleBody body={draft.body} />
        </div>
      )}
      {versions.length > 0 && (
        <section class="kb-history" aria-labelledby="kb-history-title">
          <h3 id="kb-history-title">{t('kbAdmin.history')}</h3>
          <table class="table kb-versions">
            <thead>
              <tr>
                <th scope="col">{t('kbAdmin.version')}</th>
                <th scope="col">{t('kbAdmin.fieldTitle')}</th>
                <th scope="col">{t('kbAdmin.savedAt')}</th>
                <th scope="col">{t('kbAdmin.savedBy')}</th>
                <th scope="col">{t('kbAdmin.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <td>
                    {t('kbAdmin.versionShort', { n: v.version })} {a?.publishedVersion === v.version && <span class="badge kb-status-published">{t('kb.status.published')}</span>}
                  </td>
                  <td class="kb-version-title">{v.title}</td>
                  <td>{formatDateTime(v.createdAt)}</td>
                  <td class="kb-version-by">{v.createdByName ?? v.createdBy}</td>
                  <td class="kb-version-actions">
                    <Button label={t('kbAdmin.showVersion')} variant="ghost" data-action="show-version" onClick={() => setDraft(draftOf(v))} />
                    {a?.publishedVersion !== v.version && <Button label={t('kbAdmin.publish')} variant="ghost" data-action="publish-version" disabled={busy !== undefined} onClick={() => publish(v.version)} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </div>
  );
}

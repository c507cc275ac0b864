/**
 * Knowledge base for editors (issue 13, kb.edit): the category tree (add, rename, move, delete
 * when empty), the articles of the chosen category with their status, and the editor: saving
 * makes a new draft version, publishing makes the shown version the one agents see, and the
 * version history lists every version with who made it and when (any one can be published back).
 * A second tab (`?view=usage`) shows how much each published article is used (KbUsageView).
 */
import { useEffect, useState } from 'preact/hooks';
import { kb } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { KbArticleItem, KbCategoryNode, Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { current, navigate } from '../app/router.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { notify } from '../kit/toast-store.js';
import { ArticleEditor } from './ArticleEditor.js';
import { flatten, indent, type FlatCategory } from './categories.js';
import { KbUsageView } from './KbUsageView.js';
import './kb.css';

type View = 'articles' | 'usage';
const VIEWS: { id: View; key: MessageKey }[] = [
  { id: 'articles', key: 'kbAdmin.articles' },
  { id: 'usage', key: 'kbUsage.title' },
];

/** The tabs, in the address (`?view=usage`) so that Back and a bookmark return to the same one. */
export function KbAdminPage({ principal }: { principal: Principal }) {
  const view: View = current.value.params.get('view') === 'usage' ? 'usage' : 'articles';
  return (
    <Frame title={t('kbAdmin.title')} principal={principal} class="kb-admin-page">
      <div class="tabs kb-admin-tabs" role="tablist" aria-label={t('kbAdmin.title')}>
        {VIEWS.map((v) => (
          <button key={v.id} type="button" role="tab" id={`kb-tab-${v.id}`} class={`tab${v.id === view ? ' is-active' : ''}`} aria-selected={v.id === view} data-tab={v.id} onClick={() => navigate('kb/admin', v.id === 'usage' ? { view: 'usage' } : {})}>
            {t(v.key)}
          </button>
        ))}
      </div>
      {view === 'usage' ? <KbUsageView /> : <ArticlesView />}
    </Frame>
  );
}

function ArticlesView() {
  const [tree, setTree] = useState<KbCategoryNode[]>([]);
  const [category, setCategory] = useState<string>('');
  const [articles, setArticles] = useState<KbArticleItem[] | undefined>(undefined);
  const [editing, setEditing] = useState<string | 'new' | undefined>(undefined);
  const [tick, setTick] = useState(0);
  const [busy, run] = useAction();
  const flat = flatten(tree);

  useEffect(() => {
    void run('kb.load', async () => setTree(await kb.categories()));
  }, [tick]);
  useEffect(() => {
    void run('kb.load', async () => setArticles(await kb.list(category || undefined)));
  }, [category, tick]);

  return (
    <>
      <section class="panel kb-tree" aria-labelledby="kb-tree-title">
        <div class="panel-head">
          <h2 id="kb-tree-title">{t('kbAdmin.categories')}</h2>
        </div>
        <ul class="kb-category-list">
          <li>
            <button type="button" class={`kb-cat${category === '' ? ' is-selected' : ''}`} onClick={() => setCategory('')}>
              {t('kb.allCategories')}
            </button>
          </li>
          {flat.map((c) => (
            <li key={c.id} data-category={c.id}>
              <button type="button" class={`kb-cat${category === c.id ? ' is-selected' : ''}`} onClick={() => setCategory(c.id)}>
                {indent(c.depth)}
                {c.name}
              </button>
            </li>
          ))}
        </ul>
        <CategoryForm flat={flat} selected={flat.find((c) => c.id === category)} onChanged={(id) => {
          if (id !== undefined) setCategory(id);
          setTick((n) => n + 1);
        }} />
        <Button label={t('kbAdmin.toSearch')} onClick={() => navigate('kb')} />
      </section>
      <section class="panel kb-articles" aria-labelledby="kb-articles-title">
        <div class="panel-head">
          <h2 id="kb-articles-title">{t('kbAdmin.articles')}</h2>
          <Button label={t('kbAdmin.newArticle')} icon="plus" variant="primary" data-action="new-article" disabled={flat.length === 0} onClick={() => setEditing('new')} />
        </div>
        {flat.length === 0 && <p class="field-hint">{t('kbAdmin.needCategory')}</p>}
        {articles === undefined || (articles.length === 0 && busy === 'kb.load') ? (
          <p class="muted">{t('common.loading')}</p>
        ) : articles.length === 0 ? (
          <p class="table-empty">{t('kb.noArticles')}</p>
        ) : (
          <ul class="kb-results">
            {articles.map((a) => (
              <li key={a.id} class={a.id === editing ? 'is-selected' : undefined} data-article={a.id}>
                <button type="button" class="kb-result" onClick={() => setEditing(a.id)}>
                  <span class="kb-result-title">{a.title}</span>
                  <span class="kb-result-path">
                    <span class={`badge kb-status-${a.status}`}>{t(`kb.status.${a.status}` as MessageKey)}</span> <span class="muted">{t('kbAdmin.versionN', { n: a.version })} · {a.language === 'zh' ? t('kb.lang.zh') : t('kb.lang.en')}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel kb-edit" aria-live="polite">
        {editing ? (
          <ArticleEditor
            key={editing}
            id={editing === 'new' ? undefined : editing}
            categories={flat}
            defaultCategory={category || flat[0]?.id || ''}
            onSaved={(id) => {
              setEditing(id);
              setTick((n) => n + 1);
            }}
            onArchived={() => {
              setEditing(undefined);
              setTick((n) => n + 1);
            }}
          />
        ) : (
          <p class="muted">{t('kbAdmin.pick')}</p>
        )}
      </section>
    </>
  );
}

/** Adds a category (under the chosen one, or at the top); renames, moves or deletes the chosen one. */
function CategoryForm({ flat, selected, onChanged }: { flat: FlatCategory[]; selected: FlatCategory | undefined; onChanged: (id?: string) => void }) {
  const [newName, setNewName] = useState('');
  const [name, setName] = useState('');
  const [parent, setParent] = useState('');
  const [busy, run] = useAction();
  useEffect(() => {
    setName(selected?.name ?? '');
    setParent(selected?.parentId ?? '');
  }, [selected?.id, selected?.name, selected?.parentId]);
  const add = () =>
    void run('kbAdmin.addCategory', async () => {
      const c = await kb.createCategory({ name: newName, parentId: selected ? selected.id : null });
      notify('success', 'kbAdmin.categorySaved');
      setNewName('');
      onChanged(c.id);
    });
  const save = () =>
    selected &&
    void run('kbAdmin.saveCategory', async () => {
      try {
        await kb.updateCategory(selected.id, { name, parentId: parent || null });
      } catch (err) {
        // A refused move leaves the category where it is: so does the form.
        if (isApiError(err, 'KB_CATEGORY_CYCLE') || isApiError(err, 'KB_CATEGORY_TOO_DEEP')) setParent(selected.parentId ?? '');
        throw err;
      }
      notify('success', 'kbAdmin.categorySaved');
      onChanged();
    });
  const remove = () =>
    selected &&
    window.confirm(t('kbAdmin.confirmDeleteCategory', { name: selected.name })) &&
    void run('kbAdmin.deleteCategory', async () => {
      await kb.deleteCategory(selected.id);
      notify('success', 'kbAdmin.categoryDeleted');
      onChanged('');
    });
  return (
    <div class="kb-category-forms">
      <form class="kb-category-form" onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>{selected ? t('kbAdmin.newSubcategory', { name: selected.name }) : t('kbAdmin.newCategory')}</span>
          <input name="newCategory" value={newName} maxLength={100} onInput={(e) => setNewName(e.currentTarget.value)} />
        </label>
        <Button label={t('kbAdmin.add')} icon="plus" data-action="add-category" disabled={newName.trim() === '' || busy !== undefined} onClick={add} />
      </form>
      {selected && (
        <form class="kb-category-form" onSubmit={(e) => e.preventDefault()}>
          <label class="field">
            <span>{t('kbAdmin.categoryName')}</span>
            <input name="categoryName" value={name} maxLength={100} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>{t('kbAdmin.parent')}</span>
            <select name="parent" value={parent} onChange={(e) => setParent(e.currentTarget.value)}>
              <option value="">{t('kbAdmin.topLevel')}</option>
              {flat
                .filter((c) => c.id !== selected.id)
                .map((c) => (
                  <option key={c.id} value={c.id}>
                    {indent(c.depth)}
                    {c.name}
                  </option>
                ))}
            </select>
          </label>
          <div class="kb-buttons">
            <Button label={t('kbAdmin.saveCategory')} data-action="save-category" disabled={name.trim() === '' || busy !== undefined} onClick={save} />
            <Button label={t('kbAdmin.deleteCategory')} variant="danger" data-action="delete-category" disabled={busy !== undefined} onClick={remove} />
          </div>
        </form>
      )}
    </div>
  );
}

/**
 * Knowledge base for agents (issue 13): a search box whose results follow the typing (in English
 * and Chinese), an optional category, and the chosen article to read. Opening an article counts
 * one "viewed" (the usage report). Without a query the page lists the published articles of the
 * category. Only published versions reach this page (the daemon sees to it). `?article=<id>` opens
 * that article (the usage report's titles link here).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { kb } from '../api/endpoints.js';
import type { KbCategoryNode, Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { current, navigate } from '../app/router.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { reportError } from '../kit/toast-store.js';
import { ArticleReader } from './ArticleReader.js';
import { flatten, indent, pathOf } from './categories.js';
import './kb.css';

interface Row {
  id: string;
  title: string;
  excerpt: string;
  categoryId: string;
  language: string;
}

/** Typing pauses this long before a search is sent; a newer keystroke cancels the older request. */
const TYPING_PAUSE_MS = 200;

export function KbPage({ principal }: { principal: Principal }) {
  const [tree, setTree] = useState<KbCategoryNode[]>([]);
  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [selected, setSelected] = useState<string | undefined>(() => current.value.params.get('article') ?? undefined);
  const [, run] = useAction();
  const inflight = useRef<AbortController | undefined>(undefined);
  const flat = flatten(tree);

  useEffect(() => {
    void run('kb.load', async () => setTree(await kb.categories()));
  }, []);

  useEffect(() => {
    const timer = window.setTimeout(() => {
      inflight.current?.abort();
      const ctl = new AbortController();
      inflight.current = ctl;
      const load = async () => {
        if (q.trim() === '') {
          const list = await kb.list(category || undefined);
          return list.map((a) => ({ id: a.id, title: a.title, excerpt: '', categoryId: a.categoryId, language: a.language }));
        }
        const hits = await kb.search({ q, ...(category ? { category } : {}) }, ctl.signal);
        return hits.map((h) => ({ id: h.articleId, title: h.title, excerpt: h.excerpt, categoryId: h.categoryId, language: h.language }));
      };
      load().then(
        (r) => {
          if (!ctl.signal.aborted) setRows(r);
        },
        (err: unknown) => {
          // A search overtaken by newer typing is no failure.
          if (!ctl.signal.aborted) reportError('kb.search', err);
        },
      );
    }, TYPING_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [q, category]);

  return (
    <Frame title={t('kb.title')} principal={principal} class="kb-page">
      <section class="panel kb-find" aria-labelledby="kb-find-title">
        <h2 id="kb-find-title" class="visually-hidden">
          {t('kb.find')}
        </h2>
        <input type="search" name="q" class="kb-search" placeholder={t('kb.searchPlaceholder')} aria-label={t('kb.searchPlaceholder')} value={q} onInput={(e) => setQ(e.currentTarget.value)} autoFocus />
        <label class="inline-field kb-category-filter">
          <span>{t('kb.category')}</span>
          <select name="category" value={category} onChange={(e) => setCategory(e.currentTarget.value)}>
            <option value="">{t('kb.allCategories')}</option>
            {flat.map((c) => (
              <option key={c.id} value={c.id}>
                {indent(c.depth)}
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {principal.permissions.includes('kb.edit') && <Button label={t('kb.manage')} data-action="kb-admin" onClick={() => navigate('kb/admin')} />}
        {rows === undefined ? (
          <p class="muted">{t('common.loading')}</p>
        ) : rows.length === 0 ? (
          <p class="table-empty">{q.trim() ? t('kb.noResults') : t('kb.noArticles')}</p>
        ) : (
          <ul class="kb-results" aria-label={t('kb.results')}>
            {rows.map((r) => (
              <li key={r.id} class={r.id === selected ? 'is-selected' : undefined} data-article={r.id}>
                <button type="button" class="kb-result" onClick={() => setSelected(r.id)}>
                  <span class="kb-result-title">{r.title}</span>
                  <span class="muted kb-result-path">
                    {pathOf(flat, r.categoryId)} · {r.language === 'zh' ? t('kb.lang.zh') : t('kb.lang.en')}
                  </span>
                  {r.excerpt && <span class="kb-excerpt">{r.excerpt}</span>}
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="panel kb-read" aria-live="polite">
        {selected ? <ArticleReader id={selected} path={(id) => pathOf(flat, id)} /> : <p class="muted">{t('kb.pick')}</p>}
      </section>
    </Frame>
  );
}

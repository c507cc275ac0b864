/**
 * One published article to read (the knowledge-base page, the toolbar during a call). Showing it
 * counts one "viewed" for the usage report; a failed count does not hide the article.
 */
import { useEffect, useState } from 'preact/hooks';
import { kb } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { KbArticleView } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { reportError } from '../kit/toast-store.js';
import { ArticleBody } from './ArticleBody.js';

/**
 * path: the category's place in the tree, where the page knows the tree. countView: counts the
 * view instead of the reader, for a place that shows one reading again without a new view.
 */
export function ArticleReader({ id, path, countView }: { id: string; path?: (categoryId: string) => string; countView?: (id: string) => void }) {
  const [view, setView] = useState<KbArticleView | undefined>(undefined);
  const [gone, setGone] = useState(false);
  useEffect(() => {
    let live = true;
    setView(undefined);
    setGone(false);
    kb.get(id).then(
      (v) => {
        if (!live) return;
        setView(v);
        // Counted once the article is shown; a failed count does not hide the article.
        if (countView) countView(id);
        else kb.viewed(id).catch((err: unknown) => reportError('kb.countView', err));
      },
      (err: unknown) => {
        if (!live) return;
        if (isApiError(err, 'KB_ARTICLE_NOT_FOUND')) setGone(true);
        else reportError('kb.load', err);
      },
    );
    return () => {
      live = false;
    };
  }, [id]);
  if (gone) return <p class="muted">{t('error.KB_ARTICLE_NOT_FOUND')}</p>;
  if (!view) return <p class="muted">{t('common.loading')}</p>;
  const v = view.version;
  return (
    <article class="kb-article" lang={v.language === 'zh' ? 'zh-CN' : 'en'}>
      <h3>{v.title}</h3>
      <p class="muted kb-meta">
        {path ? `${path(v.categoryId)} · ` : ''}{t('kb.updated', { at: formatDateTime(v.createdAt) })}
      </p>
      {v.tags.length > 0 && (
        <p class="kb-tags">
          {v.tags.map((tag) => (
            <span key={tag} class="badge">
              {tag}
            </span>
          ))}
        </p>
      )}
      <ArticleBody body={v.body} />
    </article>
  );
}

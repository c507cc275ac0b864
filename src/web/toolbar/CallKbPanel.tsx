/**
 * The knowledge base beside the call (issue 13: agents find articles during calls): search the
 * published articles, open one to read it (counted as viewed, as on the knowledge-base page), and
 * mark it "used on this call", which the usage report counts once per article per call. The panel
 * stays from the call into its wrap-up (the same call id), so an article looked up while talking
 * can still be marked while writing the note. It sits in the side column: the call controls stay
 * where they are.
 */
import { kb } from '../api/endpoints.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { reportError } from '../kit/toast-store.js';
import { ArticleReader } from '../kb/ArticleReader.js';
import { useKbSearch } from '../kb/use-kb-search.js';
import '../kb/kb.css';
import { isMarked, marked } from './call-kb.js';
import type { DeskStore } from './desk-store.js';

export function CallKbPanel({ store, callId }: { store: DeskStore; callId: string }) {
  // Another call's search and article are not this one's: a new call starts empty.
  const kept = store.kbView.value;
  const view = kept?.callId === callId ? kept : { callId, q: '' };
  const { q, open } = view;
  const setQ = (next: string) => (store.kbView.value = { ...view, q: next });
  // Each opening is one reading, counted once.
  const setOpen = (id: string | undefined) => (store.kbView.value = { callId, q, ...(id ? { open: id, counted: false } : {}) });
  const countView = (id: string) => {
    const now = store.kbView.value;
    if (now?.callId !== callId || now.open !== id || now.counted) return;
    store.kbView.value = { ...now, counted: true };
    kb.viewed(id).catch((err: unknown) => reportError('kb.countView', err));
  };
  const hits = useKbSearch(q, 'callKb.searchFailed');
  const [busy, run] = useAction();
  const uses = store.kbUses.value;

  const markUsed = (articleId: string) =>
    void run('callKb.use', async () => {
      await kb.usedInCall(articleId, callId);
      store.kbUses.value = marked(store.kbUses.value, callId, articleId);
    });

  const usedBadge = <span class="badge call-kb-used-badge">{t('callKb.used')}</span>;
  return (
    <section class="panel call-kb" aria-labelledby="call-kb-title" data-call={callId}>
      <h2 id="call-kb-title">{t('callKb.title')}</h2>
      {open ? (
        <div class="call-kb-reading" data-article-id={open}>
          <div class="button-row">
            <Button label={t('callKb.back')} icon="chevronLeft" variant="ghost" class="call-kb-back" onClick={() => setOpen(undefined)} />
            {isMarked(uses, callId, open) ? (
              <Button label={t('callKb.used')} icon="check" variant="success" pressed disabled class="call-kb-use is-done" />
            ) : (
              <Button label={t('callKb.use')} icon="check" variant="primary" class="call-kb-use" busy={busy === 'callKb.use'} onClick={() => markUsed(open)} />
            )}
          </div>
          <ArticleReader id={open} countView={countView} />
        </div>
      ) : (
        <>
          <label class="visually-hidden" for="call-kb-q">
            {t('callKb.search')}
          </label>
          <input id="call-kb-q" type="search" class="call-kb-q" placeholder={t('callKb.placeholder')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
          {hits && hits.length === 0 && <p class="muted call-kb-none">{t('callKb.none')}</p>}
          {hits && hits.length > 0 && (
            <ul class="call-kb-hits" aria-label={t('callKb.results', { count: hits.length })}>
              {hits.map((h) => (
                <li key={h.articleId} data-article-id={h.articleId}>
                  <button type="button" class="call-kb-hit" onClick={() => setOpen(h.articleId)} aria-label={t('callKb.openLabel', { title: h.title })}>
                    <strong class="call-kb-title" lang={h.language === 'zh' ? 'zh-CN' : 'en'}>
                      {h.title}
                    </strong>
                    <span class="muted call-kb-excerpt" lang={h.language === 'zh' ? 'zh-CN' : 'en'}>
                      {h.excerpt}
                    </span>
                  </button>
                  {isMarked(uses, callId, h.articleId) && usedBadge}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** A link in a page's header to another page of the app, shown only to those allowed to open it. */
import type { Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { PAGES } from './pages.js';
import { navigate } from './router.js';

export function PageLink({ page, principal }: { page: string; principal: Principal }) {
  const def = PAGES[page];
  if (!def?.allowed(principal)) return null;
  return (
    <a
      class="page-link"
      href={`/app/${page}`}
      data-nav={page}
      onClick={(e) => {
        e.preventDefault();
        navigate(page);
      }}
    >
      {t(def.title)}
    </a>
  );
}

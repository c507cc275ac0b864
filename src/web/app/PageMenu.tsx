/**
 * The header's menu of the other pages this user may open (the ones the home page lists). Users
 * land on their own page (agents on the toolbar, supervisors and admins on the console) and the
 * home page is never shown to them, so without this an agent could not reach their tickets nor an
 * admin the settings pages.
 */
import { useRef } from 'preact/hooks';
import type { Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { PAGES, pageKeyOf } from './pages.js';
import { current, navigate } from './router.js';

export function PageMenu({ principal }: { principal: Principal }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const here = pageKeyOf(current.value);
  const pages = Object.entries(PAGES).filter(([name, def]) => name !== '' && name !== here && !def.unlisted && def.allowed(principal));
  if (pages.length === 0) return null;
  return (
    <details class="page-menu" ref={menu}>
      <summary>{t('app.pages')}</summary>
      <ul>
        {pages.map(([name, def]) => (
          <li key={name}>
            <a
              href={`/app/${name}`}
              data-menu-page={name}
              onClick={(e) => {
                e.preventDefault();
                if (menu.current) menu.current.open = false;
                navigate(name);
              }}
            >
              {t(def.title)}
            </a>
          </li>
        ))}
      </ul>
    </details>
  );
}

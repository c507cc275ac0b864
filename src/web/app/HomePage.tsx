import type { Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Frame } from './Frame.js';
import { PAGES } from './pages.js';
import { navigate } from './router.js';

/** The pages this user may open. */
export function HomePage({ principal, notFound }: { principal: Principal; notFound?: boolean }) {
  const pages = Object.entries(PAGES).filter(([name, def]) => name !== '' && !def.unlisted && def.allowed(principal));
  return (
    <Frame title={t('home.title')} principal={principal}>
      {notFound && (
        <p class="panel" role="alert">
          {t('app.pageNotFound')}
        </p>
      )}
      <section class="panel home">
        <h2>{t('home.heading', { name: principal.username })}</h2>
        <ul class="home-links">
          {pages.map(([name, def]) => (
            <li key={name}>
              <a
                href={`/app/${name}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(name);
                }}
              >
                {t(def.title)}
              </a>
            </li>
          ))}
        </ul>
        {pages.length === 0 && <p class="muted">{t('home.nothing')}</p>}
      </section>
    </Frame>
  );
}

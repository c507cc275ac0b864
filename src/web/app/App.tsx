/**
 * The app: checks the session, shows the login page or the page asked for, keeps the event stream
 * open while signed in. A session that ends (401, socket 4401) lands on login with the reason.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import { t } from '../i18n/i18n.js';
import { OfflineStart } from '../pwa/OfflineStart.js';
import { reportError } from '../kit/toast-store.js';
import { Toasts } from '../kit/Toasts.js';
import { HomePage } from './HomePage.js';
import { stream } from './live.js';
import { homeOf, LOGIN_PAGE, PAGES, pageKeyOf } from './pages.js';
import { current, goTo, navigate } from './router.js';
import { loadSession, session } from './session.js';

export function App() {
  // The daemon could not be reached to check the session: the installed app started offline.
  const [unreachable, setUnreachable] = useState(false);
  const check = useCallback(
    () =>
      loadSession().then(
        () => setUnreachable(false),
        (err: unknown) => {
          if (isApiError(err, 'NETWORK')) setUnreachable(true);
          else reportError('app.checkSession', err);
        },
      ),
    [],
  );
  useEffect(() => {
    void check();
  }, [check]);

  const s = session.value;
  const loc = current.value;

  useEffect(() => {
    if (s.kind === 'signed_in') stream.start();
    else stream.stop();
  }, [s.kind]);

  useEffect(() => {
    if (s.kind === 'anonymous' && loc.page !== 'login') {
      // Come back here after signing in again, with the reason the session ended.
      const params: Record<string, string> = {};
      if (loc.page !== '') params.next = `${location.pathname}${location.search}`;
      if (s.notice) params.notice = s.notice;
      navigate('login', params, { replace: true });
    } else if (s.kind === 'signed_in' && loc.page === 'login') {
      const next = loc.params.get('next');
      if (next && next.startsWith('/app/') && !next.startsWith('/app/login')) goTo(next, { replace: true });
      else navigate(homeOf(s.principal), undefined, { replace: true });
    } else if (s.kind === 'signed_in' && loc.page === '' && homeOf(s.principal) !== '') {
      navigate(homeOf(s.principal), undefined, { replace: true });
    }
  }, [s, loc]);

  if (s.kind === 'checking' && unreachable) return <OfflineStart retry={check} />;
  if (s.kind === 'checking') {
    return (
      <div class="boot" role="status">
        {t('common.loading')}
        <Toasts />
      </div>
    );
  }
  if (s.kind === 'anonymous' || loc.page === 'login') return <LOGIN_PAGE />;
  const page = PAGES[pageKeyOf(loc)];
  if (!page || !page.allowed(s.principal)) return <HomePage principal={s.principal} notFound />;
  const Page = page.component;
  return <Page principal={s.principal} />;
}

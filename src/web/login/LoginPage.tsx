/**
 * Sign in with the daemon's cookie session. Says why the user is here when the session ended
 * (expired, signed out), and why a sign-in failed, in the chosen language.
 */
import { useState } from 'preact/hooks';
import { current } from '../app/router.js';
import { signIn } from '../app/session.js';
import { hasKey, t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { LanguagePicker } from '../kit/LanguagePicker.js';
import { errorText } from '../kit/toast-store.js';
import { Toasts } from '../kit/Toasts.js';
import './login.css';

export function LoginPage() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const noticeKey = current.value.params.get('notice');
  // A notice is only shown until the user tries again: an old reason next to a new error confuses.
  const [showNotice, setShowNotice] = useState(true);
  const notice = showNotice && noticeKey && hasKey(noticeKey) ? t(noticeKey) : undefined;

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setShowNotice(false);
    try {
      await signIn(username.trim(), password);
      setPassword('');
    } catch (err) {
      console.warn('sign-in failed', err);
      setError(errorText(err).text);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="login-page">
      <main id="main" class="login-card panel">
        <header class="login-head">
          <span class="brand">{t('app.name')}</span>
          <LanguagePicker />
        </header>
        <h1 class="login-title">{t('login.title')}</h1>
        {notice && (
          <p class="login-notice" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={(e) => void submit(e)} noValidate={false}>
          <Field id="login-username" label={t('login.username')}>
            <input id="login-username" name="username" autoComplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
          </Field>
          <Field id="login-password" label={t('login.password')}>
            <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          </Field>
          {error && (
            <p class="login-error" role="alert">
              {error}
            </p>
          )}
          <Button type="submit" variant="primary" label={busy ? t('login.signingIn') : t('login.submit')} busy={busy} class="login-submit" />
        </form>
      </main>
      <Toasts />
    </div>
  );
}

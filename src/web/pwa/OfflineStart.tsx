/**
 * The installed app started without the daemon (no network, or the daemon down): the cached shell
 * says so and keeps trying, spaced out, and at once when the phone is back online, instead of a
 * blank page or an error toast. `retry` is the session check; it resolves once the daemon answered.
 */
import './pwa.css';
import { useEffect, useState } from 'preact/hooks';
import { backoffMs } from '../api/backoff.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { LanguagePicker } from '../kit/LanguagePicker.js';

export function OfflineStart({ retry }: { retry: () => Promise<void> }) {
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    // Each failed try schedules the next, later one (from 4 s up to 15 s).
    const again = () => void retry().then(() => setAttempt((a) => a + 1));
    const timer = window.setTimeout(again, backoffMs(attempt + 3));
    const now = () => again();
    window.addEventListener('online', now);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('online', now);
    };
  }, [attempt, retry]);
  return (
    <div class="offline-start" role="status" aria-live="polite">
      <div class="offline-start-card">
        <h1>{t('pwa.offline.title')}</h1>
        <p>{t('pwa.offline.body')}</p>
        <p class="muted">{navigator.onLine ? t('pwa.offline.serverAway') : t('pwa.offline.noNetwork')}</p>
        <div class="offline-start-actions">
          <Button
            variant="primary"
            label={t('pwa.offline.retry')}
            onClick={() => void retry().then(() => setAttempt((a) => a + 1))}
          />
          <LanguagePicker />
        </div>
      </div>
    </div>
  );
}

/** "A new version is ready": a newer build's worker took over; the page's own files change on reload. */
import './pwa.css';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { updateReady } from './app-worker.js';

export function UpdateHint() {
  if (!updateReady.value) return null;
  return (
    <p class="update-hint" role="status">
      <span>{t('pwa.update.ready')}</span>
      <Button label={t('pwa.update.reload')} onClick={() => location.reload()} />
    </p>
  );
}

/**
 * The toolbar header's bell: turns phone notifications on (the browser asks only on this click,
 * never on load) and lets the agent choose whether the visitor's name and message text may show
 * on the lock screen (default: the queue and "new chat" only).
 */
import './pwa.css';
import { useId } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Icon } from '../kit/Icon.js';
import { reportError } from '../kit/toast-store.js';
import { askPermission, permission, previews, setPreviews } from './background-notices.js';

export function NotifyMenu() {
  const id = useId();
  const p = permission.value;
  return (
    <details class="notify-menu">
      <summary aria-label={t('pwa.notify.menu')} title={t('pwa.notify.menu')} data-permission={p}>
        <Icon name="bell" size={18} />
        {p === 'granted' && <span class="notify-on-dot" aria-hidden="true" />}
      </summary>
      <div class="notify-panel">
        <h2>{t('pwa.notify.menu')}</h2>
        {p === 'unsupported' && <p>{t('pwa.notify.unsupported')}</p>}
        {p === 'denied' && <p>{t('pwa.notify.denied')}</p>}
        {p === 'default' && (
          <>
            <p>{t('pwa.notify.explain')}</p>
            <Button class="notify-enable" variant="primary" label={t('pwa.notify.enable')} onClick={() => void askPermission().catch((err: unknown) => reportError('pwa.notify.menu', err))} />
          </>
        )}
        {p === 'granted' && <p>{t('pwa.notify.on')}</p>}
        {p !== 'unsupported' && (
          <label class="notify-previews" for={id}>
            <input id={id} type="checkbox" checked={previews.value} onChange={(e) => setPreviews((e.currentTarget as HTMLInputElement).checked)} />
            <span>{t('pwa.notify.previews')}</span>
          </label>
        )}
      </div>
    </details>
  );
}

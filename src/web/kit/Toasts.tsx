import { t } from '../i18n/i18n.js';
import { Button } from './Button.js';
import { dismissToast, toasts } from './toast-store.js';

/** The toast corner. Errors are announced at once (alert), the rest politely. */
export function Toasts() {
  return (
    <div class="toasts" aria-live="polite" aria-relevant="additions">
      {toasts.value.map((x) => (
        <div key={x.id} class={`toast toast-${x.kind}`} role={x.kind === 'error' ? 'alert' : 'status'} data-code={x.code}>
          <p class="toast-text">{x.text}</p>
          <Button label={t('common.dismiss')} icon="close" iconOnly variant="ghost" onClick={() => dismissToast(x.id)} />
        </div>
      ))}
    </div>
  );
}

/**
 * Screen sharing in the widget: the agent's request (consent every time) and the bar that says
 * the screen is being shared for as long as it is, outside the panel so minimizing never hides it.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AssistNote } from '../../chat/protocol.js';
import { durationText } from '../assist/media-duration.js';
import { canCaptureScreen } from '../assist/screen-capture.js';
import type { Translate } from './i18n.js';
import type { ShareControl, ShareView } from './share-control.js';

export type ShareControlLike = Pick<ShareControl, 'view' | 'subscribe' | 'accept' | 'decline' | 'stop'>;

export function ShareParts({ share, t }: { share: ShareControlLike; t: Translate }) {
  const [view, setView] = useState<ShareView>(share.view());
  useEffect(() => share.subscribe(setView), [share]);
  if (view.phase === 'asked' && !canCaptureScreen()) {
    // Phone browsers cannot share a screen: say so, and the answer is a decline.
    return (
      <div class="share-ask" role="alertdialog" aria-labelledby="sb-share-title" aria-describedby="sb-share-text">
        <p id="sb-share-title" class="share-title">{t('share.asks', { agent: view.agentName })}</p>
        <p id="sb-share-text" class="share-text">{t('share.unsupported')}</p>
        <div class="share-actions">
          <button type="button" class="share-decline secondary" onClick={() => share.decline()}>
            {t('share.ok')}
          </button>
        </div>
      </div>
    );
  }
  if (view.phase === 'asked') {
    return (
      <div class="share-ask" role="alertdialog" aria-labelledby="sb-share-title" aria-describedby="sb-share-text">
        <p id="sb-share-title" class="share-title">{t('share.asks', { agent: view.agentName })}</p>
        <p id="sb-share-text" class="share-text">{t('share.viewOnly')}</p>
        <div class="share-actions">
          <button type="button" class="share-accept" onClick={() => void share.accept()}>
            {t('share.accept')}
          </button>
          <button type="button" class="share-decline secondary" onClick={() => share.decline()}>
            {t('share.decline')}
          </button>
        </div>
      </div>
    );
  }
  if (view.phase === 'sharing') {
    return (
      <div class="share-live" role="status">
        <span class="share-dot" aria-hidden="true" />
        <span class="share-live-text">{t('share.live', { agent: view.agentName })}</span>
        <button type="button" class="share-stop" onClick={() => share.stop()}>
          {t('share.stop')}
        </button>
      </div>
    );
  }
  return view.failed ? (
    <p class="share-failed" role="alert">
      {t('share.failed')}
    </p>
  ) : null;
}

/** A share's line on the timeline, in the visitor's words. */
export function assistText(n: AssistNote, t: Translate): string {
  if (n.outcome === 'declined') return t('assist.declined', { agent: n.agentName });
  if (n.startedAt === null) return t('assist.notLive', { agent: n.agentName });
  return t('assist.shared', { agent: n.agentName, duration: durationText(n.durationMs / 1000) });
}

/** The silence alerts of my group as pop-ups in the toolbar, each with a one-click take-over. */
import { useEffect, useMemo } from 'preact/hooks';
import type { EventStream } from '../api/event-stream.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { visitorLabel } from './visitor-label.js';
import { SilenceAlertStore } from './silence-alerts.js';
import { Icon } from '../kit/Icon.js';

export function SilenceAlerts({ agentId, stream }: { agentId: string; stream: EventStream }) {
  const store = useMemo(() => new SilenceAlertStore(agentId, stream), [agentId, stream]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  const alerts = store.alerts.value;
  if (alerts.length === 0) return null;
  return (
    <div class="silence-alerts" role="alert">
      {alerts.map((a) => {
        const mine = a.agentId === agentId;
        const minutes = Math.max(1, Math.round(a.silentMs / 60_000));
        return (
          <div key={a.chatId} class="silence-alert" data-chat={a.chatId}>
            <strong>
              <Icon name="clock" size={14} inline />
              {t('chat.silence.title')}
            </strong>
            <p>{mine ? t('chat.silence.mine', { name: visitorLabel(a.visitorName), minutes }) : t('chat.silence.colleague', { name: visitorLabel(a.visitorName), minutes })}</p>
            <div class="silence-alert-actions">
              {!mine && <Button class="silence-take-over" variant="primary" label={t('chat.silence.takeOver')} busy={store.taking.value === a.chatId} onClick={() => void store.takeOver(a.chatId)} />}
              <Button label={t('chat.silence.dismiss')} onClick={() => store.dismiss(a.chatId)} />
            </div>
          </div>
        );
      })}
    </div>
  );
}

/**
 * The collapsed toolbar: one line with the state, its time and, when something rings, a signal
 * (the tone plays too) — without opening itself over whatever the agent is working in.
 */
import { t } from '../i18n/i18n.js';
import { Icon } from '../kit/Icon.js';
import { Elapsed } from '../kit/Timer.js';
import type { DeskStore } from './desk-store.js';
import type { ReferenceData } from './reference-data.js';
import { deskStateKey, stateTone } from './state-labels.js';

export function CollapsedBar({ store, refs, ringing }: { store: DeskStore; refs: ReferenceData; ringing: boolean }) {
  const desk = store.desk.value;
  if (!desk) return <p role="status">{t('common.loading')}</p>;
  const reason = desk.state === 'not_ready' ? refs.breakLabel(desk.reason) : undefined;
  return (
    <div class={`collapsed-bar tone-${stateTone(desk.state)}`}>
      <span class="state-dot" aria-hidden="true" />
      <span class="state-name" data-state={desk.state}>
        {t(deskStateKey(desk))}
      </span>
      {reason && <span class="state-reason">{reason}</span>}
      {desk.state !== 'logged_out' && <Elapsed since={desk.stateSince} label={t('toolbar.timeInState')} />}
      {ringing && (
        <span class="collapsed-ringing" role="alert" data-ringing="true">
          <Icon name="bell" />
          {t('offer.signal')}
        </span>
      )}
    </div>
  );
}

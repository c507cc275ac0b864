/**
 * Always on screen: the agent's state with its reason and time in state, the change-state menu,
 * today's figures and the end of the shift.
 */
import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { agent } from '../api/endpoints.js';
import type { Desk } from '../api/types.js';
import { formatDuration } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Elapsed } from '../kit/Timer.js';
import type { DeskStore } from './desk-store.js';
import type { ReferenceData } from './reference-data.js';
import { deskStateKey, stateTone } from './state-labels.js';

/** The states an agent may choose: available, or not ready with one of the break reasons. */
function StateMenu({ desk, refs, store }: { desk: Desk; refs: ReferenceData; store: DeskStore }) {
  const id = useId();
  const [busy, run] = useAction();
  const current = desk.state === 'available' || desk.state === 'outbound' ? desk.state : desk.state === 'not_ready' ? `not_ready:${desk.reason ?? ''}` : '';
  // Busy states (ringing, on a call, wrap-up) are not chosen here; the menu then waits. Outbound
  // is both: chosen to make calls without inbound ones, and taken by click-to-dial until it ends.
  const onCall = store.call.value !== null;
  const choosable = !onCall && (desk.state === 'available' || desk.state === 'not_ready' || desk.state === 'outbound');
  const change = (value: string) => {
    const next =
      value === 'available' || value === 'outbound' ? ({ state: value } as const) : ({ state: 'not_ready', reason: value.slice('not_ready:'.length) } as const);
    void run('toolbar.changeState', async () => {
      store.desk.value = await agent.setState(next);
    });
  };
  return (
    <div class="state-menu">
      <label for={id}>{t('toolbar.changeState')}</label>
      <select id={id} value={current} disabled={!choosable || busy !== undefined} onChange={(e) => change(e.currentTarget.value)}>
        {!choosable && <option value="">{t(deskStateKey(desk))}</option>}
        <option value="available">{t('state.available')}</option>
        <option value="outbound">{t('state.outbound')}</option>
        {refs.choosableReasons().map((r) => (
          <option key={r.code} value={`not_ready:${r.code}`}>
            {t('toolbar.notReadyWith', { reason: r.label })}
          </option>
        ))}
      </select>
    </div>
  );
}

function Today({ store }: { store: DeskStore }) {
  if (store.todayMissing.value) return null;
  const d = store.today.value;
  const value = (n: number | undefined, f: (n: number) => string = String) => (n === undefined ? '–' : f(n));
  return (
    <dl class="today" aria-label={t('toolbar.today')}>
      <div>
        <dt>{t('toolbar.today.handled')}</dt>
        <dd data-figure="handled">{value(d?.handled)}</dd>
      </div>
      <div>
        <dt>{t('toolbar.today.missed')}</dt>
        <dd data-figure="missed">{value(d?.missed)}</dd>
      </div>
      <div>
        <dt>{t('toolbar.today.talk')}</dt>
        <dd data-figure="talk">{value(d?.talkMs, formatDuration)}</dd>
      </div>
      <div>
        <dt>{t('toolbar.today.longest')}</dt>
        <dd data-figure="longest">{value(d?.longestTalkMs, formatDuration)}</dd>
      </div>
    </dl>
  );
}

export function StateBar({ store, refs, children }: { store: DeskStore; refs: ReferenceData; children?: ComponentChildren }) {
  const desk = store.desk.value;
  const [busy, run] = useAction();
  if (!desk) return null;
  const reason = desk.state === 'not_ready' ? refs.breakLabel(desk.reason) : undefined;
  const loggedIn = desk.state !== 'logged_out';
  return (
    <section class={`state-bar tone-${stateTone(desk.state)}`} aria-label={t('toolbar.myState')}>
      <div class="state-now" data-state={desk.state} role="status">
        <span class="state-dot" aria-hidden="true" />
        <span class="state-name">{t(deskStateKey(desk))}</span>
        {reason && <span class="state-reason">{reason}</span>}
        {loggedIn && <Elapsed since={desk.stateSince} class="state-time" label={t('toolbar.timeInState')} />}
      </div>
      {loggedIn && <StateMenu desk={desk} refs={refs} store={store} />}
      <Today store={store} />
      {children}
      {loggedIn && (
        <Button
          label={t('toolbar.logout')}
          icon="logout"
          busy={busy !== undefined}
          disabled={desk.state === 'on_contact' || desk.state === 'outbound' || desk.state === 'offered'}
          onClick={() =>
            void run('toolbar.logout', async () => {
              store.desk.value = await agent.logout();
            })
          }
        />
      )}
    </section>
  );
}

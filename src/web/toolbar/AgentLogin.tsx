/**
 * Starting work: the phone to ring (fixed by the admin, or chosen now) and the first state in the
 * same step — available, or not ready with a break reason (an agent who starts in a meeting must
 * not get a call between logging in and choosing).
 */
import { useState } from 'preact/hooks';
import { agent, auth, type FirstState } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import type { DeskStore } from './desk-store.js';
import type { ReferenceData } from './reference-data.js';

const LAST_PHONE_KEY = 'switchboard.toolbar.phone';

function rememberedPhone(): string {
  try {
    return localStorage.getItem(LAST_PHONE_KEY) ?? '';
  } catch {
    // No storage (policy, private mode): the agent types the phone each time.
    return '';
  }
}

export function AgentLogin({ store, refs, supervises }: { store: DeskStore; refs: ReferenceData; supervises: boolean }) {
  const cfg = refs.agentConfig.value;
  // A fixed desk phone and the browser phone are both the agent's profile: nothing to choose here.
  const fixed = cfg?.phone.mode === 'fixed' || cfg?.phone.mode === 'browser' ? cfg.phone.extension : undefined;
  const inBrowser = cfg?.phone.mode === 'browser';
  const [phone, setPhone] = useState(rememberedPhone);
  const [first, setFirst] = useState<'available' | 'not_ready'>('available');
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<'phone' | 'reason' | undefined>(undefined);
  const [busy, run] = useAction();
  const reasons = refs.choosableReasons();

  const submit = (e: Event) => {
    e.preventDefault();
    if (!fixed && phone.trim() === '') return setMissing('phone');
    if (first === 'not_ready' && reason === '') return setMissing('reason');
    setMissing(undefined);
    const state: FirstState = first === 'available' ? { state: 'available' } : { state: 'not_ready', reason };
    void run('toolbar.startWork', async () => {
      store.desk.value = await agent.login(state, fixed ? undefined : phone.trim());
      if (!fixed && supervises) {
        // A team lead who listens in uses the same phone; their user's own binding is chosen here
        // too when an admin set it to "at login" (CONFLICT: it is fixed or none, nothing to choose).
        await auth.choosePhone(phone.trim()).catch((err: unknown) => {
          if (isApiError(err, 'CONFLICT')) console.info('the user phone binding is not chosen at login', err);
          else throw err;
        });
      }
      if (!fixed) {
        try {
          localStorage.setItem(LAST_PHONE_KEY, phone.trim());
        } catch (err) {
          console.info('the phone could not be remembered on this browser', err);
        }
      }
    });
  };

  return (
    <section class="panel agent-login" aria-labelledby="agent-login-title">
      <h2 id="agent-login-title">{t('toolbar.startWorkTitle')}</h2>
      <form onSubmit={submit}>
        {fixed ? (
          <p class="fixed-phone" data-phone-mode={inBrowser ? 'browser' : 'fixed'}>
            {inBrowser ? t('toolbar.phoneBrowser') : t('toolbar.phoneFixed')} <strong>{fixed}</strong>
          </p>
        ) : (
          <Field id="agent-phone" label={t('toolbar.phone')} hint={t('toolbar.phoneHint')} {...(missing === 'phone' ? { error: t('toolbar.phoneMissing') } : {})}>
            <input id="agent-phone" name="phone" autoComplete="off" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} aria-describedby="agent-phone-hint" />
          </Field>
        )}
        <fieldset>
          <legend>{t('toolbar.firstState')}</legend>
          <label class="choice">
            <input type="radio" name="first-state" value="available" checked={first === 'available'} onChange={() => setFirst('available')} />
            {t('state.available')}
          </label>
          <label class="choice">
            <input type="radio" name="first-state" value="not_ready" checked={first === 'not_ready'} onChange={() => setFirst('not_ready')} />
            {t('state.not_ready')}
          </label>
          {first === 'not_ready' && (
            <Field id="first-reason" label={t('toolbar.breakReason')} {...(missing === 'reason' ? { error: t('toolbar.reasonMissing') } : {})}>
              <select id="first-reason" name="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
                <option value="">{t('toolbar.chooseReason')}</option>
                {reasons.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.label}
                  </option>
                ))}
              </select>
            </Field>
          )}
        </fieldset>
        <Button type="submit" variant="primary" label={t('toolbar.startWork')} busy={busy !== undefined} />
      </form>
    </section>
  );
}

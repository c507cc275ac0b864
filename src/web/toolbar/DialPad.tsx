/**
 * Outbound calls: type, paste ("+86 138-0013-8000" keeps only what can be dialed) or click the
 * number, choose the caller id the customer sees, or pick a recent number. Enter dials.
 */
import { useEffect, useState } from 'preact/hooks';
import type { RecentNumbers } from '../api/types.js';
import { agent, calls } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { reportError } from '../kit/toast-store.js';
import type { DeskStore } from './desk-store.js';
import { dialable, Keypad } from './Keypad.js';
import type { ReferenceData } from './reference-data.js';

const NUMBER = /^\+?[0-9*#]{2,32}$/;

export function DialPad({ store, refs, canDial }: { store: DeskStore; refs: ReferenceData; canDial: boolean }) {
  const [number, setNumber] = useState('');
  const ids = refs.callerIds.value;
  const [callerId, setCallerId] = useState<string>('');
  const [recent, setRecent] = useState<RecentNumbers['numbers'] | null>(null);
  const [busy, run] = useAction();
  const callBusy = store.call.value !== null;

  useEffect(() => {
    if (ids && callerId === '') setCallerId(ids.default ?? ids.callerIds[0] ?? '');
  }, [ids]);

  const loadRecent = async () => {
    try {
      setRecent((await agent.recentNumbers()).numbers);
    } catch (err) {
      if (isApiError(err, 'NOT_FOUND')) setRecent(null);
      else reportError('dial.loadRecent', err);
    }
  };
  // Re-read after each call: the number just called is now the most recent.
  useEffect(() => {
    if (!callBusy) void loadRecent();
  }, [callBusy]);

  const valid = NUMBER.test(number);
  const dial = (e?: Event) => {
    e?.preventDefault();
    if (!valid || !canDial) return;
    void run('dial.call', async () => {
      store.noteDialAsked(true);
      const { call } = await calls.dial(number, callerId || undefined).finally(() => store.noteDialAsked(false));
      store.call.value = call;
      setNumber('');
      await store.refreshDesk();
    });
  };

  return (
    <section class="panel dial-pad" aria-labelledby="dial-title">
      <h2 id="dial-title">{t('dial.title')}</h2>
      <form onSubmit={dial}>
        <div class="dial-input">
          <label for="dial-number" class="visually-hidden">
            {t('dial.number')}
          </label>
          <input
            id="dial-number"
            name="number"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            placeholder={t('dial.placeholder')}
            value={number}
            // Typed or pasted, only what can be dialed stays ("+86 138-0013-8000" -> "+8613800138000").
            onInput={(e) => setNumber(dialable(e.currentTarget.value))}
          />
          <Button label={t('dial.backspace')} icon="backspace" iconOnly variant="ghost" disabled={number === ''} onClick={() => setNumber(number.slice(0, -1))} />
        </div>
        {/* Off during a call: the call's own keypad sends tones; two live keypads would be mixed up. */}
        <Keypad label={t('dial.keypad')} disabled={!canDial} onKey={(k) => setNumber(dialable(number + k))} />
        {ids && ids.callerIds.length > 0 && (
          <div class="field">
            <label for="dial-caller-id">{t('dial.callerId')}</label>
            <select id="dial-caller-id" value={callerId} onChange={(e) => setCallerId(e.currentTarget.value)}>
              {ids.callerIds.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </div>
        )}
        <Button type="submit" variant="success" icon="phone" label={t('dial.call')} disabled={!valid || !canDial} busy={busy !== undefined} class="dial-call" />
        {!canDial && <p class="muted dial-why">{callBusy ? t('dial.onCall') : t('dial.notNow')}</p>}
      </form>
      {recent && (
        <div class="recent">
          <h3>{t('dial.recent')}</h3>
          {recent.length === 0 ? (
            <p class="muted">{t('dial.noRecent')}</p>
          ) : (
            <ul class="recent-list">
              {recent.slice(0, 8).map((n) => (
                <li key={n}>
                  <button type="button" class="recent-number" onClick={() => setNumber(n)} aria-label={t('dial.useRecent', { number: n })}>
                    {n}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}

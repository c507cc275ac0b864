/**
 * After-call work, started by the daemon when the call ends: the time left counts down; the agent
 * records the outcome and a note (saved to the call while wrap-up runs), takes more time, or
 * finishes early. When the time is up the daemon makes the agent available by itself.
 */
import { useEffect, useState } from 'preact/hooks';
import { agent, calls } from '../api/endpoints.js';
import type { Desk } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { Countdown } from '../kit/Timer.js';
import { notify } from '../kit/toast-store.js';
import type { DeskStore } from './desk-store.js';
import type { ReferenceData } from './reference-data.js';

const EXTEND_MS = 60_000;
/** Typing pauses this long before the outcome and note are saved on their own. */
const AUTOSAVE_AFTER_MS = 1500;

export function WrapUpPanel({ store, refs, desk }: { store: DeskStore; refs: ReferenceData; desk: Desk }) {
  const work = desk.work.find((w) => w.phase === 'wrap_up');
  const last = store.lastCall.value;
  // The desk names the call of a voice contact; a chat's wrap-up has no call to write to.
  const callId = work ? work.callId : last?.id;
  const [disposition, setDisposition] = useState('');
  const [note, setNote] = useState('');
  const [savedFor, setSavedFor] = useState<string | undefined>(undefined);
  const [dirty, setDirty] = useState(false);
  const [busy, run] = useAction();
  const dispositions = refs.dispositions.value;

  // A new wrap-up starts with an empty form.
  useEffect(() => {
    setDisposition('');
    setNote('');
    setDirty(false);
  }, [callId]);

  const save = async (): Promise<boolean> => {
    if (!callId || !dirty) return false;
    // Both fields every time: clearing the choice or the note is a change too (null / '').
    await calls.setDisposition(callId, { disposition: disposition || null, note: note.trim() });
    setSavedFor(callId);
    setDirty(false);
    return true;
  };

  // Saved while the agent works, not only on Save: wrap-up may time out before they press anything.
  useEffect(() => {
    if (!dirty) return undefined;
    const timer = window.setTimeout(() => void run('wrap.save', save), AUTOSAVE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [dirty, disposition, note]);

  const endsAt = desk.wrapUpEndsAt ?? work?.wrapUpEndsAt ?? null;
  return (
    <section class="panel wrap-up" aria-labelledby="wrap-title">
      <header class="wrap-head">
        <h2 id="wrap-title">{t('wrap.title')}</h2>
        {endsAt !== null ? (
          <span class="wrap-left">
            {t('wrap.timeLeft')} <Countdown until={endsAt} class="wrap-countdown" />
          </span>
        ) : (
          <span class="muted">{t('wrap.noLimit')}</span>
        )}
      </header>
      {last && <p class="wrap-call">{last.direction === 'outbound' ? t('call.outboundTo', { number: last.to }) : t('call.inboundFrom', { number: last.from })}</p>}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run('wrap.save', save).then((saved) => {
            if (saved) notify('success', 'wrap.saved');
          });
        }}
      >
        {dispositions.length > 0 && (
          <Field id="wrap-outcome" label={t('wrap.outcome')}>
            <select
              id="wrap-outcome"
              value={disposition}
              onChange={(e) => {
                setDisposition(e.currentTarget.value);
                setDirty(true);
              }}
            >
              <option value="">{t('wrap.chooseOutcome')}</option>
              {dispositions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.label}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field id="wrap-note" label={t('wrap.note')}>
          <textarea
            id="wrap-note"
            rows={3}
            maxLength={2000}
            value={note}
            onInput={(e) => {
              setNote(e.currentTarget.value);
              setDirty(true);
            }}
          />
        </Field>
        <div class="button-row">
          <Button type="submit" label={t('wrap.save')} disabled={!callId || !dirty} busy={busy === 'wrap.save'} />
          <Button
            label={t('wrap.extend')}
            icon="plus"
            busy={busy === 'wrap.extend'}
            onClick={() =>
              void run('wrap.extend', async () => {
                store.desk.value = await agent.extendWrapUp(EXTEND_MS, work?.contactId);
              })
            }
          />
          <Button
            variant="primary"
            icon="check"
            label={t('wrap.finish')}
            busy={busy === 'wrap.finish'}
            onClick={() =>
              void run('wrap.finish', async () => {
                // What was typed is kept even when the agent finishes without pressing save.
                await save();
                store.desk.value = await agent.finishWrapUp(work?.contactId);
                void store.refreshToday();
              })
            }
          />
        </div>
        {savedFor === callId && !dirty && <p class="muted wrap-saved" role="status">{t('wrap.savedHint')}</p>}
      </form>
    </section>
  );
}

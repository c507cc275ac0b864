/**
 * One channel's bot: when it answers first (off, always, outside business hours and by whose
 * calendar) and when it hands the chat to a person. Saved alone (PUT /api/chat-bot/settings/:channel);
 * a refused save keeps everything typed and shows the daemon's objection at each field it named.
 */
import { useState } from 'preact/hooks';
import { chatBotApi, problemPaths, type BotChannelView, type CalendarConfig } from '../api/chat-bot.js';
import { isApiError } from '../api/http.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { showToast } from '../kit/toast-store.js';
import { channelBody, channelForm, fieldOf, MODES, problemText, type ChannelForm, type PageChannel } from './bot-form.js';

export function ChannelBotForm({ channel, saved, calendars, canEdit }: { channel: PageChannel; saved: BotChannelView; calendars: CalendarConfig[]; canEdit: boolean }) {
  const [form, setForm] = useState<ChannelForm>(() => channelForm(saved));
  const [problems, setProblems] = useState<Set<string>>(new Set());
  const [busy, run] = useAction();
  const id = (name: string) => `bot-${channel}-${name}`;
  const set = (patch: Partial<ChannelForm>, field?: string) => {
    setForm({ ...form, ...patch });
    if (field && problems.has(field)) setProblems(new Set([...problems].filter((p) => p !== field)));
  };
  const err = (field: string) => (problems.has(field) ? { error: problemText(field) } : {});
  const save = () =>
    void run('botAdmin.saveChannel', async () => {
      try {
        const next = await chatBotApi.saveChannel(channel, channelBody(form));
        setForm(channelForm(next));
        setProblems(new Set());
        showToast('success', t('botAdmin.channelSaved', { channel: t(`botAdmin.channel.${channel}`) }));
      } catch (e) {
        // The form keeps what was typed: only the named fields are marked.
        const where = isApiError(e, 'BOT_SETTINGS_INVALID') || isApiError(e, 'VALIDATION_FAILED') ? problemPaths(e.details).map(fieldOf) : [];
        if (where.length === 0) throw e;
        // A schema refusal (a count of 0) and the bot's own checks read the same: see the marked fields.
        console.info('bot settings refused', e);
        // Said beside the button, not in a toast: a toast in the corner sat over the save buttons.
        setProblems(new Set(where));
      }
    });
  const disabled = !canEdit;

  return (
    <fieldset class={`bot-channel${problems.size > 0 ? ' is-refused' : ''}`} data-channel={channel} disabled={disabled}>
      <legend>{t(`botAdmin.channel.${channel}`)}</legend>
      <div class="bot-modes" role="radiogroup" aria-label={t('botAdmin.mode')}>
        <span class="bot-label">{t('botAdmin.mode')}</span>
        {MODES.map((m) => (
          <label key={m} class="check">
            <input type="radio" name={id('mode')} value={m} checked={form.mode === m} onChange={() => set({ mode: m }, 'mode')} />
            {t(`botAdmin.mode.${m}`)}
          </label>
        ))}
        {problems.has('mode') && <p class="field-error" role="alert">{problemText('mode')}</p>}
      </div>
      <Field id={id('calendar')} label={t('botAdmin.calendar')} hint={t('botAdmin.calendarHint')} {...err('calendarId')}>
        <select id={id('calendar')} value={form.calendarId} onChange={(e) => set({ calendarId: e.currentTarget.value }, 'calendarId')}>
          <option value="">{t('botAdmin.queueCalendar')}</option>
          {calendars.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
          {form.calendarId !== '' && !calendars.some((c) => c.id === form.calendarId) && <option value={form.calendarId}>{t('botAdmin.unknownCalendar')}</option>}
        </select>
      </Field>
      <div class="bot-rules">
        <span class="bot-label">{t('botAdmin.handover')}</span>
        <label class="check">
          <input type="checkbox" name={id('on-request')} checked={form.onRequest} onChange={(e) => set({ onRequest: e.currentTarget.checked })} />
          {t('botAdmin.onRequest')}
        </label>
        <div class="bot-count">
          <label class="check">
            <input type="checkbox" name={id('unhelpful-on')} checked={form.unhelpfulOn} onChange={(e) => set({ unhelpfulOn: e.currentTarget.checked }, 'unhelpfulTurns')} />
            {t('botAdmin.unhelpfulTurns')}
          </label>
          <Field id={id('unhelpful')} label={t('botAdmin.turns')} {...err('unhelpfulTurns')}>
            <input id={id('unhelpful')} type="text" inputMode="numeric" size={3} value={form.unhelpful} disabled={disabled || !form.unhelpfulOn} onInput={(e) => set({ unhelpful: e.currentTarget.value }, 'unhelpfulTurns')} />
          </Field>
        </div>
        <div class="bot-count">
          <label class="check">
            <input type="checkbox" name={id('negative-on')} checked={form.negativeOn} onChange={(e) => set({ negativeOn: e.currentTarget.checked }, 'negativeStreak')} />
            {t('botAdmin.negativeStreak')}
          </label>
          <Field id={id('negative')} label={t('botAdmin.messages')} {...err('negativeStreak')}>
            <input id={id('negative')} type="text" inputMode="numeric" size={3} value={form.negative} disabled={disabled || !form.negativeOn} onInput={(e) => set({ negative: e.currentTarget.value }, 'negativeStreak')} />
          </Field>
        </div>
        <label class="check">
          <input type="checkbox" name={id('vip')} checked={form.vip} onChange={(e) => set({ vip: e.currentTarget.checked })} />
          {t('botAdmin.vip')}
        </label>
      </div>
      {canEdit && (
        <div class="actions">
          {problems.size > 0 && (
            <p class="bot-not-saved" role="alert">
              {t('botAdmin.notSaved')}
            </p>
          )}
          <Button label={t('botAdmin.saveChannel')} variant="primary" data-action="save-channel" data-channel={channel} busy={busy === 'botAdmin.saveChannel'} onClick={save} />
        </div>
      )}
    </fieldset>
  );
}

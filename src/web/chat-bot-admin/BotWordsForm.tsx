/**
 * The words admins add to the bot (PUT /api/chat-bot/words, replaced whole): extra "I want a
 * person" phrases, sentiment words with a weight from -3 to +3, and negators. The built-in lists
 * stay and are shown for reference. One row per entry, so the daemon's `/negators/2` lands on
 * that very box; a refused save keeps every row as typed.
 */
import { useState } from 'preact/hooks';
import { DEFAULT_HANDOVER_PHRASES } from '../../chat/bot/handover-phrases.js';
import { chatBotApi, problemPaths, type BotWordsView } from '../api/chat-bot.js';
import { isApiError } from '../api/http.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { showToast } from '../kit/toast-store.js';
import { fieldOf, problemText, wordsBody, wordsForm, type WordsForm } from './bot-form.js';

type ListName = 'handoverPhrases' | 'negators';

export function BotWordsForm({ saved, canEdit }: { saved: BotWordsView; canEdit: boolean }) {
  const [form, setForm] = useState<WordsForm>(() => wordsForm(saved));
  const [problems, setProblems] = useState<Set<string>>(new Set());
  const [busy, run] = useAction();
  const clear = (field: string) => problems.has(field) && setProblems(new Set([...problems].filter((p) => p !== field)));
  const errorAt = (field: string) =>
    problems.has(field) ? (
      <p class="field-error" id={`bot-word-${field.replace(/\//g, '-')}-error`} role="alert">
        {problemText(field)}
      </p>
    ) : null;
  const save = () =>
    void run('botAdmin.saveWords', async () => {
      try {
        const next = await chatBotApi.saveWords(wordsBody(form));
        setForm(wordsForm(next));
        setProblems(new Set());
        showToast('success', t('botAdmin.wordsSaved'));
      } catch (e) {
        const where = isApiError(e, 'BOT_SETTINGS_INVALID') || isApiError(e, 'VALIDATION_FAILED') ? problemPaths(e.details).map(fieldOf) : [];
        if (where.length === 0) throw e;
        // A schema refusal (a count of 0) and the bot's own checks read the same: see the marked fields.
        console.info('bot settings refused', e);
        // Said beside the button, not in a toast: a toast in the corner sat over this very button.
        setProblems(new Set(where));
      }
    });
  // Removing a row moves the rows after it: the daemon's row numbers no longer fit, so its marks go.
  const removeRow = (patch: Partial<WordsForm>) => {
    setForm({ ...form, ...patch });
    setProblems(new Set());
  };

  const list = (name: ListName, title: MessageKey, hint: string, placeholder: MessageKey) => (
    <section class="bot-words-list" data-list={name} aria-labelledby={`bot-${name}-title`}>
      <h3 id={`bot-${name}-title`}>{t(title)}</h3>
      <p class="muted">{hint}</p>
      {errorAt(name)}
      {form[name].length === 0 && <p class="muted bot-none">{t('botAdmin.noneAdded')}</p>}
      <ol>
        {form[name].map((w, i) => (
          <li key={i} class={problems.has(`${name}/${i}`) ? 'has-error' : ''}>
            <input
              name={`${name}-${i}`}
              aria-label={t('botAdmin.entryN', { list: t(title), n: i + 1 })}
              aria-invalid={problems.has(`${name}/${i}`) ? 'true' : undefined}
              placeholder={t(placeholder)}
              value={w}
              onInput={(e) => {
                const v = e.currentTarget.value;
                setForm({ ...form, [name]: form[name].map((x, j) => (j === i ? v : x)) });
                clear(`${name}/${i}`);
              }}
            />
            {canEdit && <Button label={t('botAdmin.remove')} data-action={`remove-${name}`} onClick={() => removeRow({ [name]: form[name].filter((_, j) => j !== i) })} />}
            {errorAt(`${name}/${i}`)}
          </li>
        ))}
      </ol>
      {canEdit && <Button label={t('botAdmin.add')} data-action={`add-${name}`} onClick={() => setForm({ ...form, [name]: [...form[name], ''] })} />}
    </section>
  );

  return (
    <fieldset class="bot-words" disabled={!canEdit}>
      {list('handoverPhrases', 'botAdmin.phrases', t('botAdmin.phrasesHint', { builtIn: DEFAULT_HANDOVER_PHRASES.join(', ') }), 'botAdmin.phraseExample')}
      <section class="bot-words-list" data-list="sentiment" aria-labelledby="bot-sentiment-title">
        <h3 id="bot-sentiment-title">{t('botAdmin.sentiment')}</h3>
        <p class="muted">{t('botAdmin.sentimentHint')}</p>
        {errorAt('sentiment')}
        {form.sentiment.length === 0 ? (
          <p class="muted bot-none">{t('botAdmin.noneAdded')}</p>
        ) : (
          <p class="bot-columns muted" aria-hidden="true">
            <span>{t('botAdmin.word')}</span>
            <span>{t('botAdmin.weight')}</span>
          </p>
        )}
        <ol>
          {form.sentiment.map((e, i) => (
            <li key={i} class={problems.has(`sentiment/${i}`) || problems.has(`sentiment/${i}/weight`) ? 'has-error' : ''}>
              <input
                name={`sentiment-${i}`}
                aria-label={t('botAdmin.entryN', { list: t('botAdmin.sentiment'), n: i + 1 })}
                aria-invalid={problems.has(`sentiment/${i}`) ? 'true' : undefined}
                placeholder={t('botAdmin.wordExample')}
                value={e.word}
                onInput={(ev) => {
                  const v = ev.currentTarget.value;
                  setForm({ ...form, sentiment: form.sentiment.map((x, j) => (j === i ? { ...x, word: v } : x)) });
                  clear(`sentiment/${i}`);
                }}
              />
              <input
                class="bot-weight"
                name={`weight-${i}`}
                type="text"
                inputMode="numeric"
                size={3}
                aria-label={t('botAdmin.weightN', { n: i + 1 })}
                aria-invalid={problems.has(`sentiment/${i}/weight`) ? 'true' : undefined}
                value={e.weight}
                onInput={(ev) => {
                  const v = ev.currentTarget.value;
                  setForm({ ...form, sentiment: form.sentiment.map((x, j) => (j === i ? { ...x, weight: v } : x)) });
                  clear(`sentiment/${i}/weight`);
                }}
              />
              {canEdit && <Button label={t('botAdmin.remove')} data-action="remove-sentiment" onClick={() => removeRow({ sentiment: form.sentiment.filter((_, j) => j !== i) })} />}
              {errorAt(`sentiment/${i}`)}
              {errorAt(`sentiment/${i}/weight`)}
            </li>
          ))}
        </ol>
        {canEdit && <Button label={t('botAdmin.add')} data-action="add-sentiment" onClick={() => setForm({ ...form, sentiment: [...form.sentiment, { word: '', weight: '-1' }] })} />}
      </section>
      {list('negators', 'botAdmin.negators', t('botAdmin.negatorsHint'), 'botAdmin.negatorExample')}
      {canEdit && (
        <div class="actions">
          {problems.size > 0 && (
            <p class="bot-not-saved" role="alert">
              {t('botAdmin.notSaved')}
            </p>
          )}
          <Button label={t('botAdmin.saveWords')} variant="primary" data-action="save-words" busy={busy === 'botAdmin.saveWords'} onClick={save} />
        </div>
      )}
    </fieldset>
  );
}

/**
 * The chat's forms and surveys under its header: what was sent (and the pre-chat answers) with the
 * visitor's answers, and, while the chat runs, a form to send, optionally with its answers added
 * to the chat's ticket. Read again when a form is sent or answered (chat.form).
 */
import { useEffect, useState } from 'preact/hooks';
import { labelIn } from '../../forms/form-rules.js';
import { formsApi, type ChatFormView, type FormView } from '../api/forms.js';
import { FormAnswers } from '../chat-forms/FormAnswers.js';
import { locale, t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { notify, reportError } from '../kit/toast-store.js';

export function ChatForms({ chatId, open, tick }: { chatId: string; open: boolean; tick: number }) {
  const [forms, setForms] = useState<ChatFormView[]>([]);
  const [available, setAvailable] = useState<FormView[]>([]);
  const [chosen, setChosen] = useState('');
  const [toTicket, setToTicket] = useState(false);
  const [sending, setSending] = useState(false);
  useEffect(() => {
    let live = true;
    formsApi.ofChat(chatId).then((r) => live && setForms(r.forms), (err: unknown) => reportError('forms.loadFailed', err));
    return () => {
      live = false;
    };
  }, [chatId, tick]);
  useEffect(() => {
    let live = true;
    if (open) formsApi.list().then((r) => live && setAvailable(r.forms), (err: unknown) => reportError('forms.loadFailed', err));
    return () => {
      live = false;
    };
  }, [open]);
  const send = async () => {
    if (chosen === '') return;
    setSending(true);
    try {
      const sent = await formsApi.send(chatId, chosen, toTicket);
      setForms((f) => (f.some((x) => x.requestId === sent.requestId) ? f : [...f, sent]));
      setChosen('');
      notify('success', 'forms.sent');
    } catch (err) {
      reportError('forms.sendFailed', err);
    } finally {
      setSending(false);
    }
  };
  const lang = locale.value;
  return (
    <section class="chat-forms" aria-label={t('forms.inChatTitle', { count: forms.length })}>
      {forms.length > 0 && <h4>{t('forms.inChatTitle', { count: forms.length })}</h4>}
      {forms.length > 0 && <FormAnswers forms={forms} />}
      {open && (
        <div class="chat-forms-send">
          <label class="visually-hidden" for={`form-pick-${chatId}`}>
            {t('forms.pick')}
          </label>
          <select id={`form-pick-${chatId}`} value={chosen} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            <option value="">{t('forms.pick')}</option>
            {available.map((f) => (
              <option key={f.id} value={f.id}>
                {`${f.name} · ${labelIn(f.definition.title, lang)} (${f.kind === 'survey' ? t('forms.surveyBadge') : t('forms.formBadge')})`}
              </option>
            ))}
          </select>
          <label class="chat-forms-ticket">
            <input type="checkbox" checked={toTicket} onChange={(e) => setToTicket((e.target as HTMLInputElement).checked)} />
            {t('forms.toChatTicket')}
          </label>
          <Button class="chat-forms-send-button" label={t('forms.send')} variant="primary" busy={sending} disabled={chosen === ''} onClick={() => void send()} />
        </div>
      )}
    </section>
  );
}

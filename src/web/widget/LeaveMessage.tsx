/**
 * Leaving a message when nobody can serve: the form drawn from the chosen template (a picker when
 * the channel offers several), then what became of it and the visitor's tickets with their public
 * replies. Labels come from the template in the visitor's language.
 */
import { useState } from 'preact/hooks';
import type { OfferedField, OfferedTemplate, VisitorTicket } from '../../chat/protocol.js';
import { Attachment } from './Attachment.js';
import type { Translate, WidgetLocale } from './i18n.js';
import type { WidgetView } from './view.js';

export interface LeaveActions {
  leaveMessage(templateId: string, fields: Record<string, string>): void;
  closeLeaveMessage(): void;
  /** An attachment's bytes (a ticket reply's files, a chat upload). */
  attachment(id: string): Promise<Blob>;
}

function Field({ field, value, locale, onInput }: { field: OfferedField; value: string; locale: WidgetLocale; onInput: (v: string) => void }) {
  const label = locale === 'zh-CN' ? field.label.zh : field.label.en;
  const common = { name: field.name, required: field.required, value, onInput: (e: Event) => onInput((e.target as HTMLInputElement).value) };
  return (
    <label class="field">
      <span>
        {label}
        {field.required && <b aria-hidden="true"> *</b>}
      </span>
      {field.kind === 'long_text' ? (
        <textarea rows={4} {...common} />
      ) : field.kind === 'email' ? (
        <input type="email" autocomplete="email" {...common} />
      ) : field.kind === 'phone' ? (
        <input type="tel" autocomplete="tel" {...common} />
      ) : (
        <input type="text" {...common} />
      )}
    </label>
  );
}

function Form({ templates, sending, t, locale, actions }: { templates: OfferedTemplate[]; sending: boolean; t: Translate; locale: WidgetLocale; actions: LeaveActions }) {
  const [chosen, setChosen] = useState(templates[0]?.id ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const template = templates.find((x) => x.id === chosen) ?? templates[0];
  if (!template) return <p class="intro">{t('leave.none')}</p>;
  return (
    <form
      class="leave"
      onSubmit={(e) => {
        e.preventDefault();
        const filled = Object.fromEntries(template.fields.map((f) => [f.name, values[f.name] ?? '']).filter(([, v]) => v !== ''));
        actions.leaveMessage(template.id, filled);
      }}
    >
      {templates.length > 1 && (
        <label class="field">
          <span>{t('leave.topic')}</span>
          <select value={template.id} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
            {templates.map((x) => (
              <option key={x.id} value={x.id}>
                {locale === 'zh-CN' ? x.name.zh : x.name.en}
              </option>
            ))}
          </select>
        </label>
      )}
      {template.fields.map((f) => (
        <Field key={`${template.id}/${f.name}`} field={f} locale={locale} value={values[f.name] ?? ''} onInput={(v) => setValues({ ...values, [f.name]: v })} />
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={actions.closeLeaveMessage} disabled={sending}>
          {t('leave.cancel')}
        </button>
        <button type="submit" class="send" disabled={sending}>
          {sending ? t('message.sending') : t('leave.send')}
        </button>
      </div>
    </form>
  );
}

export function Tickets({ tickets, t, locale, load }: { tickets: VisitorTicket[]; t: Translate; locale: WidgetLocale; load?: (id: string) => Promise<Blob> }) {
  const when = (at: number) => new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
  if (tickets.length === 0) return <p class="intro">{t('tickets.none')}</p>;
  return (
    <ul class="tickets" aria-label={t('tickets.title')}>
      {tickets.map((x) => (
        <li key={x.id} class="ticket" data-ticket-id={x.id}>
          <p class="subject">{x.subject}</p>
          <p class="meta">
            {t(`status.${x.status}` as 'status.new')} · {when(x.updatedAt)}
          </p>
          {x.replies.map((r) => (
            <div key={r.id} class="reply">
              <p>{r.body}</p>
              {load && (r.attachments ?? []).map((a) => <Attachment key={a.id} a={a} t={t} load={load} />)}
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}

export function LeaveMessage({ view, t, locale, actions }: { view: WidgetView; t: Translate; locale: WidgetLocale; actions: LeaveActions }) {
  const leave = view.leave;
  if (!leave?.open) return null;
  if (leave.ticketId) {
    return (
      <div class="leave-done">
        <p class="intro" role="status">
          {t('leave.done')}
        </p>
        {view.tickets && <Tickets tickets={view.tickets} t={t} locale={locale} load={actions.attachment} />}
        <button type="button" class="secondary" onClick={actions.closeLeaveMessage}>
          {t('leave.back')}
        </button>
      </div>
    );
  }
  return (
    <div class="leave-offer">
      <p class="intro">{t(leave.reason === 'asked' ? 'leave.introAsked' : 'leave.introNobody')}</p>
      <Form templates={leave.templates} sending={leave.sending !== undefined} t={t} locale={locale} actions={actions} />
    </div>
  );
}

/** The launcher button and, when open, the chat panel; the session behind them lives on while closed. */
import { useEffect, useState } from 'preact/hooks';
import type { Translate, WidgetLocale } from './i18n.js';
import { Panel } from './Panel.js';
import type { WidgetView } from './view.js';

export interface WidgetSessionLike {
  view(): WidgetView;
  subscribe(listener: (view: WidgetView) => void): () => void;
  start(): void;
  send(text: string): void;
  upload(file: File): void;
  attachment(id: string): Promise<Blob>;
  typing(active: boolean): void;
  newChat(): void;
  askLeaveMessage(): void;
  leaveMessage(templateId: string, fields: Record<string, string>): void;
  closeLeaveMessage(): void;
  showTickets(): void;
  answerSurvey(score: number, comment: string): void;
}

export function Widget({ session, t, locale, host }: { session: WidgetSessionLike; t: Translate; locale: WidgetLocale; host: HTMLElement }) {
  const [view, setView] = useState(session.view());
  const [open, setOpen] = useState(false);
  useEffect(() => session.subscribe(setView), [session]);
  useEffect(() => {
    // The host element carries the state so the shadow CSS can make the open panel full-screen on phones.
    if (open) host.setAttribute('data-open', '');
    else host.removeAttribute('data-open');
  }, [open, host]);

  const unread = !open && view.timeline.lines.some((l) => l.author === 'agent');
  return (
    <>
      {open && (
        <Panel
          view={view}
          t={t}
          locale={locale}
          actions={{
            start: () => session.start(),
            send: (x) => session.send(x),
            upload: (f) => session.upload(f),
            attachment: (id) => session.attachment(id),
            typing: (a) => session.typing(a),
            minimize: () => setOpen(false),
            newChat: () => session.newChat(),
            askLeaveMessage: () => session.askLeaveMessage(),
            leaveMessage: (id, fields) => session.leaveMessage(id, fields),
            closeLeaveMessage: () => session.closeLeaveMessage(),
            showTickets: () => session.showTickets(),
            answerSurvey: (score, comment) => session.answerSurvey(score, comment),
          }}
        />
      )}
      <button type="button" class="launcher" aria-expanded={open} onClick={() => setOpen(!open)}>
        {unread && <span class="dot" aria-hidden="true" />}
        {open ? t('launcher.close') : t('launcher.open')}
      </button>
    </>
  );
}

/** The launcher button and, when open, the chat panel; the session behind them lives on while closed. */
import type { BotChoice } from '../../chat/protocol.js';
import { useEffect, useState } from 'preact/hooks';
import type { Translate, WidgetLocale } from './i18n.js';
import { Panel } from './Panel.js';
import { ShareParts, type ShareControlLike } from './ShareParts.js';
import type { WidgetView } from './view.js';

export interface WidgetSessionLike {
  view(): WidgetView;
  subscribe(listener: (view: WidgetView) => void): () => void;
  start(): void;
  send(text: string, choice?: BotChoice): void;
  openArticle(id: string, title: string): Promise<void>;
  closeArticle(): void;
  upload(file: File): void;
  attachment(id: string): Promise<Blob>;
  typing(draft: string): void;
  newChat(): void;
  askLeaveMessage(): void;
  leaveMessage(templateId: string, fields: Record<string, string>): void;
  closeLeaveMessage(): void;
  showTickets(): void;
  answerSurvey(score: number, comment: string): void;
  answerInvitation(accept: boolean): void;
  answerForm(requestId: string, answers: Record<string, string | number>): void;
  submitPrechat(answers: Record<string, string | number>): void;
  closePrechat(): void;
}

/** A rule's invitation carries both languages: the visitor's is shown (an agent's text as written). */
function invitationText(inv: NonNullable<WidgetView['invitation']>, locale: WidgetLocale): string {
  return locale === 'zh-CN' && inv.messageZh ? inv.messageZh : inv.message;
}

export function Widget({ session, t, locale, host, share }: { session: WidgetSessionLike; t: Translate; locale: WidgetLocale; host: HTMLElement; share?: ShareControlLike }) {
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
            send: (x, choice) => session.send(x, choice),
            openArticle: (id, title) => void session.openArticle(id, title),
            closeArticle: () => session.closeArticle(),
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
            answerForm: (id, answers) => session.answerForm(id, answers),
            submitPrechat: (answers) => session.submitPrechat(answers),
            closePrechat: () => session.closePrechat(),
          }}
        />
      )}
      {view.invitation && (
        <div class="invitation" role="dialog" aria-labelledby="sb-invitation-title">
          <p id="sb-invitation-title" class="invitation-title">{view.invitation.agentName ? t('invite.from', { agent: view.invitation.agentName }) : t('invite.fromTeam')}</p>
          {invitationText(view.invitation, locale) && <p class="invitation-message">{invitationText(view.invitation, locale)}</p>}
          <div class="invitation-actions">
            <button
              type="button"
              class="invitation-accept"
              onClick={() => {
                session.answerInvitation(true);
                setOpen(true);
              }}
            >
              {t('invite.accept')}
            </button>
            <button type="button" class="invitation-decline" onClick={() => session.answerInvitation(false)}>
              {t('invite.decline')}
            </button>
          </div>
        </div>
      )}
      {share && <ShareParts share={share} t={t} />}
      <button type="button" class="launcher" aria-expanded={open} onClick={() => setOpen(!open)}>
        {unread && <span class="dot" aria-hidden="true" />}
        {open ? t('launcher.close') : t('launcher.open')}
      </button>
    </>
  );
}

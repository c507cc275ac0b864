/**
 * One ticket: its state with the moves the machine allows from it (closing hidden behind the
 * tickets.close permission: shown disabled with the reason), the replies (internal ones marked
 * so nobody mistakes them for what the customer saw) with their files, a reply box that can send
 * files with the reply, the ticket's own files, and the history.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { TICKET_TRANSITIONS } from '../../tickets/ticket-transitions.js';
import { tickets } from '../api/endpoints.js';
import type { Principal, ReplyVisibility, TicketDetail, TicketStatus } from '../api/types.js';
import { formatDateTime, formatDuration } from '../i18n/format.js';
import { locale, t, type MessageKey } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { uploadKindOf } from '../api/upload-kind.js';
import { PriorityBadge, priorityText, StatusBadge, statusText } from './badges.js';
import { Icon } from '../kit/Icon.js';

type TicketFile = TicketDetail['attachments'][number];

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What the visitor filled in when leaving the message, field by field, labelled in the reader's language. */
function LeftMessage({ left }: { left: NonNullable<TicketDetail['leftMessage']> }) {
  const words = (w: { en: string; zh: string }) => (locale.value === 'zh-CN' ? w.zh : w.en);
  return (
    <section class="ticket-left-message" aria-labelledby="ticket-left-title">
      <h3 id="ticket-left-title">{left.templateName ? t('tickets.leftMessageWith', { template: words(left.templateName) }) : t('tickets.leftMessage')}</h3>
      <dl>
        {left.fields.map((f) => [
          <dt key={`${f.name}-l`}>{f.label ? words(f.label) : f.name}</dt>,
          <dd key={`${f.name}-v`} data-field={f.name}>
            {f.value}
          </dd>,
        ])}
      </dl>
    </section>
  );
}

/** Images as thumbnails, audio and video with the browser's players, anything else a download link. */
function FileView({ ticketId, a }: { ticketId: string; a: TicketFile }) {
  const url = tickets.attachmentUrl(ticketId, a.id);
  const label = t('tickets.download', { name: a.name, size: sizeText(a.size) });
  if (a.contentType.startsWith('image/')) {
    return (
      <a class="ticket-file" href={url} target="_blank" rel="noopener" title={label}>
        <img class="ticket-thumb" src={url} alt={a.name} />
      </a>
    );
  }
  if (a.contentType.startsWith('audio/')) return <audio class="ticket-file" controls preload="metadata" src={url} aria-label={a.name} />;
  if (a.contentType.startsWith('video/')) return <video class="ticket-file ticket-thumb" controls preload="metadata" src={url} aria-label={a.name} />;
  return (
    <a class="ticket-file ticket-file-link" href={url} download={a.name}>
      <Icon name="paperclip" size={14} inline />
      {label}
    </a>
  );
}

function Files({ ticketId, files }: { ticketId: string; files: TicketFile[] }) {
  if (files.length === 0) return null;
  return (
    <ul class="ticket-files">
      {files.map((a) => (
        <li key={a.id} data-attachment={a.id}>
          <FileView ticketId={ticketId} a={a} />
        </li>
      ))}
    </ul>
  );
}

export function TicketView({ id, principal, reloadKey, onChanged }: { id: string; principal: Principal; reloadKey: number; onChanged: () => void }) {
  const [detail, setDetail] = useState<TicketDetail | undefined>(undefined);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const replyFiles = useRef<HTMLInputElement>(null);
  const ticketFile = useRef<HTMLInputElement>(null);
  const [busy, run] = useAction();
  const canEdit = principal.permissions.includes('tickets.edit');
  const canClose = principal.permissions.includes('tickets.close');

  useEffect(() => {
    void run('tickets.loadOne', async () => setDetail(await tickets.get(id)));
  }, [id, reloadKey]);
  if (!detail || detail.ticket.id !== id) return null;
  const tk = detail.ticket;
  const who = (userId: string) => detail.people[userId] ?? userId;
  const finished = tk.status === 'closed' || tk.status === 'deleted';

  const move = (to: TicketStatus) => {
    let reason: string | undefined;
    if (to === 'deleted') {
      reason = window.prompt(t('tickets.deleteReason')) ?? undefined;
      if (!reason?.trim()) return;
    }
    void run('tickets.transition', async () => {
      await tickets.transition(id, to, reason);
      onChanged();
    });
  };
  const send = (visibility: ReplyVisibility) => {
    if (text.trim() === '') return;
    void run('tickets.send', async () => {
      const reply = await tickets.reply(id, visibility, text);
      setText('');
      // The reply is stored: its files follow it, each checked on its own (a refused one is reported).
      const sending = files;
      setFiles([]);
      if (replyFiles.current) replyFiles.current.value = '';
      try {
        for (const f of sending) await tickets.attach(id, uploadKindOf(f.type), f, reply.id);
      } finally {
        onChanged();
      }
    });
  };
  const attachToTicket = (list: FileList | null) => {
    const chosen = Array.from(list ?? []);
    if (ticketFile.current) ticketFile.current.value = '';
    if (chosen.length === 0) return;
    void run('tickets.attach', async () => {
      try {
        for (const f of chosen) await tickets.attach(id, uploadKindOf(f.type), f);
      } finally {
        onChanged();
      }
    });
  };

  return (
    <article class="ticket" data-ticket={tk.id} data-status={tk.status}>
      <header class="ticket-head">
        <h2 id="ticket-subject">{tk.subject}</h2>
        <div class="ticket-meta">
          <StatusBadge status={tk.status} />
          <PriorityBadge priority={tk.priority} />
          {tk.overdue ? <span class="badge ticket-overdue">{t('tickets.overdue')}</span> : null}
          <span class="muted">{t('tickets.dueAt', { at: formatDateTime(tk.dueAt) })}</span>
        </div>
        {tk.deletedReason !== null && <p class="ticket-deleted">{t('tickets.deletedBecause', { reason: tk.deletedReason })}</p>}
        {tk.description &&
          (detail.leftMessage ? (
            // The same words as the fields below, as text (what exports and the webhook carry): folded.
            <details class="ticket-description-text">
              <summary>{t('tickets.descriptionText')}</summary>
              <p class="ticket-description">{tk.description}</p>
            </details>
          ) : (
            <p class="ticket-description">{tk.description}</p>
          ))}
      </header>

      {detail.leftMessage && <LeftMessage left={detail.leftMessage} />}

      {detail.voicemail && (
        <section class="ticket-voicemail" aria-labelledby="ticket-voicemail-title">
          <h3 id="ticket-voicemail-title">{t('tickets.voicemail')}</h3>
          {detail.voicemail.durationMs !== null && <span class="muted">{t('tickets.voicemailLength', { length: formatDuration(detail.voicemail.durationMs) })}</span>}
          {principal.permissions.includes('records.view') ? (
            <audio controls preload="metadata" src={tickets.voicemailUrl(tk.id)} aria-label={t('tickets.voicemailPlay')} />
          ) : (
            <p class="muted">{t('tickets.voicemailNeedsRight')}</p>
          )}
        </section>
      )}

      {canEdit && TICKET_TRANSITIONS[tk.status].length > 0 && (
        <div class="ticket-actions" role="group" aria-label={t('tickets.actions')}>
          {TICKET_TRANSITIONS[tk.status].map((to) => (
            <Button
              key={to}
              label={t(to === 'open' && tk.status !== 'new' ? 'tickets.to.reopen' : (`tickets.to.${to}` as MessageKey))}
              variant={to === 'deleted' ? 'danger' : to === 'closed' ? 'primary' : 'secondary'}
              data-action={`to-${to}`}
              disabled={to === 'closed' && !canClose}
              title={to === 'closed' && !canClose ? t('tickets.closeNeedsPermission') : undefined}
              busy={busy === 'tickets.transition'}
              onClick={() => move(to)}
            />
          ))}
          {TICKET_TRANSITIONS[tk.status].includes('closed') && !canClose && <p class="field-hint close-hint">{t('tickets.closeNeedsPermission')}</p>}
        </div>
      )}

      <section class="ticket-replies" aria-labelledby="replies-title">
        <h3 id="replies-title">{t('tickets.replies')}</h3>
        {detail.replies.length === 0 && <p class="muted">{t('tickets.noReplies')}</p>}
        <ol>
          {detail.replies.map((r) => (
            <li key={r.id} class={`reply reply-${r.visibility}`} data-visibility={r.visibility}>
              <div class="reply-head">
                <span class={`badge reply-badge-${r.visibility}`}>{t(r.visibility === 'internal' ? 'tickets.internal' : 'tickets.public')}</span>
                <span class="reply-author">{who(r.authorId)}</span>
                <span class="muted">{formatDateTime(r.at)}</span>
              </div>
              <p class="reply-body">{r.body}</p>
              <Files ticketId={tk.id} files={detail.attachments.filter((a) => a.replyId === r.id)} />
            </li>
          ))}
        </ol>
        {canEdit && !finished && (
          <div class="reply-box">
            <label for="reply-text">{t('tickets.replyText')}</label>
            <textarea id="reply-text" rows={3} maxLength={20000} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            <p class="field-hint">{t('tickets.internalHint')}</p>
            <div class="file-pick">
              <input id="reply-files" ref={replyFiles} class="visually-hidden" type="file" multiple tabIndex={-1} onChange={(e) => setFiles(Array.from(e.currentTarget.files ?? []))} />
              <Button icon="paperclip" label={t('tickets.filesWithReply')} data-action="reply-files" onClick={() => replyFiles.current?.click()} />
              <span class="muted file-pick-names">{files.length === 0 ? t('tickets.noFileChosen') : files.map((f) => f.name).join(', ')}</span>
            </div>
            <div class="reply-buttons">
              <Button label={t('tickets.sendPublic')} variant="primary" data-action="reply-public" busy={busy === 'tickets.send'} disabled={text.trim() === ''} onClick={() => send('public')} />
              <Button label={t('tickets.sendInternal')} data-action="reply-internal" busy={busy === 'tickets.send'} disabled={text.trim() === ''} onClick={() => send('internal')} />
            </div>
          </div>
        )}
      </section>

      <section class="ticket-attachments" aria-labelledby="attachments-title">
        <h3 id="attachments-title">{t('tickets.attachments')}</h3>
        {detail.attachments.every((a) => a.replyId !== null) && <p class="muted">{t('tickets.noAttachments')}</p>}
        <Files ticketId={tk.id} files={detail.attachments.filter((a) => a.replyId === null)} />
        {canEdit && tk.status !== 'deleted' && (
          <div class="ticket-attach">
            <input id="ticket-file" ref={ticketFile} class="visually-hidden" type="file" multiple tabIndex={-1} onChange={(e) => attachToTicket(e.currentTarget.files)} />
            <Button icon="paperclip" label={t('tickets.attachToTicket')} data-action="attach-to-ticket" busy={busy === 'tickets.attach'} onClick={() => ticketFile.current?.click()} />
            <p class="field-hint">{t('tickets.attachHint')}</p>
          </div>
        )}
      </section>

      <section class="ticket-history" aria-labelledby="history-title">
        <h3 id="history-title">{t('tickets.history')}</h3>
        <ol>
          {detail.history.map((h, i) => (
            <li key={i}>
              <span class="muted">{formatDateTime(h.at)}</span> {t('tickets.historyLine', { field: t(`tickets.field.${h.field}` as MessageKey), from: valueText(h.field, h.from), to: valueText(h.field, h.to) })}{' '}
              <span class="muted">{t('tickets.by', { who: who(h.by) })}</span>
            </li>
          ))}
        </ol>
      </section>
    </article>
  );
}

/** A history value as a person reads it: states and priorities named, times as times. */
function valueText(field: string, v: string | null): string {
  if (v === null) return t('tickets.empty');
  if (field === 'status') return statusText(v as TicketStatus);
  if (field === 'priority') return priorityText(v as 'low');
  if (field === 'dueAt') return formatDateTime(Number(v));
  if (field === 'reply') return t(v === 'internal' ? 'tickets.internal' : 'tickets.public');
  return v;
}

/**
 * An ended chat from the records: its facts (visitor, agent, queue, times, ending, tags) and the
 * whole transcript, read through the chat records' own reach (GET /api/chat-records/:id/messages)
 * page by page. Private notes are not messages and never show here.
 */
import { useEffect, useState } from 'preact/hooks';
import { chatRecords } from '../api/endpoints.js';
import type { ChatMessagesPage, ChatRecordRow } from '../api/types.js';
import { formatDateTime, formatDuration, outcomeText } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { runAction } from '../kit/action.js';
import { Dialog } from '../kit/Dialog.js';

type Message = ChatMessagesPage['messages'][number];

const PAGE = 500;

interface Props {
  chat: ChatRecordRow | undefined;
  queueName: (id: string | undefined) => string;
  agentName: (id: string | undefined) => string;
  onClose: () => void;
}

export function ChatTranscriptDialog({ chat, queueName, agentName, onClose }: Props) {
  const [messages, setMessages] = useState<Message[] | undefined>(undefined);
  useEffect(() => {
    setMessages(undefined);
    if (!chat) return;
    let stale = false;
    void runAction('records.chat.loadTranscript', async () => {
      const all: Message[] = [];
      for (let after = 0; ; ) {
        const page = await chatRecords.messages(chat.id, after);
        all.push(...page.messages);
        const last = page.messages.at(-1);
        if (page.messages.length < PAGE || !last) break;
        after = last.seq;
      }
      if (!stale) setMessages(all);
    });
    return () => {
      stale = true;
    };
  }, [chat?.id]);

  const author = (m: Message) => {
    if (m.from === 'visitor') return chat?.visitorName || t('records.chat.visitor');
    if (m.from === 'agent') return m.agentName ?? agentName(m.agentId);
    return t(m.from === 'bot' ? 'records.chat.bot' : 'records.chat.system');
  };
  return (
    <Dialog open={chat !== undefined} title={t('records.chat.title')} onClose={onClose} class="record-detail chat-transcript">
      {chat && (
        <dl class="call-facts">
          <dt>{t('records.chat.visitor')}</dt>
          <dd>{chat.visitorName || '—'}</dd>
          <dt>{t('records.col.agent')}</dt>
          <dd>{agentName(chat.agentId) || '—'}</dd>
          <dt>{t('records.col.queue')}</dt>
          <dd>{queueName(chat.queueId)}</dd>
          <dt>{t('records.chat.started')}</dt>
          <dd>{formatDateTime(chat.createdAt)}</dd>
          <dt>{t('records.col.duration')}</dt>
          <dd>{chat.endedAt !== undefined ? formatDuration(chat.endedAt - chat.createdAt) : '—'}</dd>
          <dt>{t('records.chat.ending')}</dt>
          <dd>{endingText(chat)}</dd>
          <dt>{t('records.chat.tags')}</dt>
          <dd>{chat.tags.length > 0 ? chat.tags.join(', ') : '—'}</dd>
        </dl>
      )}
      <h3>{t('records.chat.transcript')}</h3>
      {!messages ? (
        <p class="muted">{t('common.loading')}</p>
      ) : messages.length === 0 ? (
        <p class="muted">{t('records.chat.noMessages')}</p>
      ) : (
        <ol class="transcript">
          {messages.map((m) => (
            <li key={m.seq} data-from={m.from} data-seq={m.seq}>
              <span class="who">{author(m)}</span>
              <time>{chat ? formatDuration(m.at - chat.createdAt) : ''}</time>
              <p>{m.attachment ? `📎 ${m.attachment.name}` : m.text}</p>
            </li>
          ))}
        </ol>
      )}
    </Dialog>
  );
}

/** The outcome the agent chose, else why the chat ended; a spam verdict with its reason. */
export function endingText(c: Pick<ChatRecordRow, 'outcome' | 'outcomeReason' | 'endReason'>): string {
  if (c.outcome) return c.outcomeReason ? `${outcomeText(c.outcome)} (${c.outcomeReason})` : outcomeText(c.outcome);
  return c.endReason ? t(`records.chat.end.${c.endReason}`) : '—';
}

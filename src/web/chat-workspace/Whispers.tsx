/**
 * Supervisors' whispers in the chat on screen: shown to the agent, marked as whispers, between the
 * messages where they were written. They come from their own route and never from the chat's
 * messages, which is all the visitor's widget reads.
 */
import { useEffect, useState } from 'preact/hooks';
import { chatSupervision, type ChatWhisper } from '../api/chat-supervision.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { reportError } from '../kit/toast-store.js';
import { Icon } from '../kit/Icon.js';

/** The chat's whispers, read again whenever `tick` changes (a chat.whisper event). */
export function useWhispers(chatId: string, tick: number | undefined): ChatWhisper[] {
  const [whispers, setWhispers] = useState<ChatWhisper[]>([]);
  useEffect(() => {
    let live = true;
    chatSupervision.whispers(chatId).then((r) => live && setWhispers(r.whispers), (err: unknown) => reportError('chat.load', err));
    return () => {
      live = false;
    };
  }, [chatId, tick]);
  return whispers;
}

/** The whispers written after message `seq` and before the next one (`nextSeq`; undefined: the last message). */
export function whispersAfter(whispers: ChatWhisper[], seq: number, nextSeq: number | undefined) {
  return whispers
    .filter((w) => (seq === 0 ? w.afterSeq < 1 : w.afterSeq >= seq && (nextSeq === undefined || w.afterSeq < nextSeq)))
    .map((w) => (
      <li key={`w${w.id}`} class="message chat-whisper" data-from="whisper" data-whisper={w.id}>
        <span class="message-text">{w.text}</span>
        <span class="message-meta">
          <Icon name="whisper" size={12} inline />
          {t('chat.whisperBy', { name: w.supervisorName, time: formatTime(w.at) })}
        </span>
      </li>
    ));
}

/** The chat on screen: its messages, the agent's unsent lines, the visitor typing, the compose box. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { canRecordVoice, recordVoice, type VoiceRecording } from '../api/voice-recorder.js';
import { notify } from '../kit/toast-store.js';
import { chats } from '../api/endpoints.js';
import type { ChatMessage } from '../api/types.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { ChatCustomerLink } from './ChatCustomerLink.js';
import type { ChatStore } from './chat-store.js';
import { visitorLabel } from './ChatList.js';
import type { ChatThread } from './thread.js';

export function Conversation({ store, thread, onEnd }: { store: ChatStore; thread: ChatThread; onEnd: () => void }) {
  const id = thread.summary.id;
  const draft = store.drafts.value[id] ?? '';
  const log = useRef<HTMLOListElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [recording, setRecording] = useState<VoiceRecording | undefined>();
  const live = useRef<VoiceRecording | undefined>(undefined);
  live.current = recording;
  // A clip still recording when the chat leaves the screen is thrown away (the microphone released).
  useEffect(() => () => live.current?.cancel(), [id]);
  const toggleVoice = () => {
    if (recording) {
      recording.stop();
      setRecording(undefined);
      return;
    }
    recordVoice((clip) => void store.upload(id, clip)).then(setRecording, (err: unknown) => {
      console.info('chat: no microphone', err);
      notify('error', 'chat.noMic');
    });
  };
  const name = visitorLabel(thread.summary.visitorName);
  const open = thread.summary.state !== 'ended';

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [id, thread.messages.length, thread.pending.length]);

  return (
    <section class="conversation" aria-labelledby="conversation-title" data-chat={id}>
      <header class="conversation-head">
        <h3 id="conversation-title">{name}</h3>
        {thread.summary.page && (
          <span class="muted conversation-page" title={thread.summary.page}>
            {thread.summary.page}
          </span>
        )}
        <ChatCustomerLink chatId={id} />
        {open ? <Button label={t('chat.end')} variant="danger" onClick={onEnd} /> : <Button label={t('chat.close')} onClick={() => store.forget(id)} />}
      </header>
      <ol class="messages" ref={log} aria-live="polite" aria-label={t('chat.messages')}>
        {thread.messages.map((m) => (
          <li key={`s${m.seq}`} class="message" data-from={m.from} data-seq={m.seq} data-client-id={m.clientId}>
            <span class="message-text">{m.attachment ? <AttachmentView chatId={id} a={m.attachment} /> : m.text}</span>
            <span class="message-meta">
              {m.from === 'visitor' ? name : m.from === 'agent' ? t('chat.me') : t('chat.system')} · {formatTime(m.at)}
            </span>
          </li>
        ))}
        {thread.pending.map((p) => (
          <li key={`p${p.clientId}`} class="message" data-from="agent" data-status={p.status} data-client-id={p.clientId}>
            <span class="message-text">{p.file ? t('chat.uploading', { name: p.text }) : p.text}</span>
            <span class="message-meta">{p.status === 'sending' ? t('chat.sending') : t('chat.notSent')}</span>
          </li>
        ))}
      </ol>
      <p class="visitor-typing" aria-live="polite">
        {store.visitorTyping(thread) ? t('chat.visitorTyping', { name }) : ''}
      </p>
      {open ? (
        <form
          class="compose"
          onSubmit={(e) => {
            e.preventDefault();
            void store.send(id);
          }}
        >
          <label class="visually-hidden" for={`draft-${id}`}>
            {t('chat.reply')}
          </label>
          <textarea
            id={`draft-${id}`}
            rows={2}
            placeholder={t('chat.reply')}
            value={draft}
            onInput={(e) => store.setDraft(id, (e.target as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                void store.send(id);
              }
            }}
          />
          <input
            ref={picker}
            type="file"
            class="visually-hidden"
            aria-label={t('chat.upload')}
            tabIndex={-1}
            onChange={(e) => {
              const el = e.target as HTMLInputElement;
              for (const f of Array.from(el.files ?? [])) void store.upload(id, f);
              el.value = '';
            }}
          />
          <Button label={`📎 ${t('chat.attach')}`} onClick={() => picker.current?.click()} />
          {canRecordVoice() && (
            <Button
              class="chat-voice"
              label={recording ? `⏹ ${t('chat.stopVoice')}` : `🎤 ${t('chat.voice')}`}
              variant={recording ? 'danger' : 'secondary'}
              pressed={recording !== undefined}
              onClick={toggleVoice}
            />
          )}
          <Button type="submit" label={t('chat.send')} variant="primary" disabled={draft.trim() === ''} />
        </form>
      ) : (
        <p class="muted conversation-ended">{t(thread.summary.endReason === 'visitor_left' ? 'chat.visitorLeft' : 'chat.endedNote')}</p>
      )}
    </section>
  );
}

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An upload: images as thumbnails, the browser's players for audio and video, else a download link. */
function AttachmentView({ chatId, a }: { chatId: string; a: NonNullable<ChatMessage['attachment']> }) {
  const url = chats.attachmentUrl(chatId, a.id);
  const label = t('chat.download', { name: a.name, size: sizeText(a.size) });
  if (a.contentType.startsWith('image/')) {
    return (
      <a class="chat-attachment" href={url} target="_blank" rel="noopener" title={label}>
        <img class="chat-thumb" src={url} alt={a.name} />
      </a>
    );
  }
  if (a.contentType.startsWith('audio/')) return <audio class="chat-attachment" controls preload="metadata" src={url} aria-label={a.name} />;
  if (a.contentType.startsWith('video/')) return <video class="chat-attachment chat-thumb" controls preload="metadata" src={url} aria-label={a.name} />;
  return (
    <a class="chat-attachment chat-file" href={url} download={a.name}>
      📎 {label}
    </a>
  );
}

/** The chat on screen: its messages, the agent's unsent lines, the visitor typing, the compose box. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { canRecordVoice, recordVoice, type VoiceRecording } from '../api/voice-recorder.js';
import { notify, reportError } from '../kit/toast-store.js';
import { chats, screenShares } from '../api/endpoints.js';
import type { CannedReply, ChatNote } from '../api/types.js';
import { AttachmentView } from './ChatAttachment.js';
import { CaptureButtons } from './CaptureButtons.js';
import { ScreenSharePanel, assistLine } from './ScreenShare.js';
import type { ShareDesk } from './share-desk.js';
import { fillPlaceholders, matchCanned } from '../../chat/canned-text.js';
import { CannedPicker, cannedQuery } from './CannedPicker.js';
import { ChatTags } from './ChatTags.js';
import { ChatForms } from './ChatForms.js';
import { HandoverBanner } from './HandoverBanner.js';
import { KbSendBox } from './KbSendBox.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { ChatCustomerLink } from './ChatCustomerLink.js';
import { ChatSource } from './ChatSource.js';
import { ChatCrmCard } from '../crm/ChatCrmCard.js';
import type { ChatStore } from './chat-store.js';
import { visitorLabel } from './visitor-label.js';
import type { ChatThread } from './thread.js';
import { useWhispers, whispersAfter } from './Whispers.js';

import { ChatPartiesBar } from './ChatParties.js';
import type { TransferMode } from './TransferDialog.js';
import type { TransferStore } from './transfer-store.js';
import { Icon } from '../kit/Icon.js';
import { LinkedText } from '../kit/LinkedText.js';

export function Conversation({ store, thread, onEnd, canned, agentName, onBack, transfers, onTransfer, shares }: { store: ChatStore; thread: ChatThread; onEnd: () => void; canned: CannedReply[]; agentName: string; onBack?: () => void; transfers: TransferStore; onTransfer: (mode: TransferMode) => void; shares?: ShareDesk }) {
  const id = thread.summary.id;
  const draft = store.drafts.value[id] ?? '';
  const [notes, setNotes] = useState<ChatNote[]>([]);
  // Held by the store: a colleague's or a supervisor's change arrives as chat.tags.
  const tags = store.tags.value[id] ?? [];
  const [noting, setNoting] = useState(false);
  // The knowledge-base box belongs to the chat it was opened in.
  const [kbOpen, setKbOpen] = useState(false);
  useEffect(() => setKbOpen(false), [id]);
  const whispers = useWhispers(id, store.whisperTicks.value[id]);
  // Notes and tags of the chat on screen (notes read again when someone writes one: chat.note).
  useEffect(() => {
    let live = true;
    chats.notes(id).then((r) => live && setNotes(r.notes), (err: unknown) => reportError('chat.load', err));
    return () => {
      live = false;
    };
  }, [id, store.noteTicks.value[id]]);
  useEffect(() => {
    let live = true;
    chats.tags(id).then((r) => live && store.setTags(id, r.tags), (err: unknown) => reportError('chat.load', err));
    return () => {
      live = false;
    };
  }, [id]);
  const changeTags = async (next: string[]): Promise<boolean> => {
    try {
      store.setTags(id, (await chats.setTags(id, next)).tags);
      return true;
    } catch (err) {
      reportError('chat.tagsFailed', err);
      return false;
    }
  };
  const addNote = async () => {
    const text = draft.trim();
    if (text === '') return;
    setNoting(true);
    try {
      const note = await chats.addNote(id, text);
      setNotes((n) => [...n, note]);
      store.setDraft(id, '');
    } catch (err) {
      reportError('chat.noteFailed', err);
    } finally {
      setNoting(false);
    }
  };
  // The '/' picker: open while the draft is '/word' and the agent has not closed it for this text.
  const [pick, setPick] = useState(0);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const typed = cannedQuery(draft);
  const pickerOpen = typed !== undefined && closedFor !== draft;
  const matches = pickerOpen ? matchCanned(canned, typed).slice(0, 8) : [];
  const active = Math.min(pick, Math.max(matches.length - 1, 0));
  const insert = (r: CannedReply) => {
    store.setDraft(id, fillPlaceholders(r.body, { visitor: thread.summary.visitorName || t('chat.visitor'), agent: agentName }));
    setPick(0);
  };
  const cannedKey = (e: KeyboardEvent): boolean => {
    if (!pickerOpen) return false;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = matches.length;
      if (n > 0) setPick((active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n);
    } else if (e.key === 'Enter' || e.key === 'Tab') {
      const r = matches[active];
      // Nothing matches ('/etc/hosts' is a message too): Enter sends as usual.
      if (!r) return false;
      insert(r);
    } else if (e.key === 'Escape') {
      setClosedFor(draft);
    } else return false;
    e.preventDefault();
    return true;
  };
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
  // A messaging platform's user gets text and cards only (docs/messaging-webhook.md): no files, no screen shares.
  const textOnly = thread.summary.channel === 'messaging';
  const open = thread.summary.state !== 'ended';
  // An invited colleague writes but does not end the chat: only its owner does.
  const mine = thread.summary.agentId === store.agentId;
  const author = (agentId: string | undefined) => (!agentId || agentId === store.agentId ? t('chat.me') : (transfers.nameOf(agentId) ?? t('chat.colleagueAgent')));

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [id, thread.messages.length, thread.pending.length]);

  return (
    <section class="conversation" aria-labelledby="conversation-title" data-chat={id}>
      <header class="conversation-head">
        {/* On a phone the list and the chat are two screens: this goes back to the list (hidden when both fit). */}
        {onBack && <Button class="chat-back" label={t('chat.backToList')} icon="chevronLeft" iconOnly variant="ghost" onClick={onBack} />}
        <h3 id="conversation-title">{name}</h3>
        <ChatSource chatId={id} channel={thread.summary.channel} />
        {thread.summary.page && (
          <span class="muted conversation-page" title={thread.summary.page}>
            {thread.summary.page}
          </span>
        )}
        <ChatCustomerLink chatId={id} />
        {open ? mine && <Button label={t('chat.end')} variant="danger" onClick={onEnd} /> : <Button label={t('chat.close')} onClick={() => store.forget(id)} />}
      </header>
      <ChatCrmCard chatId={id} />
      {open && <ChatPartiesBar store={transfers} chatId={id} ownerId={thread.summary.agentId} onOpen={onTransfer} />}
      <ChatTags chatId={id} tags={tags} onChange={changeTags} />
      {/* A messaging platform cannot show a form: the answers already given still show, nothing can be sent. */}
      <ChatForms chatId={id} open={open && !textOnly} tick={store.formTicks.value[id] ?? 0} />
      <HandoverBanner handover={thread.summary.handover} />
      {shares && !textOnly && <ScreenSharePanel desk={shares} chatId={id} open={open} />}
      <ol class="messages" ref={log} aria-live="polite" aria-label={t('chat.messages')}>
        {notesAfter(notes, 0, undefined)}
        {whispersAfter(whispers, 0, undefined)}
        {thread.messages.map((m, i) => [
          <li key={`s${m.seq}`} class="message" data-from={m.from} data-seq={m.seq} data-client-id={m.clientId} data-other={m.from === 'agent' && m.agentId && m.agentId !== store.agentId ? '1' : undefined}>
            <span class="message-text">
              {m.attachment ? (
                <AttachmentView chatId={id} a={m.attachment} />
              ) : m.card ? (
                <span class="message-card" data-article-id={m.card.articleId}>
                  <strong>
                    <Icon name="doc" size={14} inline />
                    {m.card.title}
                  </strong>
                  <span class="muted">{m.card.excerpt}</span>
                </span>
              ) : m.assist ? (
                <>
                  {assistLine(m.assist)}
                  {m.assist.recorded && m.assist.shareId && (
                    <>
                      {' '}
                      <a class="share-recording-link" href={screenShares.recordingUrl(m.assist.shareId)} target="_blank" rel="noopener">
                        <Icon name="video" size={14} inline />
                        {t('share.recordingLink')}
                      </a>
                    </>
                  )}
                </>
              ) : (
                <LinkedText text={m.text} />
              )}
            </span>
            <span class="message-meta">
              {m.from === 'visitor' ? name : m.from === 'agent' ? author(m.agentId) : m.from === 'bot' ? t('chat.bot') : t('chat.system')} · {formatTime(m.at)}
            </span>
          </li>,
          notesAfter(notes, m.seq, thread.messages[i + 1]?.seq),
          whispersAfter(whispers, m.seq, thread.messages[i + 1]?.seq),
        ])}
        {thread.messages.length === 0 && notesAfter(notes, 1, undefined)}
        {thread.pending.map((p) => (
          <li key={`p${p.clientId}`} class="message" data-from="agent" data-status={p.status} data-client-id={p.clientId}>
            <span class="message-text">{p.file ? t('chat.uploading', { name: p.text }) : p.text}</span>
            <span class="message-meta">{p.status === 'sending' ? t('chat.sending') : t('chat.notSent')}</span>
          </li>
        ))}
      </ol>
      {/* The live preview of the visitor's box: only the words "is typing" are announced, not every change of the draft. */}
      <p class="visitor-typing">
        <span aria-live="polite">{store.visitorTyping(thread) ? t(thread.visitorDraft ? 'chat.visitorDraft' : 'chat.visitorTyping', { name }) : ''}</span>
        {store.visitorTyping(thread) && thread.visitorDraft && <span class="visitor-draft">{thread.visitorDraft}</span>}
      </p>
      {open && kbOpen && <KbSendBox chatId={id} onClose={() => setKbOpen(false)} />}
      {open ? (
        <form
          class="compose"
          onSubmit={(e) => {
            e.preventDefault();
            void store.send(id);
          }}
        >
          {pickerOpen && typed !== undefined && <CannedPicker id={`canned-${id}`} typed={typed} matches={matches} active={active} onPick={insert} />}
          <label class="visually-hidden" for={`draft-${id}`}>
            {t('chat.reply')}
          </label>
          <textarea
            id={`draft-${id}`}
            rows={2}
            placeholder={t('chat.reply')}
            value={draft}
            onInput={(e) => store.setDraft(id, (e.target as HTMLTextAreaElement).value)}
            aria-controls={pickerOpen ? `canned-${id}` : undefined}
            onKeyDown={(e) => {
              if (!e.isComposing && cannedKey(e)) return;
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
          {!textOnly && <Button icon="paperclip" label={t('chat.attach')} onClick={() => picker.current?.click()} />}
          <Button class="chat-kb-open" icon="book" label={t('chat.kb.open')} pressed={kbOpen} onClick={() => setKbOpen(!kbOpen)} />
          {canRecordVoice() && !textOnly && (
            <Button
              class="chat-voice"
              icon={recording ? 'stop' : 'mic'}
              label={recording ? t('chat.stopVoice') : t('chat.voice')}
              variant={recording ? 'danger' : 'secondary'}
              pressed={recording !== undefined}
              onClick={toggleVoice}
            />
          )}
          {!textOnly && <CaptureButtons onFile={(f) => void store.upload(id, f)} />}
          <Button class="chat-add-note" icon="lock" label={t('chat.addNote')} title={t('chat.noteHint')} busy={noting} disabled={draft.trim() === ''} onClick={() => void addNote()} />
          <Button type="submit" label={t('chat.send')} variant="primary" disabled={draft.trim() === ''} />
        </form>
      ) : (
        <p class="muted conversation-ended">{t(thread.summary.endReason === 'visitor_left' ? 'chat.visitorLeft' : 'chat.endedNote')}</p>
      )}
    </section>
  );
}

/** The notes written after message `seq` and before the next one (`nextSeq`; undefined: the last message). */
function notesAfter(notes: ChatNote[], seq: number, nextSeq: number | undefined) {
  return notes
    .filter((n) => (seq === 0 ? n.afterSeq < 1 : n.afterSeq >= seq && (nextSeq === undefined || n.afterSeq < nextSeq)))
    .map((n) => (
      <li key={`n${n.id}`} class="message chat-note" data-from="note" data-note={n.id}>
        <span class="message-text">{n.text}</span>
        <span class="message-meta">
          <Icon name="lock" size={12} inline />
          {t('chat.noteBy', { name: n.authorName, time: formatTime(n.at) })}
        </span>
      </li>
    ));
}

/** The open chat: status line, messages, typing indicator, compose box with the emoji picker. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { canRecordVoice, recordVoice, type VoiceRecording } from '../api/voice-recorder.js';
import { Attachment } from './Attachment.js';
import { EMOJIS } from './emoji.js';
import { ERROR_WORDS, type Translate, type WidgetLocale } from './i18n.js';
import { LeaveMessage, Tickets, type LeaveActions } from './LeaveMessage.js';
import { Survey } from './Survey.js';
import { FormCard } from './Form.js';
import { ArticleReader, BotButtons, CardView, botText } from './BotParts.js';
import type { BotChoice } from '../../chat/protocol.js';
import type { WidgetView } from './view.js';
import { ScreenButtons } from './ScreenButtons.js';
// The kit's icon set is plain SVG paths and imports nothing of the app: the widget bundle stays small.
import { Icon } from '../kit/Icon.js';
import { LinkedText } from '../kit/LinkedText.js';
import { assistText } from './ShareParts.js';

export interface PanelActions extends LeaveActions {
  askLeaveMessage(): void;
  showTickets(): void;
  start(): void;
  send(text: string, choice?: BotChoice): void;
  openArticle(id: string, title: string): void;
  closeArticle(): void;
  upload(file: File): void;
  /** The compose box's text now ('' when cleared or sent). */
  typing(draft: string): void;
  minimize(): void;
  newChat(): void;
  answerSurvey(score: number, comment: string): void;
  answerForm(requestId: string, answers: Record<string, string | number>): void;
  submitPrechat(answers: Record<string, string | number>): void;
  closePrechat(): void;
}

function statusText(view: WidgetView, t: Translate): { kind: string; text: string } | undefined {
  if (view.phase === 'ended') return { kind: 'ended', text: t('state.ended') };
  if (view.phase === 'idle') return undefined;
  if (view.link === 'reconnecting') return { kind: 'reconnecting', text: t('state.reconnecting') };
  if (view.link !== 'open') return { kind: 'connecting', text: t('state.connecting') };
  if (view.phase === 'connected') return { kind: 'connected', text: t('state.connected', { agent: view.agentName ?? t('message.agent') }) };
  if (view.phase === 'bot') return { kind: 'bot', text: t('state.bot') };
  if (view.position === undefined) return { kind: 'connecting', text: t('state.connecting') };
  return view.etaMinutes === undefined
    ? { kind: 'waiting', text: t('state.waitingNoEstimate', { position: view.position }) }
    : { kind: 'waiting', text: t('state.waiting', { position: view.position, minutes: view.etaMinutes }) };
}

function errorText(error: { code: string; message: string }, t: Translate): string {
  const key = ERROR_WORDS[error.code];
  return key ? t(key) : t('error.generic', { reason: error.message });
}

export function Panel({ view, t, locale, actions }: { view: WidgetView; t: Translate; locale: WidgetLocale; actions: PanelActions }) {
  const [draft, setDraft] = useState('');
  const [emojisOpen, setEmojisOpen] = useState(false);
  const log = useRef<HTMLOListElement>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const [recording, setRecording] = useState<VoiceRecording | undefined>();
  const [micError, setMicError] = useState(false);
  const live = useRef<VoiceRecording | undefined>(undefined);
  live.current = recording;
  // A clip still recording when the panel closes is thrown away (and the microphone released).
  useEffect(() => () => live.current?.cancel(), []);
  const toggleVoice = () => {
    if (recording) {
      recording.stop();
      setRecording(undefined);
      return;
    }
    setMicError(false);
    recordVoice((clip) => actions.upload(clip)).then(setRecording, (err: unknown) => {
      console.warn('switchboard chat: no microphone', err);
      setMicError(true);
    });
  };
  const lines = view.timeline.lines;

  useEffect(() => {
    const el = log.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lines.length, view.agentTyping, view.forms.length]);

  const send = () => {
    const text = draft.trim();
    if (text === '') return;
    actions.send(text);
    actions.typing('');
    setDraft('');
    setEmojisOpen(false);
    input.current?.focus();
  };
  const onInput = (value: string) => {
    setDraft(value);
    actions.typing(value);
  };
  const addEmoji = (e: string) => {
    onInput(draft + e);
    input.current?.focus();
  };

  const status = statusText(view, t);
  // Leaving a message, or reading one's tickets, takes the panel's body until the visitor goes back.
  const prechat = view.prechat?.open === true && view.phase === 'idle' ? view.prechat : undefined;
  const aside = view.leave?.open === true || view.tickets !== undefined || prechat !== undefined || view.article !== undefined;
  const canWrite = !aside && (view.phase === 'waiting' || view.phase === 'connected' || view.phase === 'bot');
  return (
    <section class="panel" role="dialog" aria-labelledby="sbw-title">
      <header class="head">
        <h2 id="sbw-title">{t('panel.title')}</h2>
        <button type="button" class="icon-btn minimize" aria-label={t('panel.minimize')} title={t('panel.minimize')} onClick={actions.minimize}>
          ▁
        </button>
      </header>
      {status && (
        <p class="status" data-status={status.kind} role="status">
          {status.text}
        </p>
      )}
      <LeaveMessage view={view} t={t} locale={locale} actions={actions} />
      {!view.leave?.open && view.tickets && (
        <div class="leave-done">
          <h3>{t('tickets.title')}</h3>
          <Tickets tickets={view.tickets} t={t} locale={locale} load={actions.attachment} />
          <button type="button" class="secondary" onClick={actions.closeLeaveMessage}>
            {t('leave.back')}
          </button>
        </div>
      )}
      {prechat && (
        <div class="prechat">
          <p class="intro">{t('prechat.intro')}</p>
          <FormCard
            form={prechat.form}
            lang={locale}
            t={t}
            state={prechat.sending ? 'sending' : 'open'}
            problem={prechat.problem}
            submitLabel={t('panel.start')}
            onSubmit={actions.submitPrechat}
            onCancel={actions.closePrechat}
          />
        </div>
      )}
      {view.article && <ArticleReader article={view.article} t={t} close={actions.closeArticle} />}
      <ol class="log" ref={log} aria-live="polite" hidden={aside}>
        {view.phase === 'idle' && <p class="intro">{t('panel.intro')}</p>}
        {lines.map((l) => (
          <li key={l.key} class="line" data-author={l.author} data-status={l.status} data-client-id={l.clientId} data-seq={l.seq}>
            <span class="bubble">
              {l.card ? (
                <CardView card={l.card} t={t} open={actions.openArticle} />
              ) : l.bot ? (
                botText(l.bot, t)
              ) : l.assist ? (
                assistText(l.assist, t)
              ) : l.attachment ? (
                <Attachment a={l.attachment} t={t} load={actions.attachment} />
              ) : l.uploading && l.status === 'sending' ? (
                t('upload.uploading', { name: l.text })
              ) : (
                <LinkedText text={l.text} />
              )}
            </span>
            {l.author === 'visitor' && <span class="meta">{l.status === 'sending' ? t('message.sending') : l.status === 'failed' ? t('message.failed') : t('message.sent')}</span>}
            {l.author === 'agent' && <span class="meta">{l.name ?? t('message.agent')}</span>}
            {l.author === 'bot' && <span class="meta">{t('message.bot')}</span>}
          </li>
        ))}
        {view.forms.map((f) => (
          <li key={`form-${f.requestId}`} class="line form-line" data-author="agent">
            <FormCard form={f.form} lang={locale} t={t} state={f.state} problem={f.problem} requestId={f.requestId} onSubmit={(answers) => actions.answerForm(f.requestId, answers)} />
          </li>
        ))}
      </ol>
      <p class="typing" aria-live="polite">
        {view.agentTyping && view.phase === 'connected' ? ((view.typingName ?? view.agentName) ? t('typing.agent', { agent: view.typingName ?? view.agentName ?? '' }) : t('typing.someone')) : ''}
      </p>
      {micError && (
        <p class="error" role="alert" data-code="MIC">
          {t('upload.noMic')}
        </p>
      )}
      {recording && (
        <p class="notice recording" role="status">
          {t('upload.recording')}
        </p>
      )}
      {view.error && (
        <p class="error" role="alert" data-code={view.error.code}>
          {errorText(view.error, t)}
        </p>
      )}
      {view.phase === 'bot' && !aside && <BotButtons view={view} t={t} choose={(c, label) => actions.send(label, c)} leave={actions.askLeaveMessage} />}
      {view.phase === 'idle' && !aside && (
        <button type="button" class="start" onClick={actions.start}>
          {t('panel.start')}
        </button>
      )}
      {view.leave && !aside && (
        <p class="notice" role="status">
          {t('leave.introNobody')}
        </p>
      )}
      {(view.phase === 'idle' || view.phase === 'waiting') && !aside && (
        <div class="row">
          <button type="button" class="secondary" onClick={actions.askLeaveMessage}>
            {t('leave.offer')}
          </button>
          <button type="button" class="secondary" onClick={actions.showTickets}>
            {t('leave.mine')}
          </button>
        </div>
      )}
      {view.phase === 'ended' && view.survey && <Survey survey={view.survey} t={t} answer={actions.answerSurvey} />}
      {view.phase === 'ended' && (
        <button type="button" class="start" onClick={actions.newChat}>
          {t('panel.newChat')}
        </button>
      )}
      {canWrite && (
        <form
          class="compose"
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          {emojisOpen && (
            <div class="emojis" role="group" aria-label={t('panel.emoji')}>
              {EMOJIS.map((e) => (
                <button type="button" key={e} onClick={() => addEmoji(e)} aria-label={e}>
                  {e}
                </button>
              ))}
            </div>
          )}
          <button type="button" class="emoji-toggle" aria-label={t('panel.emoji')} aria-expanded={emojisOpen} title={t('panel.emoji')} onClick={() => setEmojisOpen(!emojisOpen)}>
            <Icon name="smile" />
          </button>
          <button type="button" class="attach" aria-label={t('upload.attach')} title={t('upload.attach')} onClick={() => picker.current?.click()}>
            <Icon name="paperclip" />
          </button>
          {canRecordVoice() && (
            <button
              type="button"
              class="voice"
              data-recording={recording ? '' : undefined}
              aria-pressed={recording !== undefined}
              aria-label={recording ? t('upload.stopVoice') : t('upload.voice')}
              title={recording ? t('upload.stopVoice') : t('upload.voice')}
              onClick={toggleVoice}
            >
              <Icon name={recording ? 'stop' : 'mic'} />
            </button>
          )}
          <ScreenButtons t={t} upload={actions.upload} />
          <input
            ref={picker}
            type="file"
            class="picker"
            hidden
            onChange={(e) => {
              const el = e.target as HTMLInputElement;
              for (const f of Array.from(el.files ?? [])) actions.upload(f);
              el.value = '';
            }}
          />
          <textarea
            ref={input}
            rows={1}
            aria-label={t('panel.input')}
            placeholder={t('panel.input')}
            value={draft}
            onInput={(e) => onInput((e.target as HTMLTextAreaElement).value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                send();
              }
            }}
          />
          <button type="submit" class="send" disabled={draft.trim() === ''}>
            {t('panel.send')}
          </button>
        </form>
      )}
    </section>
  );
}

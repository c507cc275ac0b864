/**
 * One evaluation: on the left what the contact was (its customer, a chat visitor's trail:
 * ContactContextPanel) and the call's recordings (the records page's player, waveform and pauses
 * marked) or the chat's transcript; the scorecard on the right. What can be done follows its state and the reader: its evaluator
 * fills in and submits a draft; the agent accepts or disputes a submitted one; a second reviewer
 * upholds or revises a disputed one. The score is shown as the answers are given, computed by the
 * same function the daemon uses.
 */
import { useEffect, useState } from 'preact/hooks';
import { qa, records } from '../api/endpoints.js';
import type { Answers, CallRecordDetail, ChatTranscript, ContactContext, Evaluation, Principal, Scorecard } from '../api/types.js';
import { RecordingPlayer } from '../records/RecordingPlayer.js';
import { ContactContextPanel } from './ContactContextPanel.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Field } from '../kit/Field.js';
import { finalScore } from './final-score.js';
import { mediaText, scoreText, stateText, type QaNames } from './qa-names.js';
import { ScorecardForm, previewScore } from './ScorecardForm.js';
import { Icon } from '../kit/Icon.js';

interface Props {
  id: string;
  principal: Principal;
  names: QaNames;
  queueName: (id: string | null) => string;
  onBack: () => void;
}

export function EvaluationView({ id, principal, names, queueName, onBack }: Props) {
  const [e, setE] = useState<Evaluation | undefined>(undefined);
  const [card, setCard] = useState<Scorecard | undefined>(undefined);
  const [call, setCall] = useState<CallRecordDetail | undefined>(undefined);
  const [chat, setChat] = useState<ChatTranscript | undefined>(undefined);
  const [context, setContext] = useState<ContactContext | undefined>(undefined);
  const [answers, setAnswers] = useState<Answers>({});
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [revising, setRevising] = useState(false);
  const [busy, run] = useAction();

  const show = (next: Evaluation) => {
    setE(next);
    setAnswers(next.answers);
    setComment(next.comment);
  };
  useEffect(() => {
    void runAction('qa.loadEvaluation', async () => {
      const loaded = await qa.get(id);
      show(loaded);
      setCard(await qa.scorecard(loaded.scorecardId, loaded.scorecardVersion));
      if (loaded.contact.kind === 'chat') setChat(await qa.transcript(id));
      // records.own: an agent listens to the recording of their own evaluated call, an evaluator within their reach.
      else if (principal.permissions.includes('records.own')) setCall(await records.get(loaded.contact.id));
    });
    void runAction('qa.loadContext', async () => setContext(await qa.context(id)));
  }, [id]);

  if (!e || !card) return <p class="muted">{t('common.loading')}</p>;
  const mine = e.evaluatorId === principal.userId;
  const isAgent = e.agentId === principal.agentId;
  const mayResolve = principal.permissions.includes('qa.evaluate') && !mine && !isAgent && e.state === 'disputed';
  const editable = (mine && e.state === 'draft') || (mayResolve && revising);
  const shownAnswers = editable ? answers : e.resolution?.outcome === 'revised' && e.resolution.answers ? e.resolution.answers : e.answers;
  const preview = previewScore(card, shownAnswers);
  const saved = (next: Evaluation) => {
    show(next);
    setRevising(false);
  };

  return (
    <div class="qa-evaluation" data-evaluation={e.id} data-state={e.state}>
      <div class="qa-heading-row">
        <Button label={t('qa.back')} data-action="back" onClick={onBack} />
        <h2>
          {mediaText(e.contact.kind)} · {names.agent(e.agentId)} · {formatDateTime(e.contactStartedAt)}
        </h2>
        <span class={`qa-state qa-state-${e.state}`}>{stateText(e.state)}</span>
      </div>
      <div class="qa-columns">
        <div class="qa-left">
          {context && <ContactContextPanel context={context} queueName={queueName} />}
          <section class="panel qa-material" aria-label={t('qa.material')}>
            <h3>{t(e.contact.kind === 'call' ? 'qa.recording' : 'qa.transcript')}</h3>
            {e.contact.kind === 'call' ? (
              call ? (
                call.recordings.length === 0 ? (
                  <p class="muted">{t('records.noRecordings')}</p>
                ) : (
                  call.recordings.map((r) =>
                    r.purgedAt !== undefined ? (
                      <p key={r.id} class="muted">
                        {t('qa.recordingGone')}
                      </p>
                    ) : (
                      <div key={r.id} data-recording={r.id}>
                        <RecordingPlayer recording={r} timeline={call.timeline} />
                      </div>
                    ),
                  )
                )
              ) : (
                <p class="muted">{principal.permissions.includes('records.own') ? t('common.loading') : t('qa.noRecordAccess')}</p>
              )
            ) : chat ? (
              <>
                <p class="muted">
                  {chat.visitorName || t('qa.visitor')} · {chat.page}
                </p>
                <ol class="qa-transcript">
                  {chat.messages.map((m) => (
                    <li key={m.seq} class={`from-${m.from}`}>
                      <span class="who">{m.from === 'visitor' ? chat.visitorName || t('qa.visitor') : m.from === 'agent' ? names.agent(e.agentId) : t('qa.system')}</span>
                      <span class="when">{formatDateTime(m.at)}</span>
                      <p>
                        {m.attachmentName ? (
                          <>
                            <Icon name="paperclip" size={14} inline />
                            {m.attachmentName}
                          </>
                        ) : (
                          m.text
                        )}
                      </p>
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <p class="muted">{t('common.loading')}</p>
            )}
          </section>
        </div>
        <section class="panel qa-scoring" aria-label={card.name}>
          <div class="qa-score-line">
            <h3>
              {card.name} <span class="muted">{t('qa.version', { n: card.version })}</span>
            </h3>
            <output class="qa-score" data-score={editable ? (preview.score ?? '') : (finalScore(e) ?? '')}>
              {editable ? (preview.score === null ? t('qa.answered', { n: preview.answered, of: preview.total }) : t('qa.score', { score: scoreText(preview.score) })) : t('qa.score', { score: scoreText(finalScore(e)) })}
            </output>
          </div>
          {preview.criticalFailed && <p class="qa-critical" role="status">{t('qa.criticalFailed')}</p>}
          <ScorecardForm card={card} answers={shownAnswers} editable={editable} onChange={setAnswers} />
          <Field id="qa-comment" label={t('qa.comment')}>
            <textarea id="qa-comment" rows={3} value={editable && !revising ? comment : e.comment} readOnly={!(mine && e.state === 'draft')} onInput={(ev) => setComment(ev.currentTarget.value)} />
          </Field>
          {e.dispute && (
            <div class="qa-note" data-part="dispute">
              <strong>{t('qa.disputeBy', { name: names.agent(e.agentId) })}</strong>
              <p>{e.dispute.reason}</p>
            </div>
          )}
          {e.resolution && (
            <div class="qa-note" data-part="resolution">
              <strong>{t(e.resolution.outcome === 'upheld' ? 'qa.upheld' : 'qa.revised', { from: scoreText(e.score), to: scoreText(e.resolution.score) })}</strong>
              {e.resolution.note && <p>{e.resolution.note}</p>}
            </div>
          )}
          <div class="filter-actions">
            {mine && e.state === 'draft' && (
              <>
                <Button label={t('qa.saveDraft')} data-action="save" busy={busy === 'qa.save'} onClick={() => void run('qa.save', async () => saved(await qa.save(e.id, { answers, comment })))} />
                <Button label={t('qa.submit')} variant="primary" data-action="submit" busy={busy === 'qa.submit'} disabled={preview.score === null} onClick={() => void run('qa.submit', async () => saved(await qa.submit(e.id, { answers, comment })))} />
              </>
            )}
            {isAgent && e.state === 'submitted' && (
              <>
                <Button label={t('qa.accept')} variant="primary" data-action="accept" busy={busy === 'qa.accept'} onClick={() => void run('qa.accept', async () => saved(await qa.accept(e.id)))} />
                <Field id="qa-reason" label={t('qa.disputeReason')}>
                  <textarea id="qa-reason" rows={2} value={reason} onInput={(ev) => setReason(ev.currentTarget.value)} />
                </Field>
                <Button label={t('qa.dispute')} data-action="dispute" disabled={!reason.trim()} busy={busy === 'qa.dispute'} onClick={() => void run('qa.dispute', async () => saved(await qa.dispute(e.id, reason)))} />
              </>
            )}
            {mayResolve && (
              <>
                <Field id="qa-note" label={t('qa.resolveNote')}>
                  <textarea id="qa-note" rows={2} value={note} onInput={(ev) => setNote(ev.currentTarget.value)} />
                </Field>
                <Button label={t('qa.uphold')} data-action="uphold" busy={busy === 'qa.resolve'} onClick={() => void run('qa.resolve', async () => saved(await qa.resolve(e.id, { outcome: 'upheld', note })))} />
                {revising ? (
                  <Button label={t('qa.saveRevision')} variant="primary" data-action="revise-save" disabled={preview.score === null} busy={busy === 'qa.resolve'} onClick={() => void run('qa.resolve', async () => saved(await qa.resolve(e.id, { outcome: 'revised', note, answers })))} />
                ) : (
                  <Button label={t('qa.revise')} data-action="revise" onClick={() => setRevising(true)} />
                )}
              </>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}

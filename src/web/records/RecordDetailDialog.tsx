/**
 * One call: who, when, how it ended, every step of its timeline (pause and resume of the
 * recording among them) and a player per recording with its waveform, the pauses marked on it
 * (RecordingPlayer). The player streams from the daemon with Range requests, so seeking fetches
 * only what is played. What the user may do is record-abilities.ts's word: the player to anyone
 * who may listen (an agent too, for a call of theirs), Download with recordings.download, Delete
 * (after confirming) with records.delete. A recording whose file was deleted (by its queue's
 * retention or by hand) says so instead of offering a player.
 */
import { useEffect, useState } from 'preact/hooks';
import { records } from '../api/endpoints.js';
import type { CallRecordDetail } from '../api/types.js';
import { formatDateTime, formatDuration, outcomeText } from '../i18n/format.js';
import { hasKey, t } from '../i18n/i18n.js';
import { runAction, useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import type { RecordAbilities } from './record-abilities.js';
import { RecordingPlayer } from './RecordingPlayer.js';

interface Props {
  callId: string | undefined;
  /** What the user may do with a recording (recordAbilities of the page's principal). */
  can: Pick<RecordAbilities, 'listen' | 'download' | 'deleteRecording'>;
  queueName: (id: string | undefined) => string;
  agentName: (id: string | undefined) => string;
  onClose: () => void;
  /** A recording of this call was deleted (the page's storage figures change). */
  onDeleted: () => void;
}

const stepText = (event: string) => {
  const key = `records.step.${event}`;
  return hasKey(key) ? t(key) : event;
};

export function RecordDetailDialog({ callId, can, queueName, agentName, onClose, onDeleted }: Props) {
  const [detail, setDetail] = useState<CallRecordDetail | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [busy, run] = useAction();
  const load = (id: string) => runAction('records.loadCall', async () => setDetail(await records.get(id)));
  useEffect(() => {
    setDetail(undefined);
    setConfirming(undefined);
    if (!callId) return;
    void load(callId);
  }, [callId]);

  const remove = (recordingId: string) =>
    run('records.deleteRecording', async () => {
      await records.deleteRecording(recordingId);
      setConfirming(undefined);
      onDeleted();
      if (callId) await load(callId);
    });
  const c = detail?.call;
  return (
    <Dialog open={callId !== undefined} title={t('records.callTitle')} onClose={onClose} class="record-detail">
      {!c || !detail ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <>
          <dl class="call-facts">
            <dt>{t('records.col.time')}</dt>
            <dd>{formatDateTime(c.startedAt)}</dd>
            <dt>{t('records.col.from')}</dt>
            <dd class="number">{c.from}</dd>
            <dt>{t('records.col.to')}</dt>
            <dd class="number">{c.to}</dd>
            <dt>{t('records.col.queue')}</dt>
            <dd>{queueName(c.queueId) || '—'}</dd>
            <dt>{t('records.col.agent')}</dt>
            <dd>{agentName(c.agentId) || '—'}</dd>
            <dt>{t('records.col.outcome')}</dt>
            <dd>{outcomeText(c.outcome)}</dd>
          </dl>
          <h3>{t('records.recordings')}</h3>
          {detail.recordings.length === 0 ? (
            <p class="muted">{t('records.noRecordings')}</p>
          ) : (
            <ul class="recordings">
              {detail.recordings.map((r) => (
                <li key={r.id} data-recording={r.id}>
                  <span>
                    {formatDateTime(r.startedAt)}
                    {r.durationMs !== undefined ? ` · ${formatDuration(r.durationMs)}` : ''}
                  </span>
                  {r.purgedAt !== undefined ? (
                    <span class="purged" data-purged={r.purgeReason}>
                      {t(r.purgeReason === 'retention' ? 'records.purgedRetention' : 'records.purgedByHand', { at: formatDateTime(r.purgedAt) })}
                    </span>
                  ) : (
                    <>
                      {can.listen && <RecordingPlayer recording={r} timeline={detail.timeline} />}
                      {can.download && (
                        <a class="btn btn-secondary" href={records.downloadUrl(r.id)} download data-action="download">
                          {t('records.download')}
                        </a>
                      )}
                      {can.deleteRecording && r.stoppedAt !== undefined && confirming !== r.id && (
                        <Button label={t('records.deleteRecording')} variant="secondary" data-action="delete-recording" onClick={() => setConfirming(r.id)} />
                      )}
                      {confirming === r.id && (
                        <span class="confirm-delete" role="group" aria-label={t('records.deleteConfirm')}>
                          <span>{t('records.deleteConfirm')}</span>
                          <Button label={t('records.deleteRecording')} variant="danger" data-action="confirm-delete" busy={busy === 'records.deleteRecording'} onClick={() => void remove(r.id)} />
                          <Button label={t('common.cancel')} variant="secondary" onClick={() => setConfirming(undefined)} />
                        </span>
                      )}
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h3>{t('records.timeline')}</h3>
          <ol class="timeline">
            {detail.timeline.map((s) => (
              <li key={s.seq} data-event={s.event} class={s.event.startsWith('recording_') ? 'mark' : undefined}>
                <time>{formatDuration(s.at - c.startedAt)}</time> {stepText(s.event)}
              </li>
            ))}
          </ol>
        </>
      )}
    </Dialog>
  );
}

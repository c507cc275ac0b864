/**
 * Live screen sharing in the agent's conversation (issue 20): ask the visitor to share (with a
 * quality choice), then see their screen view only, and end it. A supervisor uses the same panel
 * to watch (src/web/supervisor). The visitor's consent is asked in the widget every time.
 * Video guidance: the same panel asks for a video call; once live it shows the visitor's camera
 * large, the agent's own preview small, the visitor's muted / camera-off signs, and mute, camera
 * off and end.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ShareQuality } from '../../chat/assist/assist-protocol.js';
import type { ChatMessage } from '../api/types.js';
import { durationText } from '../assist/media-duration.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Icon } from '../kit/Icon.js';
import type { DeskShare, ShareDesk } from './share-desk.js';

/** The screen as it arrives: muted, inline, never controls (view only). In a call: the visitor's camera with sound, or one's own preview (muted). */
function LiveScreen({ stream, cls = 'share-screen', muted = true, label = t('share.live') }: { stream: MediaStream; cls?: string; muted?: boolean; label?: string }) {
  const el = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (el.current && el.current.srcObject !== stream) {
      el.current.srcObject = stream;
      el.current.play().catch((err: unknown) => console.warn('screen share: the picture did not start playing', err));
    }
  }, [stream]);
  return <video ref={el} class={cls} muted={muted} playsInline autoPlay aria-label={label} />;
}

/** The call's pictures and switches (video guidance). */
function CallStage({ desk, d }: { desk: ShareDesk; d: DeskShare }) {
  const mine = d.mine ?? { mic: true, cam: true };
  const theirs = d.theirs ?? { mic: true, cam: true };
  return (
    <>
      <div class="call-stage">
        {d.stream && <LiveScreen stream={d.stream} cls="share-screen call-remote" muted={false} label={t('video.visitor')} />}
        {d.stream && !theirs.cam && <p class="call-off">{t('video.visitorCameraOff')}</p>}
        <span class="call-badges">
          {!theirs.mic && (
            <span class="call-badge" data-off="mic" role="img" title={t('video.visitorMuted')} aria-label={t('video.visitorMuted')}>
              <Icon name="micOff" size={14} />
            </span>
          )}
          {!theirs.cam && (
            <span class="call-badge" data-off="cam" role="img" title={t('video.visitorCameraOff')} aria-label={t('video.visitorCameraOff')}>
              <Icon name="videoOff" size={14} />
            </span>
          )}
        </span>
        {d.local && <LiveScreen stream={d.local} cls="call-self" label={t('video.you')} />}
        {d.local && !mine.cam && (
          <span class="call-self-off" role="img" title={t('video.yourCameraOff')} aria-label={t('video.yourCameraOff')}>
            <Icon name="videoOff" size={16} />
          </span>
        )}
      </div>
      <div class="call-controls">
        <Button class="call-mic" icon={mine.mic ? 'mic' : 'micOff'} label={mine.mic ? t('video.mute') : t('video.unmute')} pressed={!mine.mic} onClick={() => desk.toggle(d.share.id, 'audio')} />
        <Button class="call-cam" icon={mine.cam ? 'video' : 'videoOff'} label={mine.cam ? t('video.cameraOff') : t('video.cameraOn')} pressed={!mine.cam} onClick={() => desk.toggle(d.share.id, 'video')} />
      </div>
    </>
  );
}

/** A recorded share: recording while it runs, then whether the recording reached the daemon. */
function RecordingState({ d }: { d: DeskShare }) {
  if (d.recording === 'on') {
    return (
      <span class="share-recording" data-recording="on">
        <span class="rec-dot" aria-hidden="true" />
        {t('share.recording')}
      </span>
    );
  }
  if (d.recording === 'full') {
    return (
      <span class="share-recording" data-recording="full">
        {t('share.recordingFull')}
      </span>
    );
  }
  return d.recording === 'sent' ? (
    <span class="share-recording muted" data-recording="sent">
      {t('share.recordingSent')}
    </span>
  ) : null;
}

function statusOf(d: DeskShare, watching: boolean): string {
  if (d.share.kind === 'video') return videoStatusOf(d);
  if (d.lost) return t('share.lost');
  switch (d.share.state) {
    case 'invited':
      return t('share.invited');
    case 'accepted':
      return t('share.accepted');
    case 'live':
      return watching ? t('share.watching') : t('share.live');
    case 'declined':
      return t('share.declined');
    default:
      return t('share.ended');
  }
}

function videoStatusOf(d: DeskShare): string {
  if (d.lost) return t('video.lost');
  switch (d.share.state) {
    case 'invited':
      return t('video.invited');
    case 'accepted':
      return t('video.accepted');
    case 'live':
      return t('video.live');
    case 'declined':
      return t('video.declined');
    default:
      return t('video.ended');
  }
}

export function ScreenSharePanel({ desk, chatId, open, watching = false }: { desk: ShareDesk; chatId: string; open: boolean; watching?: boolean }) {
  const [quality, setQuality] = useState<ShareQuality>('speed');
  const [busy, setBusy] = useState(false);
  const d = desk.byChat.value[chatId];
  const running = d !== undefined && (d.share.state === 'invited' || d.share.state === 'accepted' || d.share.state === 'live');
  const act = (fn: () => Promise<void>) => {
    setBusy(true);
    void fn().finally(() => setBusy(false));
  };
  if (!running && (!open || watching))
    return d ? (
      <p class="share-status muted" data-state={d.share.state}>
        {statusOf(d, watching)}
              <RecordingState d={d} />
      </p>
    ) : null;
  const video = running && d?.share.kind === 'video';
  return (
    <section class="share-panel" data-state={d?.share.state ?? 'none'} data-kind={d?.share.kind ?? 'screen'} aria-label={video ? t('video.ask') : t('share.ask')}>
      {running && d ? (
        <>
          <div class="share-bar">
            <span class="share-status" role="status">
              {statusOf(d, watching)}
            </span>
            <RecordingState d={d} />
            <Button class="share-end" label={watching ? t('share.stopWatching') : d.share.state === 'invited' ? t('share.cancel') : video ? t('video.end') : t('share.end')} variant="danger" busy={busy} onClick={() => act(() => desk.end(d.share.id))} />
          </div>
          {video ? <CallStage desk={desk} d={d} /> : d.stream && <LiveScreen stream={d.stream} />}
        </>
      ) : (
        <div class="share-bar">
          {d && (
            <span class="share-status muted" data-state={d.share.state}>
              {statusOf(d, watching)}
              <RecordingState d={d} />
            </span>
          )}
          <label class="share-quality">
            {t('share.quality')}{' '}
            <select value={quality} onChange={(e) => setQuality((e.target as HTMLSelectElement).value as ShareQuality)}>
              <option value="speed">{t('share.speed')}</option>
              <option value="picture">{t('share.picture')}</option>
            </select>
          </label>
          <Button class="share-ask" icon="screen" label={t('share.ask')} busy={busy} onClick={() => act(() => desk.invite(chatId, quality))} />
          <Button class="video-ask" icon="video" label={t('video.ask')} busy={busy} onClick={() => act(() => desk.invite(chatId, quality, 'video'))} />
        </div>
      )}
    </section>
  );
}

/** A share's line on the timeline in the reader's language (the stored text is the English line). */
export function assistLine(n: NonNullable<ChatMessage['assist']>): string {
  if (n.what === 'video_call') {
    if (n.outcome === 'declined') return t('video.noteDeclined', { agent: n.agentName });
    if (n.startedAt === null) return t('video.noteNotLive', { agent: n.agentName });
    return t('video.noteCall', { agent: n.agentName, duration: durationText(n.durationMs / 1000), time: formatTime(n.startedAt) });
  }
  if (n.outcome === 'declined') return t('share.noteDeclined', { agent: n.agentName });
  if (n.startedAt === null) return t('share.noteNotLive', { agent: n.agentName });
  return t('share.noteShared', { agent: n.agentName, duration: durationText(n.durationMs / 1000), time: formatTime(n.startedAt) });
}

/**
 * Screen sharing and video calls in the widget: the agent's request (consent every time), the bar
 * that says the screen is being shared for as long as it is, and the call card of a video call
 * (the agent's picture, the visitor's own small preview, mute, camera off, front/rear camera and
 * end), outside the panel so minimizing never hides them.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AssistNote } from '../../chat/protocol.js';
import { canCallVideo } from '../assist/camera-call.js';
import { durationText } from '../assist/media-duration.js';
import { canCaptureScreen } from '../assist/screen-capture.js';
import { Icon } from '../kit/Icon.js';
import type { Translate } from './i18n.js';
import type { CallView, ShareControl, ShareView } from './share-control.js';

export type ShareControlLike = Pick<ShareControl, 'view' | 'subscribe' | 'accept' | 'decline' | 'stop' | 'toggleMic' | 'toggleCamera' | 'switchCamera'>;

/** A stream in a video element; `muted` for one's own preview (no echo). */
function Picture({ stream, cls, muted, label, mirror }: { stream: MediaStream; cls: string; muted: boolean; label: string; mirror?: boolean }) {
  const el = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (el.current && el.current.srcObject !== stream) {
      el.current.srcObject = stream;
      el.current.play().catch((err: unknown) => console.warn('switchboard chat: a video did not start playing', err));
    }
  }, [stream]);
  return <video ref={el} class={cls} data-mirror={mirror ? '' : undefined} muted={muted} playsInline autoPlay aria-label={label} />;
}

/** Said before consent when the session is recorded (the admin switch was on when the agent asked). */
function RecordedNotice({ agentName, t }: { agentName: string; t: Translate }) {
  return (
    <p class="share-recorded" role="note">
      <span class="share-rec-dot" aria-hidden="true" />
      {t('share.recorded', { agent: agentName })}
    </p>
  );
}

function CallCard({ share, call, agentName, recorded, t }: { share: ShareControlLike; call: CallView; agentName: string; recorded: boolean; t: Translate }) {
  return (
    <section class="call" role="region" aria-label={t('call.with', { agent: agentName })}>
      <div class="call-stage">
        {call.remote ? <Picture stream={call.remote} cls="call-remote" muted={false} label={t('call.agentVideo', { agent: agentName })} /> : <p class="call-waiting">{t('call.connecting')}</p>}
        {call.remote && !call.agent.cam && <p class="call-waiting">{t('call.agentCameraOff', { agent: agentName })}</p>}
        <span class="call-badges">
          {recorded && (
            <span class="call-recorded" role="note">
              <span class="share-rec-dot" aria-hidden="true" />
              {t('call.recorded')}
            </span>
          )}
          {!call.agent.mic && (
            <span class="call-badge" data-off="mic" title={t('call.agentMuted', { agent: agentName })} role="img" aria-label={t('call.agentMuted', { agent: agentName })}>
              <Icon name="micOff" size={14} />
            </span>
          )}
          {!call.agent.cam && (
            <span class="call-badge" data-off="cam" title={t('call.agentCameraOff', { agent: agentName })} role="img" aria-label={t('call.agentCameraOff', { agent: agentName })}>
              <Icon name="videoOff" size={14} />
            </span>
          )}
        </span>
        <Picture stream={call.local} cls="call-self" muted label={t('call.you')} mirror={call.facing === 'user'} />
      </div>
      <div class="call-controls">
        <button type="button" class="call-mic" aria-pressed={!call.mic} title={call.mic ? t('call.mute') : t('call.unmute')} aria-label={call.mic ? t('call.mute') : t('call.unmute')} onClick={() => share.toggleMic()}>
          <Icon name={call.mic ? 'mic' : 'micOff'} />
        </button>
        <button type="button" class="call-cam" aria-pressed={!call.cam} title={call.cam ? t('call.cameraOff') : t('call.cameraOn')} aria-label={call.cam ? t('call.cameraOff') : t('call.cameraOn')} onClick={() => share.toggleCamera()}>
          <Icon name={call.cam ? 'video' : 'videoOff'} />
        </button>
        {call.cameras > 1 && (
          <button type="button" class="call-flip" title={call.facing === 'user' ? t('call.rear') : t('call.front')} aria-label={call.facing === 'user' ? t('call.rear') : t('call.front')} onClick={() => void share.switchCamera()}>
            <Icon name="switchCamera" />
          </button>
        )}
        <button type="button" class="call-end" onClick={() => share.stop()}>
          <Icon name="hangup" />
          <span>{t('call.end')}</span>
        </button>
      </div>
    </section>
  );
}

export function ShareParts({ share, t }: { share: ShareControlLike; t: Translate }) {
  const [view, setView] = useState<ShareView>(share.view());
  useEffect(() => share.subscribe(setView), [share]);
  if (view.phase === 'asked' && view.kind === 'video') {
    const can = canCallVideo();
    return (
      <div class="share-ask" data-kind="video" role="alertdialog" aria-labelledby="sb-share-title" aria-describedby="sb-share-text">
        <p id="sb-share-title" class="share-title">{t('call.asks', { agent: view.agentName })}</p>
        <p id="sb-share-text" class="share-text">{can ? t('call.consent', { agent: view.agentName }) : t('call.unsupported')}</p>
        {can && view.recorded && <RecordedNotice agentName={view.agentName} t={t} />}
        <div class="share-actions">
          {can && (
            <button type="button" class="share-accept" onClick={() => void share.accept()}>
              {t('call.accept')}
            </button>
          )}
          <button type="button" class="share-decline secondary" onClick={() => share.decline()}>
            {can ? t('share.decline') : t('share.ok')}
          </button>
        </div>
      </div>
    );
  }
  if (view.phase === 'sharing' && view.call) return <CallCard share={share} call={view.call} agentName={view.agentName} recorded={view.recorded === true} t={t} />;
  if (view.phase === 'asked' && !canCaptureScreen()) {
    // Phone browsers cannot share a screen: say so, and the answer is a decline.
    return (
      <div class="share-ask" role="alertdialog" aria-labelledby="sb-share-title" aria-describedby="sb-share-text">
        <p id="sb-share-title" class="share-title">{t('share.asks', { agent: view.agentName })}</p>
        <p id="sb-share-text" class="share-text">{t('share.unsupported')}</p>
        <div class="share-actions">
          <button type="button" class="share-decline secondary" onClick={() => share.decline()}>
            {t('share.ok')}
          </button>
        </div>
      </div>
    );
  }
  if (view.phase === 'asked') {
    return (
      <div class="share-ask" role="alertdialog" aria-labelledby="sb-share-title" aria-describedby="sb-share-text">
        <p id="sb-share-title" class="share-title">{t('share.asks', { agent: view.agentName })}</p>
        <p id="sb-share-text" class="share-text">{t('share.viewOnly')}</p>
        {view.recorded && <RecordedNotice agentName={view.agentName} t={t} />}
        <div class="share-actions">
          <button type="button" class="share-accept" onClick={() => void share.accept()}>
            {t('share.accept')}
          </button>
          <button type="button" class="share-decline secondary" onClick={() => share.decline()}>
            {t('share.decline')}
          </button>
        </div>
      </div>
    );
  }
  if (view.phase === 'sharing') {
    return (
      <div class="share-live" role="status">
        <span class="share-dot" aria-hidden="true" />
        <span class="share-live-text" data-recorded={view.recorded ? '' : undefined}>
          {view.recorded ? t('share.liveRecorded', { agent: view.agentName }) : t('share.live', { agent: view.agentName })}
        </span>
        <button type="button" class="share-stop" onClick={() => share.stop()}>
          {t('share.stop')}
        </button>
      </div>
    );
  }
  return view.failed ? (
    <p class="share-failed" role="alert">
      {view.kind === 'video' ? t('call.failed') : t('share.failed')}
    </p>
  ) : null;
}

/** A share's line on the timeline, in the visitor's words. */
export function assistText(n: AssistNote, t: Translate): string {
  if (n.what === 'video_call') {
    if (n.outcome === 'declined') return t('assist.callDeclined', { agent: n.agentName });
    if (n.startedAt === null) return t('assist.callNotLive', { agent: n.agentName });
    return t('assist.called', { agent: n.agentName, duration: durationText(n.durationMs / 1000) });
  }
  if (n.outcome === 'declined') return t('assist.declined', { agent: n.agentName });
  if (n.startedAt === null) return t('assist.notLive', { agent: n.agentName });
  return t('assist.shared', { agent: n.agentName, duration: durationText(n.durationMs / 1000) });
}

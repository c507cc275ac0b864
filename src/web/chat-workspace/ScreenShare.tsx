/**
 * Live screen sharing in the agent's conversation (issue 20): ask the visitor to share (with a
 * quality choice), then see their screen view only, and end it. A supervisor uses the same panel
 * to watch (src/web/supervisor). The visitor's consent is asked in the widget every time.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ShareQuality } from '../../chat/assist/assist-protocol.js';
import type { ChatMessage } from '../api/types.js';
import { durationText } from '../assist/media-duration.js';
import { formatTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import type { DeskShare, ShareDesk } from './share-desk.js';

/** The screen as it arrives: muted, inline, never controls (view only). */
function LiveScreen({ stream }: { stream: MediaStream }) {
  const el = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (el.current && el.current.srcObject !== stream) {
      el.current.srcObject = stream;
      el.current.play().catch((err: unknown) => console.warn('screen share: the picture did not start playing', err));
    }
  }, [stream]);
  return <video ref={el} class="share-screen" muted playsInline autoPlay aria-label={t('share.live')} />;
}

function statusOf(d: DeskShare, watching: boolean): string {
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

export function ScreenSharePanel({ desk, chatId, open, watching = false }: { desk: ShareDesk; chatId: string; open: boolean; watching?: boolean }) {
  const [quality, setQuality] = useState<ShareQuality>('speed');
  const [busy, setBusy] = useState(false);
  const d = desk.byChat.value[chatId];
  const running = d !== undefined && (d.share.state === 'invited' || d.share.state === 'accepted' || d.share.state === 'live');
  const act = (fn: () => Promise<void>) => {
    setBusy(true);
    void fn().finally(() => setBusy(false));
  };
  if (!running && (!open || watching)) return d ? <p class="share-status muted" data-state={d.share.state}>{statusOf(d, watching)}</p> : null;
  return (
    <section class="share-panel" data-state={d?.share.state ?? 'none'} aria-label={t('share.ask')}>
      {running && d ? (
        <>
          <div class="share-bar">
            <span class="share-status" role="status">
              {statusOf(d, watching)}
            </span>
            <Button class="share-end" label={watching ? t('share.stopWatching') : d.share.state === 'invited' ? t('share.cancel') : t('share.end')} variant="danger" busy={busy} onClick={() => act(() => desk.end(d.share.id))} />
          </div>
          {d.stream && <LiveScreen stream={d.stream} />}
        </>
      ) : (
        <div class="share-bar">
          {d && (
            <span class="share-status muted" data-state={d.share.state}>
              {statusOf(d, watching)}
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
        </div>
      )}
    </section>
  );
}

/** A share's line on the timeline in the reader's language (the stored text is the English line). */
export function assistLine(n: NonNullable<ChatMessage['assist']>): string {
  if (n.outcome === 'declined') return t('share.noteDeclined', { agent: n.agentName });
  if (n.startedAt === null) return t('share.noteNotLive', { agent: n.agentName });
  return t('share.noteShared', { agent: n.agentName, duration: durationText(n.durationMs / 1000), time: formatTime(n.startedAt) });
}

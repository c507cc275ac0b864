/**
 * A supervisor monitoring a chat watches its live screen share (issue 20): the visitor's browser
 * sends the picture to the supervisor as a second viewer (the daemon fans the signalling out,
 * src/chat/assist/share-service.ts). chat.share_changed says when there is a share to watch.
 * A video call is not watched (docs/remote-assistance.md): no Watch button for one.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { EventStream } from '../api/event-stream.js';
import { screenShares } from '../api/endpoints.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { reportError } from '../kit/toast-store.js';
import { ScreenSharePanel } from '../chat-workspace/ScreenShare.js';
import { ShareDesk } from '../chat-workspace/share-desk.js';
import '../chat-workspace/chat.css';

const watchable = (state: string | undefined) => state === 'accepted' || state === 'live';

export function MonitorShare({ stream, chatId }: { stream: EventStream; chatId: string }) {
  const desk = useMemo(() => new ShareDesk(stream), [stream]);
  const [latest, setLatest] = useState<{ id: string; state: string; kind: string } | undefined>();
  useEffect(() => {
    desk.start();
    return () => desk.stop();
  }, [desk]);
  useEffect(() => {
    let live = true;
    setLatest(undefined);
    screenShares.ofChat(chatId).then(
      (r) => {
        const last = r.shares.at(-1);
        if (live && last) setLatest({ id: last.id, state: last.state, kind: last.kind });
      },
      (err: unknown) => reportError('share.failed', err),
    );
    const stop = stream.subscribe({
      event: (e) => {
        if (e.type === 'chat.share_changed' && e.chatId === chatId) setLatest({ id: e.shareId, state: e.state, kind: e.kind });
      },
    });
    return () => {
      live = false;
      stop();
    };
  }, [chatId, stream]);
  const held = desk.byChat.value[chatId];
  if (held && watchable(held.share.state)) return <ScreenSharePanel desk={desk} chatId={chatId} open={false} watching />;
  if (!latest || !watchable(latest.state) || latest.kind === 'video') return null;
  return (
    <div class="share-panel" data-state={latest.state}>
      <div class="share-bar">
        <Button class="share-watch" icon="screen" label={t('share.watch')} onClick={() => void desk.watch(latest.id)} />
      </div>
    </div>
  );
}

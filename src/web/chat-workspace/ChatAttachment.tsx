/** An upload in the agent's conversation: images as thumbnails, the browser's players for audio and video (with a recording's length), else a download link. */
import { chats } from '../api/endpoints.js';
import type { ChatMessage } from '../api/types.js';
import { durationText, useClipSeconds } from '../assist/media-duration.js';
import { t } from '../i18n/i18n.js';
import { Icon } from '../kit/Icon.js';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentView({ chatId, a }: { chatId: string; a: NonNullable<ChatMessage['attachment']> }) {
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
  if (a.contentType.startsWith('video/')) return <VideoClip url={url} name={a.name} />;
  return (
    <a class="chat-attachment chat-file" href={url} download={a.name}>
      <Icon name="paperclip" size={14} inline />
      {label}
    </a>
  );
}

/** A video plays inline; its length shows under it once the player found it. */
function VideoClip({ url, name }: { url: string; name: string }) {
  const [el, seconds] = useClipSeconds(url);
  return (
    <span class="chat-clip">
      <video ref={el} class="chat-attachment chat-thumb" controls preload="metadata" src={url} aria-label={name} />
      {seconds !== undefined && (
        <span class="chat-duration muted" data-seconds={seconds}>
          {t('chat.duration', { duration: durationText(seconds) })}
        </span>
      )}
    </span>
  );
}

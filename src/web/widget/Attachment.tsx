/**
 * An upload in the chat: images inline (a thumbnail, CSS-sized), audio and video with the
 * browser's own players, anything else a download link. The bytes come with the visitor token
 * (fetch, then a blob URL): the widget's page is another site, where no cookie would do. Media
 * are fetched when shown; a file only when the visitor clicks it (it may be large).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChatAttachment } from '../../chat/protocol.js';
import type { Translate } from './i18n.js';
import { Icon } from '../kit/Icon.js';
import { durationText, useClipSeconds } from '../assist/media-duration.js';

/** A video with its length under it (a fresh screen recording's length is found by the player). */
function VideoClip({ url, name, t }: { url: string; name: string; t: Translate }) {
  const [el, seconds] = useClipSeconds(url);
  return (
    <span class="att clip">
      <video ref={el} class="thumb" controls preload="metadata" src={url} aria-label={name} />
      {seconds !== undefined && (
        <span class="duration" data-seconds={seconds}>
          {t('upload.duration', { duration: durationText(seconds) })}
        </span>
      )}
    </span>
  );
}

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

const isMedia = (type: string) => type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/');

export function Attachment({ a, t, load }: { a: ChatAttachment; t: Translate; load: (id: string) => Promise<Blob> }) {
  const [url, setUrl] = useState<string | undefined>();
  const [failed, setFailed] = useState(false);
  const made = useRef<string | undefined>(undefined);
  const link = useRef<HTMLAnchorElement>(null);
  const media = isMedia(a.contentType);

  const fetchIt = async (): Promise<string | undefined> => {
    try {
      const blob = await load(a.id);
      made.current = URL.createObjectURL(blob);
      setUrl(made.current);
      setFailed(false);
      return made.current;
    } catch (err) {
      console.warn('switchboard chat: attachment not loaded', err);
      setFailed(true);
      return undefined;
    }
  };
  useEffect(() => {
    if (media) void fetchIt();
    return () => {
      if (made.current) URL.revokeObjectURL(made.current);
    };
  }, [a.id]);

  const label = t('upload.download', { name: a.name, size: sizeText(a.size) });
  if (media && url && a.contentType.startsWith('image/')) {
    return (
      <a class="att" href={url} download={a.name} title={label}>
        <img class="thumb" src={url} alt={a.name} />
      </a>
    );
  }
  if (media && url && a.contentType.startsWith('audio/')) return <audio class="att" controls src={url} aria-label={a.name} />;
  if (media && url && a.contentType.startsWith('video/')) return <VideoClip url={url} name={a.name} t={t} />;
  return (
    <a
      ref={link}
      class="att file"
      href={url ?? '#'}
      download={a.name}
      data-failed={failed || undefined}
      onClick={(e) => {
        if (url) return;
        // First click: fetch with the token, then let the browser save it.
        e.preventDefault();
        void fetchIt().then((u) => {
          if (u && link.current) {
            link.current.href = u;
            link.current.click();
          }
        });
      }}
    >
      <Icon name="paperclip" size={14} /> {label}
    </a>
  );
}

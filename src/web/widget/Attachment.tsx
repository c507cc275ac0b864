/**
 * An upload in the chat: images inline (a thumbnail, CSS-sized), audio and video with the
 * browser's own players, anything else a download link. The bytes come with the visitor token
 * (fetch, then a blob URL): the widget's page is another site, where no cookie would do.
 */
import { useEffect, useState } from 'preact/hooks';
import type { ChatAttachment } from '../../chat/protocol.js';
import type { Translate } from './i18n.js';

export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function Attachment({ a, t, load }: { a: ChatAttachment; t: Translate; load: (id: string) => Promise<Blob> }) {
  const [url, setUrl] = useState<string | undefined>();
  const [failed, setFailed] = useState(false);
  const media = a.contentType.startsWith('image/') || a.contentType.startsWith('audio/') || a.contentType.startsWith('video/');
  useEffect(() => {
    let made: string | undefined;
    let live = true;
    load(a.id).then(
      (blob) => {
        if (!live) return;
        made = URL.createObjectURL(blob);
        setUrl(made);
      },
      (err: unknown) => {
        console.warn('switchboard chat: attachment not loaded', err);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
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
  if (media && url && a.contentType.startsWith('video/')) return <video class="att thumb" controls src={url} aria-label={a.name} />;
  return (
    <a class="att file" href={url} download={a.name} aria-disabled={url === undefined} data-failed={failed || undefined}>
      📎 {label}
    </a>
  );
}

/**
 * "Export (CSV)" with the bytes counted while the file streams (stream-download.ts), then "Exported
 * 1.2 MB". One component for every export (call and chat records, customers): a refusal such as
 * EXPORT_TOO_LARGE is reported in words by the action runner, never saved as a file. `url` is the
 * export of what the page shows now; when it changes, the note of the previous export goes.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { sizeText } from './size-text.js';
import { streamDownload } from './stream-download.js';
import './export-button.css';

export function ExportButton({ url }: { url: string }) {
  const [exported, setExported] = useState<{ bytes: number; done: boolean } | undefined>(undefined);
  const [busy, run] = useAction();
  useEffect(() => setExported(undefined), [url]);

  const exportCsv = () =>
    run('records.export', async () => {
      setExported({ bytes: 0, done: false });
      const done = await streamDownload(url, (bytes) => setExported({ bytes, done: false }));
      setExported({ bytes: done.bytes, done: true });
    }).finally(() => setExported((e) => (e?.done ? e : undefined)));

  return (
    <div class="export">
      {exported && (
        <span class="export-progress" role="status" data-done={exported.done ? 'true' : 'false'}>
          {exported.done ? t('records.exportDone', { size: sizeText(exported.bytes) }) : t('records.exporting', { size: sizeText(exported.bytes) })}
        </span>
      )}
      <Button label={t('records.export')} icon="link" data-action="export" busy={busy === 'records.export'} onClick={() => void exportCsv()} />
    </div>
  );
}

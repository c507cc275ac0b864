/**
 * Storage used by recordings, for admins (config.edit): the recordings folder on disk, the last
 * daily purge, and per queue its retention setting beside the recordings kept (their length, their
 * files found on disk and the bytes these take) and purged.
 */
import { useEffect, useState } from 'preact/hooks';
import { records } from '../api/endpoints.js';
import type { QueueConfig, RecordingStorage } from '../api/types.js';
import { formatDateTime, formatDuration } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { runAction } from '../kit/action.js';
import { Table } from '../kit/Table.js';
import { sizeText } from './size-text.js';

type Row = RecordingStorage['queues'][number];

/** `changes` counts recordings deleted on this page: each one re-reads the figures. */
export function StoragePanel({ queues, changes }: { queues: QueueConfig[]; changes: number }) {
  const [storage, setStorage] = useState<RecordingStorage | undefined>(undefined);
  useEffect(() => {
    void runAction('records.loadStorage', async () => setStorage(await records.storage()));
  }, [changes]);

  const queueName = (r: Row) => (r.queueId ? (queues.find((q) => q.id === r.queueId)?.name ?? r.queueId) : t('records.storage.noQueue'));
  const retention = (days: number | null) => (days === null ? t('records.storage.forever') : t('records.storage.days', { days }));
  const last = storage?.lastPurge;
  return (
    <section class="panel storage" aria-labelledby="storage-title">
      <h2 id="storage-title">{t('records.storage.title')}</h2>
      {!storage ? (
        <p class="muted">{t('common.loading')}</p>
      ) : (
        <>
          <dl class="storage-facts">
            <dt>{t('records.storage.folder')}</dt>
            <dd data-figure="folder">{storage.folder.files === 1 ? t('records.storage.oneFile', { size: sizeText(storage.folder.bytes) }) : t('records.storage.files', { size: sizeText(storage.folder.bytes), files: storage.folder.files })}</dd>
            <dt>{t('records.storage.lastPurge')}</dt>
            <dd data-figure="last-purge">
              {last ? t('records.storage.purgeRun', { at: formatDateTime(last.at), purged: last.purged, size: sizeText(last.bytesFreed), failed: last.failed }) : t('records.storage.noPurge')}
            </dd>
          </dl>
          <Table
            caption={t('records.storage.byQueue')}
            rows={storage.queues}
            rowKey={(r) => r.queueId ?? '-'}
            empty={t('records.storage.none')}
            columns={[
              { key: 'queue', header: t('records.col.queue'), cell: queueName },
              { key: 'retention', header: t('records.storage.retention'), cell: (r) => <span data-retention={r.retentionDays ?? 'forever'}>{retention(r.retentionDays)}</span> },
              { key: 'kept', header: t('records.storage.kept'), numeric: true, cell: (r) => String(r.kept) },
              { key: 'length', header: t('records.storage.length'), numeric: true, cell: (r) => formatDuration(r.keptDurationMs) },
              { key: 'files', header: t('records.storage.keptFiles'), numeric: true, cell: (r) => <span data-kept-files={r.keptFiles}>{String(r.keptFiles)}</span> },
              { key: 'bytes', header: t('records.storage.keptBytes'), numeric: true, cell: (r) => <span data-kept-bytes={r.keptBytes}>{sizeText(r.keptBytes)}</span> },
              { key: 'purged', header: t('records.storage.purged'), numeric: true, cell: (r) => String(r.purged) },
            ]}
          />
        </>
      )}
    </section>
  );
}

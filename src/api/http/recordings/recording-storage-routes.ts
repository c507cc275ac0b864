/**
 * Storage used by call recordings, for admins (config.edit): what the recordings folder holds on
 * disk (every file in it: call recordings, voicemail, speech-menu utterances) and, per queue, the
 * recordings kept and purged according to their rows with the files and bytes the kept ones take
 * on disk (src/recording/queue-storage.ts), beside the queue's retention setting and the last
 * daily purge. Figures only: no names, numbers or file names leave.
 */
import type { FastifyInstance } from 'fastify';
import type { RecordingDisk, RecordingFiguresReader, RecordingRetentionStore } from '../../../recording/ports.js';
import { folderTotals, keptFilesByQueue } from '../../../recording/queue-storage.js';

export interface RecordingStorageRouteDeps {
  disk: Pick<RecordingDisk, 'listing'>;
  figures: RecordingFiguresReader;
  retention: Pick<RecordingRetentionStore, 'retentions' | 'lastPurgeRun'>;
}

const count = { type: 'integer', minimum: 0 } as const;

export const recordingStorageResponse = {
  type: 'object',
  required: ['folder', 'queues'],
  additionalProperties: false,
  properties: {
    folder: {
      type: 'object',
      required: ['files', 'bytes'],
      additionalProperties: false,
      description: 'every file directly in the recordings folder, as the disk has it',
      properties: { files: count, bytes: count },
    },
    queues: {
      type: 'array',
      description: "per queue of the recordings' calls (no queueId: calls without a queue, such as outbound ones)",
      items: {
        type: 'object',
        required: ['kept', 'keptDurationMs', 'keptFiles', 'keptBytes', 'purged', 'retentionDays'],
        additionalProperties: false,
        properties: {
          queueId: { type: 'string' },
          kept: { ...count, description: 'recordings whose file is kept' },
          keptDurationMs: { ...count, description: 'their summed length' },
          keptFiles: { ...count, description: 'their files found in the folder (fewer than kept when a file is missing)' },
          keptBytes: { ...count, description: 'the bytes of those files on disk' },
          purged: { ...count, description: 'recordings deleted by retention or by hand (their rows stay)' },
          retentionDays: { type: ['integer', 'null'], description: "the queue's recordingRetentionDays; null: kept forever" },
        },
      },
    },
    lastPurge: {
      type: 'object',
      required: ['at', 'purged', 'failed', 'bytesFreed'],
      additionalProperties: false,
      properties: { at: { type: 'integer' }, purged: count, failed: count, bytesFreed: count },
    },
  },
} as const;

export async function registerRecordingStorageRoutes(app: FastifyInstance, deps: RecordingStorageRouteDeps): Promise<void> {
  app.get(
    '/api/recordings/storage',
    {
      config: { permission: 'config.edit' },
      schema: { summary: 'Storage used by recordings: the folder on disk, and per queue from the rows (admins)', tags: ['calls'], response: { 200: recordingStorageResponse } },
    },
    async () => {
      const [listing, figures, retentions, last] = await Promise.all([deps.disk.listing(), deps.figures.figuresByQueue(), deps.retention.retentions(), deps.retention.lastPurgeRun()]);
      const files = await keptFilesByQueue(deps.figures, listing);
      const days = new Map(retentions.map((r) => [r.queueId, r.days]));
      // Queues with a retention but no recording yet are listed too, so the setting shows.
      const queues = [...figures, ...retentions.filter((r) => !figures.some((f) => f.queueId === r.queueId)).map((r) => ({ queueId: r.queueId, kept: 0, keptDurationMs: 0, purged: 0 }))];
      return {
        folder: folderTotals(listing),
        queues: queues.map((q) => {
          const onDisk = files.get(q.queueId) ?? { files: 0, bytes: 0 };
          return { ...q, keptFiles: onDisk.files, keptBytes: onDisk.bytes, retentionDays: q.queueId !== undefined ? (days.get(q.queueId) ?? null) : null };
        }),
        ...(last ? { lastPurge: { at: last.startedAt, purged: last.purged, failed: last.failed, bytesFreed: last.bytesFreed } } : {}),
      };
    },
  );
}

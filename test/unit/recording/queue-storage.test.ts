import { describe, expect, it } from 'vitest';
import type { KeptRecording } from '../../../src/recording/ports.js';
import { folderTotals, keptFilesByQueue } from '../../../src/recording/queue-storage.js';

const KEPT: KeptRecording[] = [
  { id: 'r1', name: 'call-1', queueId: 'sales' },
  { id: 'r2', name: 'call-2', queueId: 'sales' },
  { id: 'r3', name: 'call-3', queueId: 'legal' },
  { id: 'r4', name: 'call-4' },
  { id: 'r5', name: 'call-5', queueId: 'sales' },
];

/** The rows as the store pages them: by id after the last one seen. */
const rows = (pages: string[]) => ({
  keptRecordings: async (after: string | undefined, limit: number) => {
    pages.push(after ?? '-');
    return KEPT.filter((r) => after === undefined || r.id > after).slice(0, limit);
  },
});

describe('the files of each queue\'s kept recordings', () => {
  it('given kept rows over several pages and a folder with .wav, .wav16, missing and foreign files then per queue the files found and their bytes', async () => {
    const listing = new Map([
      ['call-1.wav', 1000],
      ['call-2.wav16', 300],
      ['call-4.wav', 7],
      ['call-5.wav', 20],
      ['call-9.wav', 5000], // a purged recording's file left behind: no kept row names it
      ['voicemail-1.wav', 40],
    ]);
    const pages: string[] = [];
    const byQueue = await keptFilesByQueue(rows(pages), listing, 2);
    expect(Object.fromEntries([...byQueue].map(([q, f]) => [q ?? 'none', f]))).toEqual({
      sales: { files: 3, bytes: 1320 },
      legal: { files: 0, bytes: 0 }, // kept, but its file is not in the folder
      none: { files: 1, bytes: 7 },
    });
    expect(pages).toEqual(['-', 'r2', 'r4']);
    expect(folderTotals(listing)).toEqual({ files: 6, bytes: 6367 });
  });
});

/**
 * The disk space each queue's kept recordings take, for the admins' storage panel. The rows say
 * which recordings are kept and for which queue; only the folder knows their sizes (no row stores
 * one). So the folder is listed once and the kept rows are read page by page against it: a kept
 * recording whose file is not there (never written, lost) counts as a recording but adds no file,
 * which is exactly the gap an admin should see.
 */
import type { RecordingFiguresReader } from './ports.js';

/** As the recorder writes them (Asterisk may write `.wav16`); fs-recording-disk.ts removes the same. */
const EXTENSIONS = ['.wav', '.wav16'];
const PAGE = 5000;

export interface QueueFiles {
  files: number;
  bytes: number;
}

/** Per queue (undefined: calls without a queue), the files of its kept recordings found in `listing` (file name -> bytes). */
export async function keptFilesByQueue(rows: Pick<RecordingFiguresReader, 'keptRecordings'>, listing: ReadonlyMap<string, number>, pageSize = PAGE): Promise<Map<string | undefined, QueueFiles>> {
  const out = new Map<string | undefined, QueueFiles>();
  let after: string | undefined;
  for (;;) {
    const page = await rows.keptRecordings(after, pageSize);
    for (const r of page) {
      const sum = out.get(r.queueId) ?? { files: 0, bytes: 0 };
      for (const ext of EXTENSIONS) {
        const bytes = listing.get(`${r.name}${ext}`);
        if (bytes === undefined) continue;
        sum.files += 1;
        sum.bytes += bytes;
      }
      out.set(r.queueId, sum);
    }
    if (page.length < pageSize) return out;
    after = page.at(-1)?.id;
  }
}

/** The whole folder's files and bytes, from the same listing. */
export function folderTotals(listing: ReadonlyMap<string, number>): QueueFiles {
  let bytes = 0;
  for (const b of listing.values()) bytes += b;
  return { files: listing.size, bytes };
}

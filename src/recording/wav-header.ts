/**
 * The WAV (RIFF) header of a recording the media server was still writing when the process that
 * drove it died. Asterisk and FreeSWITCH write the RIFF and data chunk sizes when a recording
 * stops; cut off, the file keeps its samples but says 0 (or an old size), and players stop at
 * once or refuse it. Pure: bytes in, verdict (and the fixed header) out.
 */

export type WavVerdict =
  /** The sizes already match the file. */
  | { kind: 'complete'; durationMs: number }
  /** The sizes were wrong; `header` is the first `header.length` bytes to write back. */
  | { kind: 'repairable'; header: Uint8Array; durationMs: number }
  /** Not a WAV file we can read (no RIFF/WAVE, no fmt or data chunk): left untouched. */
  | { kind: 'damaged'; reason: string };

const text = (b: Uint8Array, at: number): string => String.fromCharCode(...b.subarray(at, at + 4));

/**
 * `head` is the start of the file (at least up to the data chunk header; 4 KiB is plenty for
 * what Asterisk and FreeSWITCH write), `fileSize` the size of the whole file on disk.
 */
export function checkWav(head: Uint8Array, fileSize: number): WavVerdict {
  if (head.length < 12 || text(head, 0) !== 'RIFF' || text(head, 8) !== 'WAVE') return { kind: 'damaged', reason: 'no RIFF/WAVE header' };
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let at = 12;
  let byteRate = 0;
  let blockAlign = 1;
  while (at + 8 <= head.length) {
    const id = text(head, at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      if (at + 24 > head.length) break;
      byteRate = view.getUint32(at + 16, true);
      blockAlign = Math.max(1, view.getUint16(at + 20, true));
    } else if (id === 'data') {
      if (byteRate === 0) return { kind: 'damaged', reason: 'data chunk before a usable fmt chunk' };
      const dataStart = at + 8;
      const available = Math.max(0, fileSize - dataStart);
      // A sample cut in half at the crash is dropped.
      const dataSize = available - (available % blockAlign);
      const riffSize = dataStart + dataSize - 8;
      const durationMs = Math.round((dataSize / byteRate) * 1000);
      if (size === dataSize && view.getUint32(4, true) === riffSize) return { kind: 'complete', durationMs };
      const header = head.slice(0, dataStart);
      const fixed = new DataView(header.buffer);
      fixed.setUint32(4, riffSize, true);
      fixed.setUint32(at + 4, dataSize, true);
      return { kind: 'repairable', header, durationMs };
    }
    // Chunks are word-aligned; a size that runs past the file means a torn header.
    at += 8 + size + (size % 2);
  }
  return { kind: 'damaged', reason: 'no data chunk' };
}

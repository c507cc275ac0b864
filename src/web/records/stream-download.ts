/**
 * Downloads an export while it streams: the bytes are counted as they arrive (the page shows
 * them), then saved under the name the daemon gave. fetch rather than a plain link because a link
 * shows no progress inside the page and turns a coded refusal (EXPORT_TOO_LARGE) into a saved
 * error file.
 */
import { ApiError } from '../api/http.js';
import type { ErrorCode } from '../api/types.js';

export async function streamDownload(url: string, onBytes: (received: number) => void, signal?: AbortSignal): Promise<{ bytes: number; fileName: string }> {
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', ...(signal ? { signal } : {}) });
  } catch (err) {
    throw new ApiError(0, 'NETWORK', `GET ${url}: the server could not be reached`, { cause: String(err) });
  }
  if (!res.ok || !res.body) {
    let e: { code?: ErrorCode; message?: string; details?: unknown } = {};
    try {
      e = JSON.parse(await res.text()) as typeof e;
    } catch {
      // Not the daemon's JSON error (a proxy's page): answered as BAD_ANSWER below.
    }
    throw new ApiError(res.status, e.code ?? 'BAD_ANSWER', e.message ?? `GET ${url}: ${res.status}`, e.details);
  }
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    received += value.byteLength;
    onBytes(received);
  }
  const fileName = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'call-records.csv';
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob(parts as BlobPart[], { type: res.headers.get('content-type') ?? 'text/csv' }));
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return { bytes: received, fileName };
}

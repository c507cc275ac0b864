import type { HttpLookupPort, HttpLookupRequest } from '../ports.js';

/** CRM lookups with the platform's fetch; the IVR node applies the timeout through its clock. */
export class FetchHttpLookup implements HttpLookupPort {
  async fetchJson(request: HttpLookupRequest): Promise<unknown> {
    const res = await fetch(request.url, {
      method: request.method,
      signal: request.signal,
      headers: { accept: 'application/json', ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(request.url).host}`);
    return res.json();
  }
}

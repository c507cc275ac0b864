/**
 * A CRM endpoint on 127.0.0.1, port 0, for the CRM lookup's tests: each test says how it answers
 * (JSON, an HTTP status, never), and every request it got is kept (method, URL, headers, body).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type CrmBehaviour = { kind: 'json'; status?: number; body: unknown } | { kind: 'status'; status: number } | { kind: 'hang' };

export interface CrmServer {
  url: string;
  seen: SeenRequest[];
  behave(b: CrmBehaviour | ((r: SeenRequest) => CrmBehaviour)): void;
  close(): Promise<void>;
}

export async function startCrmServer(): Promise<CrmServer> {
  const seen: SeenRequest[] = [];
  let behaviour: (r: SeenRequest) => CrmBehaviour = () => ({ kind: 'status', status: 404 });
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(r);
      const b = behaviour(r);
      if (b.kind === 'hang') return;
      if (b.kind === 'status') {
        res.writeHead(b.status, { 'content-type': 'text/plain' }).end('no');
        return;
      }
      res.writeHead(b.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(b.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/crm/lookup`,
    seen,
    behave(b) {
      behaviour = typeof b === 'function' ? b : () => b;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

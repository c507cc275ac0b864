/**
 * The softphone test's page: page/page-entry.ts (the module under test and the far end) bundled
 * by vite's build API at test time, nothing written to disk, served from 127.0.0.1 (a secure
 * context, so getUserMedia and RTCPeerConnection behave as on an HTTPS toolbar).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ENTRY = fileURLToPath(new URL('./page/page-entry.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export async function bundlePage(): Promise<string> {
  const result = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'silent',
    publicDir: false,
    build: { write: false, minify: false, target: 'es2022', lib: { entry: ENTRY, formats: ['es'], fileName: 'page' } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  for (const out of outputs) {
    if (!('output' in out)) continue;
    const entry = out.output.find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
    if (entry && entry.type === 'chunk') return entry.code;
  }
  throw new Error('vite produced no entry chunk for the softphone test page');
}

export interface TestPage {
  url: string;
  close(): Promise<void>;
}

export async function servePage(script: string): Promise<TestPage> {
  const html = '<!doctype html><meta charset="utf-8"><title>softphone test</title><script type="module" src="/page.js"></script>';
  const server: Server = createServer((req, res) => {
    if (req.url === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(html);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

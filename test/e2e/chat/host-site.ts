/**
 * A stranger's web site for the widget's browser tests: one plain HTML page on its own origin
 * (127.0.0.1, port 0: another origin than the daemon's), with hostile CSS of its own (big serif
 * fonts, every button red, every box shifted), embedding the widget with the one script tag a
 * site owner copies.
 */
import { createServer, type Server } from 'node:http';

export interface HostSite {
  url: string;
  close(): Promise<void>;
}

/** The page a site owner writes: their own content and styles, plus the widget's script tag. */
export function hostPage(daemonBase: string, attrs: Record<string, string>): string {
  const data = Object.entries(attrs)
    .map(([k, v]) => ` data-${k}="${v.replace(/"/g, '&quot;')}"`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Bikes</title>
<style>
  body { font: 22px/2 Georgia, serif; color: #402; background: #fffbe8; margin: 0; padding: 24px; }
  * { box-sizing: content-box; }
  button { background: red !important; font-size: 30px; padding: 20px; border: 5px dotted green; }
  div, section, ol, li, p { margin: 7px; padding: 9px; }
  textarea, input { font-family: cursive; width: 50px; }
</style></head>
<body>
<h1>Acme Bikes</h1>
<p>Fast bikes, friendly people. Questions? Use the chat in the corner.</p>
<button type="button" id="site-button">Site button</button>
<script src="${daemonBase}/widget.js"${data} async></script>
</body></html>`;
}

export async function startHostSite(daemonBase: string, attrs: Record<string, string>): Promise<HostSite> {
  const server: Server = createServer((req, res) => {
    // The site's other pages (a visitor's trail): /pages/<anything>, the same page with the widget.
    if (req.url === '/' || req.url?.startsWith('/?') || req.url?.startsWith('/pages/')) {
      const lang = new URL(req.url, 'http://x').searchParams.get('lang');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(hostPage(daemonBase, lang ? { ...attrs, lang } : attrs));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    // localhost, not 127.0.0.1: a different origin (and site) than the daemon's 127.0.0.1.
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

/**
 * A client process of the ws benchmark (test/bench/ws.ts forks it): opens the /api/ws sockets it is
 * given, counts the agent.state_changed events each receives and the delay from the event's
 * `at` (the daemon's clock when the routing engine made the change) to its arrival here, in a
 * histogram of whole milliseconds. Talks to the parent over the fork IPC channel.
 *
 *   parent -> { cmd: 'connect', url, tokens }   -> { ev: 'connected', ok, failed }
 *   parent -> { cmd: 'reset' }                  -> { ev: 'reset' }            (counters to zero)
 *   parent -> { cmd: 'report' }                 -> { ev: 'report', received, hist, closes, cpuMs }
 *   parent -> { cmd: 'exit' }
 */
import WebSocket from 'ws';

const PREFIX = '{"type":"event","event":{"type":"agent.state_changed","at":';
const MAX_MS = 60_000;

type Command = { cmd: 'connect'; url: string; tokens: string[] } | { cmd: 'reset' } | { cmd: 'report' } | { cmd: 'exit' };

const sockets: WebSocket[] = [];
let received: number[] = [];
let hist = new Uint32Array(MAX_MS + 1);
let closes: Record<string, number> = {};
let cpu = process.cpuUsage();

function send(msg: unknown): void {
  process.send?.(msg);
}

function open(url: string, index: number): Promise<boolean> {
  return new Promise((resolve) => {
    // The measuring side keeps its own cost low: no UTF-8 check, only the frame's head is read.
    const ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    let hello = false;
    ws.on('message', (data: Buffer) => {
      if (!hello) {
        hello = true;
        resolve(true);
        return;
      }
      const s = data.toString('latin1', 0, PREFIX.length + 20);
      if (!s.startsWith(PREFIX)) return;
      const at = Number(s.slice(PREFIX.length, s.indexOf(',', PREFIX.length)));
      const ms = Math.max(0, Math.min(MAX_MS, Date.now() - at));
      hist[ms] = (hist[ms] ?? 0) + 1;
      received[index] = (received[index] ?? 0) + 1;
    });
    ws.on('close', (code) => {
      closes[code] = (closes[code] ?? 0) + 1;
      if (!hello) resolve(false);
    });
    ws.on('error', () => undefined);
    sockets[index] = ws;
  });
}

async function connect(url: string, tokens: string[]): Promise<{ ok: number; failed: number }> {
  received = tokens.map(() => 0);
  let next = 0;
  let ok = 0;
  let failed = 0;
  const lane = async () => {
    while (next < tokens.length) {
      const i = next++;
      if (await open(`${url}?token=${tokens[i] ?? ''}`, i)) ok++;
      else failed++;
    }
  };
  await Promise.all(Array.from({ length: 32 }, lane));
  return { ok, failed };
}

process.on('message', (msg: Command) => {
  switch (msg.cmd) {
    case 'connect':
      void connect(msg.url, msg.tokens).then((r) => send({ ev: 'connected', ...r }));
      return;
    case 'reset':
      received = received.map(() => 0);
      hist = new Uint32Array(MAX_MS + 1);
      closes = {};
      cpu = process.cpuUsage();
      send({ ev: 'reset' });
      return;
    case 'report': {
      const pairs: [number, number][] = [];
      hist.forEach((n, ms) => {
        if (n > 0) pairs.push([ms, n]);
      });
      const used = process.cpuUsage(cpu);
      send({ ev: 'report', received, hist: pairs, closes, cpuMs: (used.user + used.system) / 1000 });
      return;
    }
    case 'exit':
      for (const ws of sockets) ws.terminate();
      process.exit(0);
  }
});

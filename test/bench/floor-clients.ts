/**
 * A client process of the floor benchmark (test/bench/floor.ts forks it): opens the /api/ws sockets it
 * is given (supervisor consoles and wall displays), and keeps, per socket, the `at` of every
 * floor.changed it receives (the daemon's clock at the recount) with its arrival time here. At
 * report time the parent sends the moments of its state changes; for each change and socket the
 * delay is from the change to the arrival of the first recount made at or after it (the first
 * figures that include it). Talks to the parent over the fork IPC channel.
 *
 *   parent -> { cmd: 'connect', url, tokens }   -> { ev: 'connected', ok, failed }
 *   parent -> { cmd: 'reset' }                  -> { ev: 'reset' }
 *   parent -> { cmd: 'report', changes }        -> { ev: 'report', hist, missing, frames, cpuMs }
 *   parent -> { cmd: 'exit' }
 */
import WebSocket from 'ws';

const PREFIX = '{"type":"event","event":{"type":"floor.changed","at":';
const MAX_MS = 60_000;

type Command = { cmd: 'connect'; url: string; tokens: string[] } | { cmd: 'reset' } | { cmd: 'report'; changes: number[] } | { cmd: 'exit' };

const sockets: WebSocket[] = [];
/** Per socket: recount moments and arrival moments, in arrival order. */
let seen: { at: number[]; arrived: number[] }[] = [];
let cpu = process.cpuUsage();

function open(url: string, index: number): Promise<boolean> {
  return new Promise((resolve) => {
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
      const mine = seen[index];
      if (!mine) return;
      mine.at.push(Number(s.slice(PREFIX.length, s.indexOf(',', PREFIX.length))));
      mine.arrived.push(Date.now());
    });
    ws.on('close', () => {
      if (!hello) resolve(false);
    });
    ws.on('error', () => undefined);
    sockets[index] = ws;
  });
}

async function connect(url: string, tokens: string[]): Promise<{ ok: number; failed: number }> {
  seen = tokens.map(() => ({ at: [], arrived: [] }));
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
  await Promise.all(Array.from({ length: 16 }, lane));
  return { ok, failed };
}

/** Index of the first value >= t in an ascending list (its length when none). */
function firstAtOrAfter(xs: number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function report(changes: number[]): { hist: [number, number][]; missing: number; frames: number } {
  const hist = new Uint32Array(MAX_MS + 1);
  let missing = 0;
  let frames = 0;
  for (const s of seen) {
    frames += s.at.length;
    for (const t of changes) {
      const i = firstAtOrAfter(s.at, t);
      const arrived = s.arrived[i];
      if (arrived === undefined) {
        missing++;
        continue;
      }
      const ms = Math.max(0, Math.min(MAX_MS, arrived - t));
      hist[ms] = (hist[ms] ?? 0) + 1;
    }
  }
  const pairs: [number, number][] = [];
  hist.forEach((n, ms) => {
    if (n > 0) pairs.push([ms, n]);
  });
  return { hist: pairs, missing, frames };
}

process.on('message', (msg: Command) => {
  switch (msg.cmd) {
    case 'connect':
      void connect(msg.url, msg.tokens).then((r) => process.send?.({ ev: 'connected', ...r }));
      return;
    case 'reset':
      seen = seen.map(() => ({ at: [], arrived: [] }));
      cpu = process.cpuUsage();
      process.send?.({ ev: 'reset' });
      return;
    case 'report': {
      const used = process.cpuUsage(cpu);
      process.send?.({ ev: 'report', ...report(msg.changes), cpuMs: (used.user + used.system) / 1000 });
      return;
    }
    case 'exit':
      for (const ws of sockets) ws.terminate();
      process.exit(0);
  }
});

/**
 * Seed corpora for the fuzz targets: the recorded PBX frames in test/fixtures (real Asterisk 22
 * and FreeSWITCH 1.10 captures), the example IVR flows and valid WebSocket frames. Mutating real
 * input reaches the deep branches (a StasisStart with one field broken) that random bytes never
 * do. `SWITCHBOARD_FUZZ_EXTRA_SEEDS=<dir>` adds a folder of more captures (same layout as
 * test/fixtures: asterisk/ami/*.txt|jsonl, asterisk/flows|ari/*.jsonl, freeswitch/**\/*.txt).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
const repoRoot = ROOT.endsWith('dist') ? resolve(ROOT, '..') : ROOT;

function filesUnder(dir: string, accept: (name: string) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return []; // an extra seeds folder without this part
  }
  const out: string[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, accept));
    else if (accept(name)) out.push(path);
  }
  return out;
}

function roots(): string[] {
  const extra = process.env.SWITCHBOARD_FUZZ_EXTRA_SEEDS;
  return [join(repoRoot, 'test', 'fixtures'), ...(extra ? [extra] : [])];
}

/** The server side of each recorded AMI session, as the daemon's socket received it. */
export function amiSeeds(): Buffer[] {
  const out: Buffer[] = [];
  for (const root of roots()) {
    for (const f of filesUnder(join(root, 'asterisk', 'ami'), (n) => n.endsWith('.server.txt'))) out.push(readFileSync(f));
    for (const f of filesUnder(join(root, 'asterisk', 'ami'), (n) => n.endsWith('.jsonl'))) {
      const received = readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as { dir?: string; data?: string })
        .filter((r) => r.dir === 'S->C' && typeof r.data === 'string')
        .map((r) => r.data as string);
      if (received.length > 0) out.push(Buffer.from(received.join('')));
    }
  }
  return out;
}

/** Every recorded ARI event, one JSON text each. */
export function ariEventSeeds(): string[] {
  const out: string[] = [];
  for (const root of roots()) {
    for (const f of filesUnder(join(root, 'asterisk'), (n) => n.endsWith('.events.jsonl'))) {
      for (const line of readFileSync(f, 'utf8').split('\n')) if (line.trim() !== '') out.push(line);
    }
    const named = join(root, 'asterisk', 'ari-events.json');
    try {
      for (const e of Object.values(JSON.parse(readFileSync(named, 'utf8')) as Record<string, unknown>)) out.push(JSON.stringify(e));
    } catch {
      // no such file in an extra seeds folder
    }
  }
  return out;
}

/** Recorded ARI REST answers: status and body. */
export function ariRestSeeds(): { status: number; body: string }[] {
  const out: { status: number; body: string }[] = [];
  for (const root of roots()) {
    try {
      const recorded = JSON.parse(readFileSync(join(root, 'asterisk', 'ari-rest.json'), 'utf8')) as Record<string, { response?: { status?: number; body?: unknown } }>;
      for (const r of Object.values(recorded)) {
        if (r.response?.status === undefined) continue;
        out.push({ status: r.response.status, body: r.response.body === null || r.response.body === undefined ? '' : JSON.stringify(r.response.body) });
      }
    } catch {
      // no such file in an extra seeds folder
    }
  }
  return out;
}

/** What FreeSWITCH sent on recorded event sockets (inbound, outbound, the call flows). */
export function eslSeeds(): Buffer[] {
  const out: Buffer[] = [];
  for (const root of roots()) {
    for (const f of filesUnder(join(root, 'freeswitch'), (n) => n.endsWith('.txt') && !n.endsWith('.client.txt'))) out.push(readFileSync(f));
  }
  return out;
}

/** Event bodies (what follows the frame head) of the call-flow captures, plain and json. */
export function eslEventBodySeeds(): { format: 'plain' | 'json'; body: Buffer }[] {
  const out: { format: 'plain' | 'json'; body: Buffer }[] = [];
  for (const stream of eslSeeds()) {
    let at = 0;
    for (;;) {
      const head = stream.indexOf('\n\n', at);
      if (head < 0) break;
      const text = stream.toString('utf8', at, head);
      const length = /Content-Length: (\d+)/.exec(text);
      const type = /Content-Type: (text\/event-(plain|json))/.exec(text);
      const n = length ? Number(length[1]) : 0;
      if (type && n > 0) out.push({ format: type[2] === 'json' ? 'json' : 'plain', body: stream.subarray(head + 2, head + 2 + n) });
      at = head + 2 + n;
      while (stream[at] === 0x0a) at++;
      if (at >= stream.length) break;
    }
  }
  return out;
}

/** The example IVR flows shipped in ivr-flows/. */
export function ivrFlowSeeds(): { name: string; source: string }[] {
  return filesUnder(join(repoRoot, 'ivr-flows'), (n) => n.endsWith('.yaml')).map((f) => ({
    name: f.slice(f.lastIndexOf('/') + 1, -'.yaml'.length),
    source: readFileSync(f, 'utf8'),
  }));
}

/**
 * The fuzz targets: every decoder of outside input, fed arbitrary and mutated-real input. Each
 * property states the same contract: no crash (only a coded AppError, or a coded error frame,
 * ever leaves), no hang (every input is handled within MAX_INPUT_MS, checked per input), no
 * unbounded buffer (a streaming parser never holds more than its limit plus one read).
 *
 * Used twice: by test/unit/fuzz (a few hundred inputs each, in `npm test`) and by test/fuzz/run.ts
 * (`npm run fuzz`, as many as a time budget allows).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { AmiParser } from '../../src/pbx/asterisk/ami-parser.js';
import { decodeAriEvent } from '../../src/pbx/asterisk/ari-decode.js';
import { AriHttpClient, mapError } from '../../src/pbx/asterisk/ari-http.js';
import { ChannelTracker } from '../../src/pbx/asterisk/channel-tracker.js';
import { EslParser } from '../../src/pbx/freeswitch/esl-parser.js';
import { eventOfFrame, parseJsonEvent, parsePlainEvent, type EslEvent } from '../../src/pbx/freeswitch/esl-event.js';
import { validateFlowSource } from '../../src/ivr/validator.js';
import { parseClientMessage } from '../../src/api/ws/messages.js';
import { parseVisitorFrame } from '../../src/api/ws/widget-frames.js';
import { isVisitorFrameType } from '../../src/chat/protocol.js';
import { wavBytes } from '../../src/pbx/shared/wav.js';
import { WavPeakReader } from '../../src/recording/wav-peaks.js';
import { ERROR_CATALOGUE, isAppError } from '../../src/core/errors.js';
import { silentLogger } from '../../src/core/log.js';
import { chunked, mutatedBytes, mutatedJson, mutatedText, noiseBytes } from './mutate.js';
import { amiSeeds, ariEventSeeds, ariRestSeeds, eslEventBodySeeds, eslSeeds, ivrFlowSeeds } from './seeds.js';

/** One input taking longer than this is a hang (generous: two shared cores under test load). */
export const MAX_INPUT_MS = 2_000;

export interface FuzzTarget {
  name: string;
  property(): fc.IRawProperty<unknown, boolean>;
  /** Resources a property needs (a local server); released by teardown. */
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
}

/** Throws unless `err` is a coded AppError of one of `codes`. */
function expectCoded(err: unknown, codes: readonly string[], where: string): void {
  if (!isAppError(err) || !codes.includes(err.code)) {
    throw new Error(`${where}: expected a coded error (${codes.join(', ')}), got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
}

function expectCatalogued(code: unknown, where: string): void {
  if (typeof code !== 'string' || !(code in ERROR_CATALOGUE)) throw new Error(`${where}: error frame with an unknown code ${String(code)}`);
}

function timed<T>(fn: (input: T) => void): (input: T) => void {
  return (input) => {
    const started = performance.now();
    fn(input);
    const ms = performance.now() - started;
    if (ms > MAX_INPUT_MS) throw new Error(`one input took ${Math.round(ms)} ms (limit ${MAX_INPUT_MS} ms)`);
  };
}

function timedAsync<T>(fn: (input: T) => Promise<void>): (input: T) => Promise<void> {
  return async (input) => {
    const started = performance.now();
    await fn(input);
    const ms = performance.now() - started;
    if (ms > MAX_INPUT_MS) throw new Error(`one input took ${Math.round(ms)} ms (limit ${MAX_INPUT_MS} ms)`);
  };
}

// --- AMI ------------------------------------------------------------------------------------

const AMI_LIMIT = 4096;

const ami: FuzzTarget = {
  name: 'ami-parser',
  property: () => {
    const seeds = amiSeeds();
    return fc.property(
      chunked(fc.oneof({ weight: 3, arbitrary: mutatedBytes(seeds) }, { weight: 1, arbitrary: noiseBytes(3 * AMI_LIMIT) })),
      timed((reads: Buffer[]) => {
        const parser = new AmiParser(
          {
            banner: (text) => {
              if (typeof text !== 'string') throw new Error('banner is not text');
            },
            message: (msg) => {
              for (const [k, v] of Object.entries(msg)) if (typeof v !== 'string') throw new Error(`AMI field ${k} is not a string`);
            },
            error: (err) => expectCoded(err, ['PBX_PROTOCOL'], 'ami'),
          },
          { maxMessageBytes: AMI_LIMIT },
        );
        for (const read of reads) {
          parser.push(read);
          if (parser.bufferedBytes() > AMI_LIMIT) throw new Error(`AMI parser holds ${parser.bufferedBytes()} bytes (limit ${AMI_LIMIT})`);
        }
      }),
    );
  },
};

// --- ESL ------------------------------------------------------------------------------------

const ESL_LIMITS = { maxHeaderBytes: 2048, maxBodyBytes: 16 * 1024 };
const HEADER_NAMES = ['Event-Name', 'Unique-ID', 'Job-UUID', 'Content-Length', 'Hangup-Cause', 'variable_sip_h_X-Foo', 'Caller-Caller-ID-Number', '__proto__', 'constructor'];

/** Reads an event as the adapter does: name, a few headers, all headers, the body. */
function readEvent(event: EslEvent): void {
  void event.name;
  for (const h of HEADER_NAMES) {
    const v = event.get(h);
    if (v !== undefined && typeof v !== 'string') throw new Error(`header ${h} is not text`);
  }
  for (const [k, v] of Object.entries(event.headers)) if (typeof v !== 'string') throw new Error(`header ${k} is not text`);
  const body = event.body;
  if (body !== undefined && typeof body !== 'string') throw new Error('body is not text');
}

const esl: FuzzTarget = {
  name: 'esl-parser',
  property: () => {
    const seeds = eslSeeds();
    return fc.property(
      chunked(fc.oneof({ weight: 3, arbitrary: mutatedBytes(seeds) }, { weight: 1, arbitrary: noiseBytes(3 * ESL_LIMITS.maxHeaderBytes) })),
      timed((reads: Buffer[]) => {
        const parser = new EslParser((frame) => {
          try {
            const event = eventOfFrame(frame);
            if (event) readEvent(event);
          } catch (err) {
            expectCoded(err, ['PBX_PROTOCOL'], 'esl event');
          }
        }, ESL_LIMITS);
        for (const read of reads) {
          try {
            parser.push(read);
          } catch (err) {
            expectCoded(err, ['PBX_PROTOCOL'], 'esl framing');
            if (parser.bufferedBytes() !== 0) throw new Error('a refused frame left bytes behind');
            return; // the connection drops the link here
          }
          const limit = Math.max(ESL_LIMITS.maxHeaderBytes, ESL_LIMITS.maxBodyBytes);
          if (parser.bufferedBytes() > limit) throw new Error(`ESL parser holds ${parser.bufferedBytes()} bytes (limit ${limit})`);
        }
      }),
    );
  },
};

const eslEvents: FuzzTarget = {
  name: 'esl-events',
  property: () => {
    const seeds = eslEventBodySeeds();
    const plain = seeds.filter((s) => s.format === 'plain').map((s) => s.body);
    const json = seeds.filter((s) => s.format === 'json').map((s) => s.body);
    return fc.property(
      fc.oneof(
        fc.tuple(fc.constant('plain' as const), fc.oneof(mutatedBytes(plain), noiseBytes())),
        fc.tuple(fc.constant('json' as const), fc.oneof(mutatedBytes(json), noiseBytes(), fc.jsonValue().map((v) => Buffer.from(JSON.stringify(v) ?? 'null')))),
      ),
      timed(([format, body]: ['plain' | 'json', Buffer]) => {
        try {
          readEvent(format === 'plain' ? parsePlainEvent(body) : parseJsonEvent(body));
        } catch (err) {
          expectCoded(err, ['PBX_PROTOCOL'], `esl ${format} event`);
        }
      }),
    );
  },
};

// --- ARI ------------------------------------------------------------------------------------

const ariEvents: FuzzTarget = {
  name: 'ari-events',
  property: () => {
    const seeds = ariEventSeeds();
    return fc.property(
      fc.oneof({ weight: 4, arbitrary: mutatedJson(seeds) }, { weight: 1, arbitrary: mutatedText(seeds) }, { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null') }),
      timed((text: string) => {
        let event;
        try {
          event = decodeAriEvent(text);
        } catch (err) {
          expectCoded(err, ['PBX_PROTOCOL'], 'ari event');
          return;
        }
        // What the decoder lets through, the tracker must handle without throwing.
        const tracker = new ChannelTracker('cti', () => undefined, silentLogger);
        for (const seed of seeds.slice(0, 3)) tracker.handle(decodeAriEvent(seed));
        tracker.handle(event);
      }),
    );
  },
};

let restServer: http.Server | undefined;
let restClient: AriHttpClient | undefined;
let nextAnswer: { status: number; body: Buffer } = { status: 200, body: Buffer.alloc(0) };

const ariRest: FuzzTarget = {
  name: 'ari-rest',
  setup: async () => {
    restServer = http.createServer((req, res) => {
      req.resume();
      res.writeHead(nextAnswer.status, { 'content-type': 'application/json' });
      res.end(nextAnswer.body);
    });
    await new Promise<void>((resolve) => restServer!.listen(0, '127.0.0.1', resolve));
    const port = (restServer.address() as AddressInfo).port;
    restClient = new AriHttpClient({ baseUrl: `http://127.0.0.1:${port}/ari`, username: 'u', password: 'p', timeoutMs: MAX_INPUT_MS });
  },
  teardown: async () => {
    restClient?.close();
    await new Promise<void>((resolve) => (restServer ? restServer.close(() => resolve()) : resolve()));
    restServer = restClient = undefined;
  },
  property: () => {
    const seeds = ariRestSeeds();
    const bodies = seeds.map((s) => s.body).filter((b) => b !== '');
    const status = fc.oneof(fc.constantFrom(...seeds.map((s) => s.status)), fc.integer({ min: 200, max: 599 }));
    const body = fc.oneof(mutatedText(bodies), mutatedJson(bodies), fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), noiseBytes(256).map((b) => b.toString('latin1')));
    const path = fc.constantFrom('channels', 'channels/1.1/answer', 'bridges/b1/addChannel', 'channels/1.1/variable', 'recordings/live/x/stop');
    return fc.asyncProperty(
      fc.tuple(status, body, path),
      timedAsync(async ([s, b, p]: [number, string, string]) => {
        // The error mapping alone, on any parsed body.
        let parsed: unknown;
        try {
          parsed = JSON.parse(b);
        } catch {
          parsed = b;
        }
        const mapped = mapError(s, parsed, undefined, 'POST', `/${p}`);
        expectCoded(mapped, ['PBX_REJECTED', 'CHANNEL_GONE', 'BRIDGE_GONE'], 'ari mapError');
        // The whole client over a real socket.
        nextAnswer = { status: s, body: Buffer.from(b, 'utf8') };
        try {
          await restClient!.request('POST', p, { body: {} });
        } catch (err) {
          expectCoded(err, ['PBX_PROTOCOL', 'PBX_REJECTED', 'CHANNEL_GONE', 'BRIDGE_GONE'], 'ari rest');
        }
      }),
    ) as unknown as fc.IRawProperty<unknown, boolean>;
  },
};

// --- IVR ------------------------------------------------------------------------------------

const ivrEnv = {
  references: { queueExists: async () => true, calendarExists: async () => true },
  fileExists: async () => true,
  flowExists: () => true,
};

const ivr: FuzzTarget = {
  name: 'ivr-flows',
  property: () => {
    const seeds = ivrFlowSeeds();
    return fc.asyncProperty(
      fc.tuple(
        fc.oneof({ weight: 4, arbitrary: mutatedText(seeds.map((s) => s.source)) }, { weight: 1, arbitrary: noiseBytes(1024).map((b) => b.toString('utf8')) }),
        fc.constantFrom(...seeds.map((s) => s.name), 'Bad Name', ''),
      ),
      timedAsync(async ([source, name]: [string, string]) => {
        const result = await validateFlowSource(source, `${name}.yaml`, name, ivrEnv);
        for (const p of result.problems) {
          if (!(p.line >= 1 && p.col >= 1) || typeof p.reason !== 'string' || p.reason === '') throw new Error(`a problem without a place or reason: ${JSON.stringify(p)}`);
        }
        if (!result.flow && result.problems.length === 0) throw new Error('no flow and no problem');
      }),
    ) as unknown as fc.IRawProperty<unknown, boolean>;
  },
};

// --- WebSocket frames -------------------------------------------------------------------------

const AGENT_FRAMES = ['{"type":"ping"}', '{"type":"subscribe","topics":["agent","call.state_changed","*"]}'];

const agentSocket: FuzzTarget = {
  name: 'ws-agent-frames',
  property: () =>
    fc.property(
      fc.oneof(mutatedJson(AGENT_FRAMES), mutatedText(AGENT_FRAMES), fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), fc.string({ maxLength: 256 })),
      timed((text: string) => {
        const msg = parseClientMessage(text);
        if (msg.type === 'error') expectCatalogued(msg.code, 'agent frame');
        else if (msg.type === 'subscribe' && (!Array.isArray(msg.topics) || msg.topics.some((t) => typeof t !== 'string'))) throw new Error('subscribe with bad topics accepted');
        else if (msg.type !== 'ping' && msg.type !== 'subscribe') throw new Error(`unknown frame accepted: ${text}`);
      }),
    ),
};

const WIDGET_FRAMES = [
  '{"type":"hello","visitorToken":"vt_abc","chatId":"c1","resume":3}',
  '{"type":"start","queue":"support","name":"Ann","page":"https://example.com/"}',
  '{"type":"message","clientId":"m1","text":"hello"}',
  '{"type":"typing"}',
  '{"type":"end"}',
  '{"type":"page_view","url":"https://example.com/a","title":"A","referrer":""}',
  '{"type":"leave_message","clientId":"l1","templateId":"t1","fields":{"name":"Ann","phone":"+491"}}',
  '{"type":"survey","chatId":"c1","score":5,"comment":"ok"}',
  '{"type":"invitation_answer","invitationId":"i1","accept":true}',
];

const widgetSocket: FuzzTarget = {
  name: 'ws-widget-frames',
  property: () =>
    fc.property(
      fc.oneof(mutatedJson(WIDGET_FRAMES), mutatedText(WIDGET_FRAMES), fc.jsonValue().map((v) => JSON.stringify(v) ?? ''), noiseBytes(512).map((b) => b.toString('utf8'))),
      timed((text: string) => {
        const frame = parseVisitorFrame(Buffer.from(text));
        if (frame.type === 'error') expectCatalogued(frame.code, 'widget frame');
        else if (!isVisitorFrameType(frame.type)) throw new Error(`unknown frame accepted: ${text}`);
      }),
    ),
};

// --- Recording files (the waveform) ------------------------------------------------------------

/** WAV files as the PBXs and sox write them: plain 16-bit, 16 kHz, 8-bit stereo with a LIST chunk. */
function wavSeeds(): Buffer[] {
  const plain = wavBytes({ durationMs: 20, toneHz: 400 });
  const wide = wavBytes({ durationMs: 10, sampleRate: 16000, toneHz: 1000 });
  const stereo8 = Buffer.from(plain);
  stereo8.writeUInt16LE(2, 22);
  stereo8.writeUInt32LE(16000, 28);
  stereo8.writeUInt16LE(2, 32);
  stereo8.writeUInt16LE(8, 34);
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([5, 0, 0, 0]), Buffer.from('INFOx'), Buffer.from([0])]);
  const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
  withList.writeUInt32LE(withList.length - 8, 4);
  return [plain, wide, stereo8, withList];
}

const wavPeaksTarget: FuzzTarget = {
  name: 'wav-peaks',
  property: () => {
    const seeds = wavSeeds();
    return fc.property(
      fc.tuple(chunked(fc.oneof({ weight: 4, arbitrary: mutatedBytes(seeds) }, { weight: 1, arbitrary: noiseBytes(1024) })), fc.integer({ min: 1, max: 300 })),
      timed(([reads, buckets]: [Buffer[], number]) => {
        const reader = new WavPeakReader(
          reads.reduce((n, r) => n + r.length, 0),
          buckets,
        );
        try {
          for (const read of reads) {
            if (reader.push(read)) break;
            if (reader.bufferedBytes() > 1024) throw new Error(`the WAV reader holds ${reader.bufferedBytes()} bytes`);
          }
          const p = reader.finish();
          if (p.peaks.length !== buckets || p.peaks.some((v) => !(v >= 0 && v <= 1))) throw new Error(`bad peaks ${JSON.stringify(p.peaks)}`);
          if (!Number.isFinite(p.durationMs) || p.durationMs < 0) throw new Error(`bad duration ${p.durationMs}`);
        } catch (err) {
          expectCoded(err, ['RECORDING_UNREADABLE'], 'wav peaks');
        }
      }),
    );
  },
};

export const FUZZ_TARGETS: readonly FuzzTarget[] = [ami, esl, eslEvents, ariEvents, ariRest, ivr, agentSocket, widgetSocket, wavPeaksTarget];

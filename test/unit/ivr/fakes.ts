import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../src/core/clock.js';
import { InProcessEventBus, type DomainEvent } from '../../../src/core/events.js';
import { silentLogger, type Logger } from '../../../src/core/log.js';
import { FlowRegistry } from '../../../src/ivr/flow-registry.js';
import type {
  AbandonPoint,
  CalendarState,
  CallTrace,
  FlowFiles,
  FlowVersionRecord,
  FlowVersionStore,
  HttpLookupRequest,
  Recognizer,
  TraceStore,
  VoiceMessage,
} from '../../../src/ivr/ports.js';
import type { IvrResult } from '../../../src/ivr/run-context.js';
import { IvrRunner } from '../../../src/ivr/runner.js';
import { IvrService } from '../../../src/ivr/ivr-service.js';
import { SimulatedMediaServer } from '../../../src/pbx/sim/simulated-media-server.js';

export class MemoryFlowFiles implements FlowFiles {
  readonly dir = '/flows';
  readonly files = new Map<string, string>();
  readonly existing = new Set<string>();
  private listeners = new Set<(name: string) => void>();
  private errorListeners = new Set<(err: Error) => void>();

  async list() {
    return [...this.files.keys()].sort();
  }
  async read(name: string) {
    return this.files.get(name);
  }
  async write(name: string, source: string) {
    this.files.set(name, source);
  }
  fileOf(name: string) {
    return `/flows/${name}.yaml`;
  }
  watch(onChange: (name: string) => void, onError?: (err: Error) => void) {
    this.listeners.add(onChange);
    if (onError) this.errorListeners.add(onError);
    return () => {
      this.listeners.delete(onChange);
      if (onError) this.errorListeners.delete(onError);
    };
  }
  /** The folder goes away under the watcher (unmounted, deleted): the watch breaks. */
  breakWatch(err: Error) {
    for (const l of this.errorListeners) l(err);
    this.listeners.clear();
    this.errorListeners.clear();
  }
  async fileExists(p: string) {
    return this.existing.has(p);
  }
  /** An editor saves the file on disk. */
  edit(name: string, source: string) {
    this.files.set(name, source);
    for (const l of this.listeners) l(name);
  }
}

export class MemoryVersions implements FlowVersionStore {
  readonly rows: FlowVersionRecord[] = [];
  async recordVersion(v: Omit<FlowVersionRecord, 'version'>) {
    const mine = this.rows.filter((r) => r.flow === v.flow);
    const last = mine[mine.length - 1];
    if (last?.hash === v.hash) return last.version;
    const version = (last?.version ?? 0) + 1;
    this.rows.push({ ...v, version });
    return version;
  }
  async listVersions(flow: string) {
    return this.rows.filter((r) => r.flow === flow).reverse().map(({ source: _s, ...rest }) => rest);
  }
  async getVersion(flow: string, version: number) {
    return this.rows.find((r) => r.flow === flow && r.version === version);
  }
}

export class MemoryTraces implements TraceStore {
  readonly traces: CallTrace[] = [];
  async saveTrace(t: CallTrace) {
    this.traces.push(t);
  }
  async getTrace(callId: string) {
    return [...this.traces].reverse().find((t) => t.callId === callId);
  }
  async abandonPoints(): Promise<AbandonPoint[]> {
    return [];
  }
}

export interface Harness {
  clock: FakeClock;
  sim: SimulatedMediaServer;
  files: MemoryFlowFiles;
  versions: MemoryVersions;
  traces: MemoryTraces;
  registry: FlowRegistry;
  service: IvrService;
  events: DomainEvent[];
  calendar: { state: CalendarState };
  http: { answer: unknown; calls: HttpLookupRequest[]; hang: boolean; fail: boolean };
  messages: VoiceMessage[];
  callData: { callId: string; values: Record<string, string> }[];
  recognizer: { phrase: string | null; heardFiles: string[]; available: boolean };
  /** Override what the recognizer reads for a recording name (real speech tests). */
  recordingsDir: string;
  /** What the registry logged, level and message. */
  logs: { level: string; msg: string; obj: object }[];
  call(from: string, to: string, opts?: { flow?: string }): Promise<{ channelId: string; result: Promise<IvrResult & { trace: CallTrace }> }>;
}

export async function harness(flows: Record<string, string>, opts: { recognizer?: Recognizer; wavPathOf?: (name: string) => string } = {}): Promise<Harness> {
  const clock = new FakeClock();
  const recordingsDir = mkdtempSync(join(tmpdir(), 'ivr-rec-'));
  const sim = new SimulatedMediaServer({ clock, recordingsDir });
  await sim.connect();
  const files = new MemoryFlowFiles();
  for (const [n, s] of Object.entries(flows)) files.files.set(n, s);
  const bus = new InProcessEventBus();
  const events: DomainEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const versions = new MemoryVersions();
  const traces = new MemoryTraces();
  const calendar = { state: 'open' as CalendarState };
  const http = { answer: {} as unknown, calls: [] as HttpLookupRequest[], hang: false, fail: false };
  const messages: VoiceMessage[] = [];
  const callData: { callId: string; values: Record<string, string> }[] = [];
  const recognizerState = { phrase: null as string | null, heardFiles: [] as string[], available: true };
  const references = { queueExists: async () => true, calendarExists: async () => true };
  const logs: Harness['logs'] = [];
  const at = (level: string) => (obj: object, msg?: string) => logs.push({ level, msg: msg ?? '', obj });
  const log: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  const registry = new FlowRegistry({ files, versions, references, clock, events: bus, log, settleMs: 200 });
  await registry.loadAll();
  const runner = new IvrRunner({
    media: sim,
    clock,
    log: silentLogger,
    events: bus,
    tts: { synthesize: async (text) => `/tmp/tts/${text.replace(/[^a-z0-9]+/gi, '_').slice(0, 40) || 'x'}` },
    traces,
    services: {
      calendars: { stateAt: async () => calendar.state },
      http: {
        fetchJson: (req) => {
          http.calls.push(req);
          if (http.fail) return Promise.reject(new Error('connection refused'));
          if (http.hang) return new Promise((_r, reject) => req.signal.addEventListener('abort', () => reject(new Error('aborted'))));
          return Promise.resolve(http.answer);
        },
      },
      recognizer: opts.recognizer ?? {
        available: () => recognizerState.available,
        recognize: async (file) => {
          recognizerState.heardFiles.push(file);
          return { phrase: recognizerState.phrase };
        },
      },
      recordings: { wavPathOf: opts.wavPathOf ?? ((name) => sim.control.recordingFile(name)) },
      messages: {
        createMessage: async (m) => {
          messages.push(m);
          return `msg-${messages.length}`;
        },
      },
      callData: {
        save: async (callId, _flow, values) => {
          callData.push({ callId, values });
        },
      },
      flowsDir: '/flows',
    },
  });
  const service = new IvrService(registry, runner);
  return {
    clock,
    sim,
    files,
    versions,
    traces,
    registry,
    service,
    events,
    calendar,
    logs,
    http,
    messages,
    callData,
    recognizer: recognizerState,
    recordingsDir,
    async call(from, to, o = {}) {
      const channelId = await sim.control.placeInboundCall({ from, to });
      const snap = await sim.snapshot();
      const channel = snap.channels.find((c) => c.id === channelId);
      if (!channel) throw new Error('no channel');
      const result = service.handleInbound({ callId: `call-${channelId}`, channel, ...(o.flow ? { flow: o.flow } : {}) });
      await clock.advanceAsync(0);
      return { channelId, result };
    },
  };
}

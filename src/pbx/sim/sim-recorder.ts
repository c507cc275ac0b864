/**
 * Recordings on the simulated PBX. Time recorded is counted on the world's clock (paused spans
 * excluded) and written as a real PCM WAV at the asked sample rate (8 kHz unless 16 kHz was
 * asked) under the recordings folder: silence, or a tone, with whatever the callers said during
 * the recorded spans (sim-voice.ts), so the pipeline downstream (sox, a speech recognizer)
 * handles a real file. Max silence counts from the end of the last thing said, as a PBX's
 * silence detection does. `recording.finished` is emitted only after the file is on disk.
 *
 *   recording --pause--> paused --resume--> recording
 *   recording|paused --stop | max duration | max silence | terminate digit | target gone--> finished
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { TimerHandle } from '../../core/clock.js';
import { AppError, validationError } from '../../core/errors.js';
import type { RecordOptions } from '../port.js';
import { renderRecording, utteranceEnd, type Span } from './sim-voice.js';
import type { SimChannel, SimWorld } from './sim-world.js';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-./]*$/;

interface LiveRecording {
  id: string;
  file: string;
  options: RecordOptions;
  recordedMs: number;
  /** When the current recording span began; undefined while paused. */
  spanStart: number | undefined;
  /** Recorded stretches of world time that ended (paused or finished). */
  spans: Span[];
  limitTimer: TimerHandle | undefined;
  channels: SimChannel[];
  detach: () => void;
  finishing: Promise<void> | undefined;
}

export class SimRecorder {
  private readonly live = new Map<string, LiveRecording>();
  private readonly finished = new Set<string>();
  private waiters: { channelId: string; resolve: (recordingId: string) => void }[] = [];

  constructor(
    private readonly world: SimWorld,
    private readonly recordingsDir: string,
    private readonly toneHz: number | undefined,
  ) {}

  /** Absolute path of a recording's file by its RecordOptions.name. */
  fileFor(name: string): string {
    return join(resolve(this.recordingsDir), `${name}.wav`);
  }

  start(options: RecordOptions): string {
    this.world.requireConnected();
    const file = this.fileFor(options.name);
    if (!NAME.test(options.name) || options.name.includes('..') || !file.startsWith(resolve(this.recordingsDir) + sep))
      throw validationError([{ where: '/name', reason: `not a safe recording name: ${JSON.stringify(options.name)}` }]);
    if (options.format !== 'wav') throw validationError([{ where: '/format', reason: 'only wav is supported' }]);
    if (options.sampleRate !== undefined && options.sampleRate !== 8000 && options.sampleRate !== 16000)
      throw validationError([{ where: '/sampleRate', reason: 'a recording is made at 8000 or 16000 Hz' }]);
    const channels = this.targetChannels(options);
    if (this.live.has(options.name))
      throw new AppError('PBX_REJECTED', `A recording named ${options.name} is already running`, { name: options.name });

    const rec: LiveRecording = {
      id: options.name,
      file,
      options,
      recordedMs: 0,
      spanStart: this.world.clock.now(),
      spans: [],
      limitTimer: undefined,
      channels,
      detach: () => {},
      finishing: undefined,
    };
    // finish() never rejects (a failed write is logged there), so the `void`s on it lose nothing.
    const onGone = (): void => void this.finish(rec);
    const onDtmf = (digit: string): void => {
      if (options.terminateOn?.includes(digit)) void this.finish(rec);
    };
    // A bridge recording outlives any one member; a channel recording ends with its channel.
    const endsWithChannel = 'channelId' in options.target;
    for (const ch of channels) {
      if (endsWithChannel) ch.goneListeners.add(onGone);
      ch.dtmfListeners.add(onDtmf);
    }
    rec.detach = () => {
      for (const ch of channels) {
        ch.goneListeners.delete(onGone);
        ch.dtmfListeners.delete(onDtmf);
      }
    };
    this.live.set(rec.id, rec);
    this.armLimit(rec);
    const ids = new Set(channels.map((c) => c.id));
    const ready = this.waiters.filter((w) => ids.has(w.channelId));
    this.waiters = this.waiters.filter((w) => !ids.has(w.channelId));
    for (const w of ready) w.resolve(rec.id);
    return rec.id;
  }

  /** Resolves with the id of a recording that hears the channel, once one is running. */
  whenRecording(channelId: string): Promise<string> {
    const running = [...this.live.values()].find((r) => !r.finishing && r.channels.some((c) => c.id === channelId));
    if (running) return Promise.resolve(running.id);
    return new Promise((resolve) => this.waiters.push({ channelId, resolve }));
  }

  /** A caller on `channelId` spoke: its recordings' silence clocks restart after the utterance. */
  voiceHeard(channelId: string): void {
    for (const rec of this.live.values()) {
      if (rec.finishing || rec.spanStart === undefined || !rec.channels.some((c) => c.id === channelId)) continue;
      this.world.clearTimer(rec.limitTimer);
      this.armLimit(rec);
    }
  }

  async stop(id: string): Promise<void> {
    this.world.requireConnected();
    const rec = this.live.get(id);
    if (!rec) {
      if (this.finished.has(id)) return;
      throw new AppError('PBX_REJECTED', `No recording ${id}`, { recordingId: id });
    }
    await this.finish(rec);
  }

  pause(id: string): void {
    const rec = this.running(id);
    if (rec.spanStart === undefined) return;
    this.closeSpan(rec);
    this.world.clearTimer(rec.limitTimer);
  }

  resume(id: string): void {
    const rec = this.running(id);
    if (rec.spanStart !== undefined) return;
    rec.spanStart = this.world.clock.now();
    this.armLimit(rec);
  }

  /** Bridge recordings end with their bridge. */
  bridgeDestroyed(bridgeId: string): void {
    for (const rec of this.live.values()) {
      if ('bridgeId' in rec.options.target && rec.options.target.bridgeId === bridgeId) void this.finish(rec);
    }
  }

  private running(id: string): LiveRecording {
    this.world.requireConnected();
    const rec = this.live.get(id);
    if (!rec || rec.finishing) throw new AppError('PBX_REJECTED', `No running recording ${id}`, { recordingId: id });
    return rec;
  }

  private targetChannels(options: RecordOptions): SimChannel[] {
    if ('channelId' in options.target) return [this.world.channel(options.target.channelId)];
    const bridge = this.world.bridge(options.target.bridgeId);
    return bridge.channelIds.map((id) => this.world.channel(id));
  }

  /**
   * The earlier of max duration (in recorded time) and max silence, counted from when this span
   * began or the last utterance on the recorded channels ends, whichever is later.
   */
  private armLimit(rec: LiveRecording): void {
    const now = this.world.clock.now();
    const since = rec.spanStart ?? now;
    const lefts: number[] = [];
    if (rec.options.maxDurationMs !== undefined) lefts.push(rec.options.maxDurationMs - rec.recordedMs - (now - since));
    if (rec.options.maxSilenceMs !== undefined) {
      const lastVoice = Math.max(since, ...rec.channels.flatMap((c) => c.voice.map(utteranceEnd)));
      lefts.push(Math.ceil(lastVoice + rec.options.maxSilenceMs - now));
    }
    if (lefts.length === 0) return;
    rec.limitTimer = this.world.timer(Math.max(0, Math.min(...lefts)), () => void this.finish(rec));
  }

  private closeSpan(rec: LiveRecording): void {
    if (rec.spanStart === undefined) return;
    const now = this.world.clock.now();
    rec.recordedMs += now - rec.spanStart;
    rec.spans.push({ from: rec.spanStart, to: now });
    rec.spanStart = undefined;
  }

  private finish(rec: LiveRecording): Promise<void> {
    if (rec.finishing) return rec.finishing;
    this.closeSpan(rec);
    this.world.clearTimer(rec.limitTimer);
    rec.detach();
    rec.finishing = this.write(rec).then(
      () => {
        this.live.delete(rec.id);
        this.finished.add(rec.id);
        this.world.emit({ type: 'recording.finished', recordingId: rec.id, durationMs: rec.recordedMs });
      },
      (err: unknown) => {
        this.live.delete(rec.id);
        this.world.logger.error({ err, recordingId: rec.id }, 'simulated recording could not be written');
      },
    );
    return rec.finishing;
  }

  private async write(rec: LiveRecording): Promise<void> {
    await mkdir(dirname(rec.file), { recursive: true });
    const voices = rec.channels.flatMap((c) => c.voice);
    const spec = { spans: rec.spans, rate: rec.options.sampleRate ?? 8000, voices };
    await writeFile(rec.file, renderRecording(this.toneHz === undefined ? spec : { ...spec, toneHz: this.toneHz }));
  }
}

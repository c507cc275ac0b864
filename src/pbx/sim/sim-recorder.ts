/**
 * Recordings on the simulated PBX. Time recorded is counted on the world's clock (paused spans
 * excluded) and written as a real PCM WAV (silence, or a tone) under the recordings folder, so
 * the recording pipeline downstream handles a real file. `recording.finished` is emitted only
 * after the file is on disk.
 *
 *   recording --pause--> paused --resume--> recording
 *   recording|paused --stop | max duration | max silence | terminate digit | target gone--> finished
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { TimerHandle } from '../../core/clock.js';
import { AppError, validationError } from '../../core/errors.js';
import type { RecordOptions } from '../port.js';
import { wavBytes } from '../shared/wav.js';
import type { SimChannel, SimWorld } from './sim-world.js';

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_\-./]*$/;

interface LiveRecording {
  id: string;
  file: string;
  options: RecordOptions;
  recordedMs: number;
  /** When the current recording span began; undefined while paused. */
  spanStart: number | undefined;
  limitTimer: TimerHandle | undefined;
  channels: SimChannel[];
  detach: () => void;
  finishing: Promise<void> | undefined;
}

export class SimRecorder {
  private readonly live = new Map<string, LiveRecording>();
  private readonly finished = new Set<string>();

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
    const channels = this.targetChannels(options);
    if (this.live.has(options.name))
      throw new AppError('PBX_REJECTED', `A recording named ${options.name} is already running`, { name: options.name });

    const rec: LiveRecording = {
      id: options.name,
      file,
      options,
      recordedMs: 0,
      spanStart: this.world.clock.now(),
      limitTimer: undefined,
      channels,
      detach: () => {},
      finishing: undefined,
    };
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
    return rec.id;
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
    rec.recordedMs += this.world.clock.now() - rec.spanStart;
    rec.spanStart = undefined;
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

  /** The earlier of max duration and max silence (the sim hears only silence), in recorded time. */
  private armLimit(rec: LiveRecording): void {
    const limits = [rec.options.maxDurationMs, rec.options.maxSilenceMs].filter((v): v is number => v !== undefined);
    if (limits.length === 0) return;
    const left = Math.max(0, Math.min(...limits) - rec.recordedMs);
    rec.limitTimer = this.world.timer(left, () => void this.finish(rec));
  }

  private finish(rec: LiveRecording): Promise<void> {
    if (rec.finishing) return rec.finishing;
    if (rec.spanStart !== undefined) rec.recordedMs += this.world.clock.now() - rec.spanStart;
    rec.spanStart = undefined;
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
    const spec = this.toneHz === undefined ? { durationMs: rec.recordedMs } : { durationMs: rec.recordedMs, toneHz: this.toneHz };
    await writeFile(rec.file, wavBytes(spec));
  }
}

/**
 * Recordings with `uuid_record <uuid> start|stop|mask|unmask <path> [limit]`.
 *
 * Pause is `mask` (FreeSWITCH keeps writing, but silence), so the file keeps its timeline,
 * which is what a PCI pause wants. The duration we report counts recorded time only, measured on
 * the injected Clock: started → (paused → resumed)* → stopped.
 * A bridge is recorded on its first member: a uuid_record on one leg of a bridge captures both
 * parties. terminateOn is watched by us (DTMF events) because uuid_record has no terminators.
 * With maxSilenceMs (voicemail) the `record` application runs instead, because only it stops on
 * silence (`record <path> <limit> <threshold> <silence secs>`); it cannot be paused, and it is
 * stopped with uuid_break.
 * Both write at the channel variable `record_sample_rate` when it holds a valid rate, else at the
 * codec's rate. The variable outlives the recording, so it is set before every one: a 16 kHz
 * speech menu must not leave the call recording that follows at 16 kHz.
 *
 *   recording --mask--> paused --unmask--> recording
 *   recording|paused --stop / RECORD_STOP / limit / hang-up--> finished (recording.finished once)
 */
import type { BackgroundTasks } from '../../core/background-tasks.js';
import type { Clock } from '../../core/clock.js';
import { AppError, validationError } from '../../core/errors.js';
import type { PbxEvent } from '../port.js';
import type { ChannelWatcher } from './playback.js';

export interface RecordingHost {
  readonly clock: Clock;
  readonly recordingsDir: string;
  channelCommand(channelId: string, cmd: string): Promise<string>;
  /** `sendmsg execute`; `done` settles when the application completes. */
  execute(channelId: string, app: string, arg: string): Promise<{ done: Promise<void> }>;
  watch(channelId: string, watcher: ChannelWatcher): () => void;
  emit(event: PbxEvent): void;
  /** Where a stop on a terminating key goes (nobody awaits it). */
  readonly background: BackgroundTasks;
}

interface ActiveRecording {
  id: string;
  channelId: string;
  path: string;
  activeMs: number;
  /** When the current recorded stretch began; undefined while paused. */
  since: number | undefined;
  limitMs: number | undefined;
  /** Recorded by the `record` application (voicemail) rather than uuid_record. */
  viaApp: boolean;
  unwatch: () => void;
}

const NAME = /^[A-Za-z0-9_.-]{1,120}$/;

export class Recordings {
  private readonly active = new Map<string, ActiveRecording>();
  private readonly byPath = new Map<string, string>();

  constructor(private readonly host: RecordingHost) {}

  pathOf(name: string): string {
    if (!NAME.test(name) || name.includes('..')) throw validationError([{ where: '/name', reason: `not a usable recording name: ${JSON.stringify(name)}` }]);
    return `${this.host.recordingsDir}/${name}.wav`;
  }

  async start(
    channelId: string,
    name: string,
    limits: { maxDurationMs?: number; maxSilenceMs?: number; terminateOn?: string; sampleRate?: 8000 | 16000 },
  ): Promise<string> {
    const path = this.pathOf(name);
    if (this.active.has(name)) throw new AppError('CONFLICT', `recording ${name} is already running`);
    const { maxDurationMs: limitMs, maxSilenceMs, terminateOn, sampleRate = 8000 } = limits;
    await this.host.channelCommand(channelId, `uuid_setvar ${channelId} record_sample_rate ${sampleRate}`);
    const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));
    const viaApp = maxSilenceMs !== undefined;
    if (viaApp) {
      const running = await this.host.execute(channelId, 'record', `${path} ${limitMs === undefined ? 0 : seconds(limitMs)} 200 ${seconds(maxSilenceMs)}`);
      // Ended or failed, the recording is over: both settle it (finish never throws).
      void running.done.then(() => this.finish(name), () => this.finish(name));
    } else {
      const limit = limitMs === undefined ? '' : ` ${seconds(limitMs)}`;
      await this.host.channelCommand(channelId, `uuid_record ${channelId} start ${path}${limit}`);
    }
    const rec: ActiveRecording = {
      id: name,
      channelId,
      path,
      activeMs: 0,
      since: this.host.clock.now(),
      limitMs,
      viaApp,
      unwatch: () => undefined,
    };
    rec.unwatch = this.host.watch(channelId, {
      onDtmf: (digit) => {
        if (terminateOn?.includes(digit)) this.host.background.run('stop recording on key', () => this.stop(name), { channelId, recording: name });
      },
      onGone: () => this.finish(name),
    });
    this.active.set(name, rec);
    this.byPath.set(path, name);
    return name;
  }

  async stop(id: string): Promise<void> {
    const rec = this.active.get(id);
    if (!rec) return;
    try {
      const cmd = rec.viaApp ? `uuid_break ${rec.channelId}` : `uuid_record ${rec.channelId} stop ${rec.path}`;
      await this.host.channelCommand(rec.channelId, cmd);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'CHANNEL_GONE')) throw err;
    }
    this.finish(id);
  }

  async pause(id: string): Promise<void> {
    const rec = this.require(id);
    if (rec.since === undefined) return;
    if (rec.viaApp) throw new AppError('PBX_REJECTED', 'a voicemail recording (stopped by silence) cannot be paused', { recordingId: id });
    await this.host.channelCommand(rec.channelId, `uuid_record ${rec.channelId} mask ${rec.path}`);
    rec.activeMs += this.host.clock.now() - rec.since;
    rec.since = undefined;
  }

  async resume(id: string): Promise<void> {
    const rec = this.require(id);
    if (rec.since !== undefined) return;
    await this.host.channelCommand(rec.channelId, `uuid_record ${rec.channelId} unmask ${rec.path}`);
    rec.since = this.host.clock.now();
  }

  /** RECORD_STOP from FreeSWITCH (limit reached, stop, hang-up). */
  onRecordStop(path: string | undefined): void {
    const id = path === undefined ? undefined : this.byPath.get(path);
    if (id !== undefined) this.finish(id);
  }

  private finish(id: string): void {
    const rec = this.active.get(id);
    if (!rec) return;
    this.active.delete(id);
    this.byPath.delete(rec.path);
    rec.unwatch();
    let durationMs = rec.activeMs + (rec.since === undefined ? 0 : this.host.clock.now() - rec.since);
    if (rec.limitMs !== undefined) durationMs = Math.min(durationMs, rec.limitMs);
    this.host.emit({ type: 'recording.finished', recordingId: id, durationMs });
  }

  private require(id: string): ActiveRecording {
    const rec = this.active.get(id);
    if (!rec) throw new AppError('NOT_FOUND', `no running recording ${id}`);
    return rec;
  }
}

/**
 * Prompts and digit input on the simulated PBX. A prompt list plays item by item on the world's
 * clock (durations from the configured table), so FakeClock tests decide when prompts end.
 */
import type { CollectOptions, CollectResult, MediaRef, Playback, PlayOptions } from '../port.js';
import { DigitCollector, validateCollectOptions } from '../shared/digit-collector.js';
import { describeMedia, validateMedia } from '../shared/media-ref.js';
import { endedPlayback, PlaybackHandle } from '../shared/playback-handle.js';
import type { SimWorld } from './sim-world.js';

export interface PromptTiming {
  /** Length of named sounds; unlisted ones last `defaultSoundMs`. */
  soundMs: Record<string, number>;
  defaultSoundMs: number;
  /** Length of a file prompt (the sim does not read the file). */
  fileMs: number;
  /** Per spoken digit, and per number. */
  digitMs: number;
  numberMs: number;
}

export const DEFAULT_PROMPT_TIMING: PromptTiming = {
  soundMs: { 'hello-world': 1_500, beep: 300, 'sim/long': 8_000 },
  defaultSoundMs: 2_000,
  fileMs: 3_000,
  digitMs: 500,
  numberMs: 1_200,
};

export function promptMs(timing: PromptTiming, ref: MediaRef): number {
  switch (ref.kind) {
    case 'sound':
      return timing.soundMs[ref.name] ?? timing.defaultSoundMs;
    case 'file':
      return timing.fileMs;
    case 'digits':
      return timing.digitMs * ref.value.length;
    case 'number':
      return timing.numberMs;
    case 'silence':
      return ref.ms;
    case 'prompt':
      return timing.defaultSoundMs;
  }
}

export class SimMedia {
  private playSeq = 0;

  constructor(
    private readonly world: SimWorld,
    private readonly timing: PromptTiming,
  ) {}

  play(channelId: string, media: MediaRef[], options: PlayOptions = {}): Playback {
    this.world.requireConnected();
    validateMedia(media);
    const id = `sim-playback-${++this.playSeq}`;
    const ch = this.world.channels.get(channelId);
    if (!ch) return endedPlayback(id, { reason: 'gone' });

    let stepTimer: ReturnType<SimWorld['channelTimer']> | undefined;
    const handle = new PlaybackHandle(id, () => {
      cleanup();
      return Promise.resolve();
    });
    const onDtmf = (digit: string): void => {
      if (options.interruptDigits?.includes(digit)) finish({ reason: 'interrupted', digit });
    };
    const onGone = (): void => finish({ reason: 'gone' });
    const cleanup = (): void => {
      this.world.clearTimer(stepTimer, ch);
      ch.dtmfListeners.delete(onDtmf);
      ch.goneListeners.delete(onGone);
    };
    const finish = (outcome: Parameters<PlaybackHandle['settle']>[0]): void => {
      cleanup();
      handle.settle(outcome);
    };
    const step = (index: number): void => {
      const ref = media[index];
      if (!ref) return finish({ reason: 'finished' });
      this.world.farRecord(ch.id).heardPrompts.push(describeMedia(ref));
      stepTimer = this.world.channelTimer(ch, promptMs(this.timing, ref), () => step(index + 1));
    };
    ch.dtmfListeners.add(onDtmf);
    ch.goneListeners.add(onGone);
    step(0);
    return handle;
  }

  async collectDigits(channelId: string, options: CollectOptions): Promise<CollectResult> {
    this.world.requireConnected();
    validateCollectOptions(options);
    const ch = this.world.channels.get(channelId);
    if (!ch) return { digits: '', reason: 'gone' };

    // PlaybackHandle's stop() and done never reject, so the `void`s below lose nothing.
    const prompt = options.prompt && options.prompt.length > 0 ? this.play(channelId, options.prompt) : undefined;
    const collector = new DigitCollector(this.world.clock, options, {
      promptPlaying: prompt !== undefined,
      onFirstDigit: () => void prompt?.stop(),
      onDone: () => {
        ch.dtmfListeners.delete(onDtmf);
        ch.goneListeners.delete(onGone);
        void prompt?.stop();
      },
    });
    const onDtmf = (digit: string): void => collector.digit(digit);
    const onGone = (): void => collector.gone();
    ch.dtmfListeners.add(onDtmf);
    ch.goneListeners.add(onGone);
    void prompt?.done.then((outcome) => {
      if (outcome.reason === 'gone') collector.gone();
      else collector.promptEnded();
    });
    return collector.result;
  }
}

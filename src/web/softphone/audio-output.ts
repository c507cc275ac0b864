import { SoftphoneError } from './errors.js';

/** HTMLMediaElement.setSinkId is missing from some browsers (Firefox before 116, Safari). */
type SinkElement = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };

/**
 * Where the far end is heard: an audio element (the toolbar's, or one of our own that is never
 * attached to the page) playing the call's remote stream, on the chosen output where the browser
 * can choose.
 */
export class AudioOutput {
  readonly element: SinkElement;

  constructor(element?: HTMLAudioElement) {
    this.element = element ?? new Audio();
    this.element.autoplay = true;
  }

  get selectable(): boolean {
    return typeof this.element.setSinkId === 'function';
  }

  /** Plays the call; a blocked autoplay is AUDIO_PLAYBACK_BLOCKED (the toolbar asks for a click). */
  async play(stream: MediaStream): Promise<void> {
    if (this.element.srcObject !== stream) this.element.srcObject = stream;
    try {
      await this.element.play();
    } catch (err) {
      // stop() during a pending play() (the call ended first) aborts it: nothing was blocked.
      if (err instanceof DOMException && err.name === 'AbortError') return;
      throw new SoftphoneError('AUDIO_PLAYBACK_BLOCKED', 'The browser blocked the call audio: click the page to hear the caller', { cause: err });
    }
  }

  stop(): void {
    this.element.pause();
    this.element.srcObject = null;
  }

  async setDevice(deviceId: string): Promise<void> {
    const setSinkId = this.element.setSinkId;
    if (typeof setSinkId !== 'function') {
      throw new SoftphoneError('OUTPUT_DEVICE_UNSUPPORTED', 'This browser plays calls on its default output only');
    }
    try {
      await setSinkId.call(this.element, deviceId);
    } catch (err) {
      throw new SoftphoneError('OUTPUT_DEVICE_NOT_FOUND', 'That loudspeaker or headset is not available', { cause: err, details: { deviceId } });
    }
  }
}

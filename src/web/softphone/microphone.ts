import type { Web } from 'sip.js';
import { microphoneError, SoftphoneError } from './errors.js';

/**
 * The microphone, opened before SIP.js needs it. Why not let SIP.js open it: it swallows the
 * getUserMedia error while accepting a call (the caller hears 480 and the page learns nothing),
 * so answer() and dial() open it first, get a coded error the agent can act on, and hand the
 * stream to SIP.js through the media stream factory.
 */
export class Microphone {
  private reserved: MediaStream | undefined;
  private chosen: string | undefined;

  constructor(private readonly devices: () => MediaDevices | undefined) {}

  get deviceId(): string | undefined {
    return this.chosen;
  }

  set deviceId(id: string | undefined) {
    this.chosen = id;
  }

  /** Opens the chosen microphone (or the default), with the failure as a coded error. */
  async open(): Promise<MediaStream> {
    const media = this.devices();
    if (!media?.getUserMedia) {
      throw new SoftphoneError('MEDIA_UNSUPPORTED', 'This page cannot use a microphone: open the toolbar over HTTPS');
    }
    try {
      return await media.getUserMedia({ audio: this.chosen ? { deviceId: { exact: this.chosen } } : true, video: false });
    } catch (err) {
      throw microphoneError(err);
    }
  }

  /** Opens the microphone for the call about to be set up; SIP.js takes it from the factory. */
  async reserve(): Promise<void> {
    this.release();
    this.reserved = await this.open();
  }

  /** Closes a reserved stream nobody took (the call failed before its media was set up). */
  release(): void {
    stopTracks(this.reserved);
    this.reserved = undefined;
  }

  /** For SIP.js: the reserved stream once, a newly opened one after that (a renegotiation). */
  readonly factory: Web.MediaStreamFactory = async () => {
    const stream = this.reserved;
    this.reserved = undefined;
    return stream ?? this.open();
  };
}

export function stopTracks(stream: MediaStream | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

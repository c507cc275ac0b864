import type { AudioDevice, AudioDevices } from './types.js';

/**
 * Microphones and loudspeakers as the browser lists them. Browsers hide labels (and may list one
 * anonymous device per kind) until the page has been allowed the microphone once.
 */
export async function listAudioDevices(media: MediaDevices | undefined, outputSelectable: boolean): Promise<AudioDevices> {
  const all = media?.enumerateDevices ? await media.enumerateDevices() : [];
  const of = (kind: MediaDeviceKind): AudioDevice[] => all.filter((d) => d.kind === kind).map((d) => ({ deviceId: d.deviceId, label: d.label }));
  return { inputs: of('audioinput'), outputs: of('audiooutput'), outputSelectable };
}

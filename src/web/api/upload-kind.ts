/** The kind an upload is sent as, from the browser's guess at its type: only a hint, the daemon reads the bytes. */
export type UploadKindHint = 'image' | 'file' | 'video' | 'voice';

export function uploadKindOf(type: string): UploadKindHint {
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  if (type.startsWith('audio/')) return 'voice';
  return 'file';
}

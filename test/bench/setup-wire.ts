/** How the set-up benchmark and its order test read the fake PBX's command lines. */

/** What a wire command does, for the order report; ids become {caller} / {id}. */
export type CommandKind = 'originate' | 'answer' | 'bridge' | 'moh' | 'other';

export function kindOf(line: string): CommandKind {
  if (line === 'POST /ari/channels' || /^POST \/ari\/channels\/[^/]+$/.test(line) || line.startsWith('bgapi originate')) return 'originate';
  if (/\/answer$/.test(line) || /uuid_answer|^sendmsg \S+ answer$/.test(line)) return 'answer';
  if (/^POST \/ari\/bridges/.test(line) || /uuid_bridge|uuid_transfer|conference|^sendmsg \S+ (bridge|park)$/.test(line)) return 'bridge';
  if (/\/moh$|local_stream|uuid_broadcast|playback/.test(line)) return 'moh';
  return 'other';
}

/** The line with the caller's channel id as {caller}, other channel ids and UUIDs as {id}. */
export function shapeOf(line: string, callerId: string): string {
  const shaped = line
    .split(callerId)
    .join('{caller}')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}')
    .replace(/\bsb-\d+\b|\b\d{6,}\.\d+\b/g, '{id}')
    .replace(/\bc-\d+/g, '{call}');
  return shaped.length > 90 ? `${shaped.slice(0, 89)}…` : shaped;
}

/**
 * The parts of the ARI 10 models (api-docs/events.json, channels.json, bridges.json) we read.
 * Asterisk sends more fields; we type only what we use so an extra field never breaks us.
 */
export interface AriCallerId {
  name: string;
  number: string;
}

export interface AriChannel {
  id: string;
  name: string;
  /** Down, Rsrved, OffHook, Dialing, Ring, Ringing, Up, Busy, Dialing Offhook, Pre-ring, Unknown */
  state: string;
  caller: AriCallerId;
  connected: AriCallerId;
  dialplan: { context: string; exten: string; priority: number; app_name?: string; app_data?: string };
  creationtime: string;
  /** Present when ari.conf lists `channelvars`. */
  channelvars?: Record<string, string>;
}

export interface AriBridge {
  id: string;
  technology: string;
  bridge_type: string;
  bridge_class: string;
  name: string;
  channels: string[];
}

export interface AriPlayback {
  id: string;
  media_uri: string;
  target_uri: string;
  state: string;
}

export interface AriLiveRecording {
  name: string;
  format: string;
  state: string;
  target_uri: string;
  duration?: number;
  cause?: string;
}

export interface AriEndpoint {
  technology: string;
  resource: string;
  state?: string;
  channel_ids: string[];
}

interface EventBase {
  timestamp: string;
  application?: string;
  asterisk_id?: string;
}

export type AriEvent = EventBase &
  (
    | { type: 'StasisStart'; args: string[]; channel: AriChannel; replace_channel?: AriChannel }
    | { type: 'StasisEnd'; channel: AriChannel }
    | { type: 'ChannelStateChange'; channel: AriChannel }
    | { type: 'ChannelHangupRequest'; channel: AriChannel; cause?: number; soft?: boolean }
    | { type: 'ChannelDestroyed'; channel: AriChannel; cause: number; cause_txt: string }
    | { type: 'ChannelDtmfReceived'; channel: AriChannel; digit: string; duration_ms: number }
    | { type: 'ChannelEnteredBridge'; channel: AriChannel; bridge: AriBridge }
    | { type: 'ChannelLeftBridge'; channel: AriChannel; bridge: AriBridge }
    | { type: 'BridgeDestroyed'; bridge: AriBridge }
    | { type: 'Dial'; dialstatus: string; peer: AriChannel; caller?: AriChannel }
    | { type: 'PlaybackStarted' | 'PlaybackContinuing' | 'PlaybackFinished'; playback: AriPlayback }
    | { type: 'RecordingStarted' | 'RecordingFinished' | 'RecordingFailed'; recording: AriLiveRecording }
    | { type: 'ApplicationReplaced' }
    | { type: 'ChannelVarset'; channel?: AriChannel; variable: string; value: string }
    | { type: 'Other'; [key: string]: unknown }
  );

export const KNOWN_EVENT_TYPES = new Set([
  'StasisStart',
  'StasisEnd',
  'ChannelStateChange',
  'ChannelHangupRequest',
  'ChannelDestroyed',
  'ChannelDtmfReceived',
  'ChannelEnteredBridge',
  'ChannelLeftBridge',
  'BridgeDestroyed',
  'Dial',
  'PlaybackStarted',
  'PlaybackContinuing',
  'PlaybackFinished',
  'RecordingStarted',
  'RecordingFinished',
  'RecordingFailed',
  'ApplicationReplaced',
  'ChannelVarset',
]);

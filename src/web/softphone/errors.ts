/**
 * Every failure the softphone reports carries one of these codes, so the toolbar can say what to
 * do ("allow the microphone", "plug one in", "the phone system is unreachable") instead of
 * showing a browser exception. `cause` keeps the original error for the console.
 */
export const SOFTPHONE_ERROR_CODES = [
  /** The user or a browser policy refused the microphone (NotAllowedError, SecurityError). */
  'MIC_DENIED',
  /** No microphone, or the chosen one is gone (NotFoundError, OverconstrainedError). */
  'NO_MICROPHONE',
  /** The microphone exists but cannot be opened: another application holds it (NotReadableError). */
  'MIC_BUSY',
  /** No getUserMedia at all: the page is not a secure context (open it over HTTPS). */
  'MEDIA_UNSUPPORTED',
  /** The SIP WebSocket could not be opened (wrong URL, PBX down, certificate not trusted). */
  'PBX_UNREACHABLE',
  /** The PBX refused the credentials (401/403/404 after authenticating). */
  'REGISTRATION_REFUSED',
  /** The PBX answered REGISTER with another failure (5xx, timeout); details.statusCode says which. */
  'REGISTRATION_FAILED',
  /** The WebSocket closed after registering: calls can no longer reach this browser. */
  'CONNECTION_LOST',
  /** A call could not be set up or changed (no answer to an offer, a refused re-INVITE). */
  'CALL_FAILED',
  /** The action does not fit the current state (answer a call that is not ringing, dial while on a call). */
  'INVALID_STATE',
  /** Not a dialable target. */
  'INVALID_TARGET',
  /** Tones other than 0-9, A-D, *, # and the pause ','. */
  'INVALID_DTMF',
  /** Neither RTP events nor SIP INFO could carry the tones. */
  'DTMF_FAILED',
  /** This browser cannot choose the loudspeaker (no HTMLMediaElement.setSinkId). */
  'OUTPUT_DEVICE_UNSUPPORTED',
  /** The chosen loudspeaker is not there (any more). */
  'OUTPUT_DEVICE_NOT_FOUND',
  /** The browser blocked playing the far end until the user interacts with the page. */
  'AUDIO_PLAYBACK_BLOCKED',
] as const;

export type SoftphoneErrorCode = (typeof SOFTPHONE_ERROR_CODES)[number];

export class SoftphoneError extends Error {
  readonly code: SoftphoneErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: SoftphoneErrorCode, message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SoftphoneError';
    this.code = code;
    this.details = options.details;
  }
}

export function isSoftphoneError(err: unknown, code?: SoftphoneErrorCode): err is SoftphoneError {
  return err instanceof SoftphoneError && (code === undefined || err.code === code);
}

/** getUserMedia's DOMException names as the codes an agent can act on. */
export function microphoneError(err: unknown): SoftphoneError {
  if (isSoftphoneError(err)) return err;
  const name = err instanceof Error || (typeof err === 'object' && err !== null && 'name' in err) ? String((err as { name: unknown }).name) : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return new SoftphoneError('MIC_DENIED', 'The microphone is blocked for this page: allow it in the browser (the icon in the address bar) and try again', { cause: err });
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new SoftphoneError('NO_MICROPHONE', 'No microphone found: plug one in or choose another', { cause: err });
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new SoftphoneError('MIC_BUSY', 'The microphone cannot be opened: another application may be using it', { cause: err });
    default:
      return new SoftphoneError('NO_MICROPHONE', `The microphone could not be opened (${name || String(err)})`, { cause: err });
  }
}

/**
 * The browser softphone of agents and supervisors whose phone is 'browser' (SIP.js over WSS).
 * Framework-free: the toolbar fetches GET /api/agent/softphone, creates the phone, registers it
 * and follows `state`, `incoming`, `error` and `dtmf`.
 *
 *   const phone = createSoftphone({ credentials: await (await fetch('/api/agent/softphone')).json() });
 *   phone.on('incoming', (call) => showRinging(call));         // call.answer() / call.reject()
 *   phone.on('state', (snapshot) => render(snapshot));
 *   phone.on('error', (err) => toast(err.code, err.message));  // MIC_DENIED, PBX_UNREACHABLE, ...
 *   await phone.register();
 */
export { createSoftphone, type SoftphoneOptions } from './softphone.js';
export { isSoftphoneError, SOFTPHONE_ERROR_CODES, SoftphoneError, type SoftphoneErrorCode } from './errors.js';
export type {
  AudioDevice,
  AudioDevices,
  CallEndReason,
  CallSnapshot,
  CallState,
  RegistrationState,
  Softphone,
  SoftphoneCall,
  SoftphoneCredentials,
  SoftphoneEvents,
  SoftphoneSnapshot,
} from './types.js';

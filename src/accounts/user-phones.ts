import type { EndpointRef } from '../pbx/port.js';

/**
 * How a user (not an agent) is reached for supervision. 'browser' is a softphone in the toolbar
 * page: a WebRTC endpoint of that name on the media server, whose SIP credentials the user
 * fetches over their session (GET /api/agent/softphone).
 */
export type UserPhone = { mode: 'none' } | { mode: 'fixed'; extension: string } | { mode: 'at_login' } | { mode: 'browser'; extension: string };

export const PHONE_EXTENSION_PATTERN = /^[A-Za-z0-9_.@:/+-]{1,100}$/;

/**
 * A browser phone's extension becomes a pjsip section name, a FreeSWITCH directory user id, the
 * user part of a SIP URI and a word in render-config.sh's list: only characters all four take.
 */
export const BROWSER_EXTENSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
export const BROWSER_EXTENSION_RULE = '1-64 letters, digits or _ . -, starting with a letter or digit';

/**
 * The phones of users, for the supervision port, which must answer synchronously (the
 * supervisor's leg is originated at once). The user service keeps the bindings current; a phone
 * chosen at login lives as long as the process (logging in again chooses anew).
 */
export class UserPhones {
  private readonly bindings = new Map<string, UserPhone>();
  private readonly chosen = new Map<string, string>();

  bind(userId: string, phone: UserPhone): void {
    this.bindings.set(userId, phone);
    if (phone.mode !== 'at_login') this.chosen.delete(userId);
  }

  binding(userId: string): UserPhone {
    return this.bindings.get(userId) ?? { mode: 'none' };
  }

  /** The phone chosen for this login; only for a binding 'at_login' (the caller checks). */
  choose(userId: string, extension: string): void {
    this.chosen.set(userId, extension);
  }

  phoneOf(userId: string): EndpointRef | undefined {
    const b = this.bindings.get(userId);
    // A browser phone is dialed like a desk phone: the media server knows the WebRTC endpoint by name.
    if (b?.mode === 'fixed' || b?.mode === 'browser') return { kind: 'phone', name: b.extension };
    const picked = b?.mode === 'at_login' ? this.chosen.get(userId) : undefined;
    return picked ? { kind: 'phone', name: picked } : undefined;
  }
}

import { AppError } from '../core/errors.js';
import type { BoundPhone, IceServer, SoftphoneDirectory, SoftphoneSettings } from './ports.js';
import { sipPasswordFor } from './sip-password.js';

/** What a browser needs to register as the user's phone (SIP.js UserAgentOptions and transport). */
export interface SoftphoneCredentials {
  wsUrl: string;
  sipUri: string;
  authorizationUsername: string;
  password: string;
  displayName: string;
  iceServers: IceServer[];
}

/**
 * Hands a logged-in user the SIP credentials of their browser phone. Which binding counts: an
 * agent's own binding first (offers ring it, the toolbar's main job), then the user's own
 * supervision phone; one browser registers one extension. A user whose phone is anything else
 * gets a coded refusal that says what the phone is, so the toolbar can explain instead of failing
 * to register.
 */
export class SoftphoneService {
  constructor(
    private readonly settings: SoftphoneSettings | undefined,
    private readonly directory: SoftphoneDirectory,
  ) {}

  async credentialsFor(who: { userId: string; agentId?: string }): Promise<SoftphoneCredentials> {
    const agent = who.agentId ? await this.directory.agentPhone(who.agentId) : undefined;
    const own = await this.directory.userPhone(who.userId);
    const browser = [agent, own].find((b): b is BoundPhone => b?.phone.mode === 'browser' && !!b.phone.extension);
    if (!browser) {
      const bindings = [agent, own].filter((b): b is BoundPhone => b !== undefined && b.phone.mode !== 'none');
      if (bindings.length === 0) throw new AppError('NO_PHONE', 'You have no phone set up: an admin gives you one (a browser softphone, a desk phone or one chosen at login)');
      throw new AppError('PHONE_NOT_BROWSER', `Your phone is ${bindings.map((b) => describe(b.phone.mode)).join(' / ')}, not the browser softphone`, {
        modes: bindings.map((b) => b.phone.mode),
      });
    }
    if (!this.settings) {
      throw new AppError('SOFTPHONE_NOT_CONFIGURED', 'Browser softphones are not configured on this server (SWITCHBOARD_WEBRTC_WSS_URL, _DOMAIN, _SECRET)');
    }
    const extension = browser.phone.extension as string;
    return {
      wsUrl: this.settings.wssUrl,
      sipUri: `sip:${extension}@${this.settings.domain}`,
      authorizationUsername: extension,
      password: sipPasswordFor(this.settings.secret, extension),
      displayName: browser.displayName,
      iceServers: this.settings.iceServers.map((s) => ({ ...s, urls: [...s.urls] })),
    };
  }
}

function describe(mode: string): string {
  if (mode === 'fixed') return 'a fixed desk phone';
  if (mode === 'at_login' || mode === 'chosen_at_login') return 'chosen at login';
  return mode;
}

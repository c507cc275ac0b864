/**
 * What the softphone service asks of the rest of the system: the phone bindings of a user and of
 * an agent, and the settings of the deployment's WebRTC side. Structural types, so accounts,
 * the agent directory and config.ts satisfy them without this folder importing adapters.
 */

/** A binding as stored: only 'browser' carries credentials; other modes are named in errors. */
export interface PhoneBindingView {
  mode: string;
  extension?: string;
}

export interface BoundPhone {
  phone: PhoneBindingView;
  displayName: string;
}

export interface SoftphoneDirectory {
  /** The user's own phone (supervision), undefined for an unknown user. */
  userPhone(userId: string): Promise<BoundPhone | undefined>;
  /** The agent's phone (offers ring it), undefined for an unknown agent. */
  agentPhone(agentId: string): Promise<BoundPhone | undefined>;
}

export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface SoftphoneSettings {
  wssUrl: string;
  domain: string;
  secret: string;
  iceServers: IceServer[];
}

import { createHmac } from 'node:crypto';

/**
 * The SIP password of a browser softphone, derived from one server secret and the phone's
 * extension instead of stored: the daemon hands it to the logged-in agent, and
 * dialplan/render-config.sh derives the very same value with openssl when it writes the PBX's
 * WebRTC endpoints, so no per-phone password is ever copied by hand and rotating the secret
 * rotates them all. Change the label (v1) and the shell script together, or browsers stop
 * registering.
 *
 *   password = first 32 hex digits of HMAC-SHA256(key = secret, message = "switchboard-webrtc-v1:" + extension)
 *
 * Hex keeps the value safe in pjsip.conf, FreeSWITCH XML and a SIP digest; 128 bits is far more
 * than an online guess can reach, and an offline guess needs the secret itself.
 */
export const SIP_PASSWORD_LABEL = 'switchboard-webrtc-v1:';
export const SIP_PASSWORD_HEX_DIGITS = 32;

export function sipPasswordFor(secret: string, extension: string): string {
  return createHmac('sha256', secret).update(`${SIP_PASSWORD_LABEL}${extension}`).digest('hex').slice(0, SIP_PASSWORD_HEX_DIGITS);
}

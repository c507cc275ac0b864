import type { Registerer } from 'sip.js';
import { SoftphoneError } from './errors.js';

/** Registrars refusing the credentials: wrong password, unknown extension, forbidden. */
const REFUSED = new Set([401, 403, 404, 407]);

export interface PendingRegistration {
  done: Promise<void>;
  /** Ends the wait with this error (the WebSocket dropped before the PBX answered). */
  abort(err: SoftphoneError): void;
}

/**
 * One REGISTER and its outcome as a coded error. SIP.js answers the digest challenge itself; a
 * second 401 means the password is wrong, which the agent's admin must fix (not a retry).
 */
export function sendRegister(registerer: Registerer): PendingRegistration {
  let abort: (err: SoftphoneError) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    abort = reject;
    registerer
      .register({
        requestDelegate: {
          onAccept: () => resolve(),
          onReject: (response) => {
            const { statusCode, reasonPhrase } = response.message;
            const details = { statusCode, reasonPhrase };
            reject(
              REFUSED.has(statusCode ?? 0)
                ? new SoftphoneError('REGISTRATION_REFUSED', `The phone system refused this phone's credentials (${statusCode} ${reasonPhrase})`, { details })
                : new SoftphoneError('REGISTRATION_FAILED', `The phone system did not register this phone (${statusCode} ${reasonPhrase})`, { details }),
            );
          },
        },
      })
      .catch((err: unknown) => reject(new SoftphoneError('REGISTRATION_FAILED', 'The registration could not be sent', { cause: err })));
  });
  return { done, abort: (err) => abort(err) };
}

/**
 * Who is signed in, for every page. The session itself is the daemon's HttpOnly cookie: the page
 * only knows the principal (/api/auth/me). When the daemon says the session is over (a 401 on any
 * call, or the event stream closed with 4401) the user is sent to the login page with the reason.
 */
import { signal } from '@preact/signals';
import { auth } from '../api/endpoints.js';
import { isApiError, setUnauthorizedListener } from '../api/http.js';
import type { Principal } from '../api/types.js';
import type { MessageKey } from '../i18n/i18n.js';

export type SessionState = { kind: 'checking' } | { kind: 'anonymous'; notice?: MessageKey } | { kind: 'signed_in'; principal: Principal };

export const session = signal<SessionState>({ kind: 'checking' });

/** Asks the daemon whether the cookie is (still) a session. */
export async function loadSession(): Promise<void> {
  try {
    const principal = await auth.me();
    session.value = { kind: 'signed_in', principal };
  } catch (err) {
    if (isApiError(err) && err.status === 401) session.value = { kind: 'anonymous' };
    else throw err;
  }
}

export async function signIn(username: string, password: string): Promise<Principal> {
  const answer = await auth.login(username, password);
  session.value = { kind: 'signed_in', principal: answer.principal };
  return answer.principal;
}

/**
 * Set while the user signs out: the daemon then closes the event stream with 4401 at once, which
 * must not be told as "your session has ended" (it ended because they asked).
 */
let signingOut = false;

export async function signOut(): Promise<void> {
  signingOut = true;
  try {
    await auth.logout();
  } finally {
    signingOut = false;
    session.value = { kind: 'anonymous', notice: 'login.signedOut' };
  }
}

/** The daemon ended the session: back to login, saying why. */
export function sessionEnded(notice: MessageKey = 'login.expired'): void {
  if (session.value.kind !== 'signed_in' || signingOut) return;
  session.value = { kind: 'anonymous', notice };
}

setUnauthorizedListener(() => sessionEnded('login.expired'));

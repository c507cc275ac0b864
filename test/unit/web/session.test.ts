import { afterEach, describe, expect, it, vi } from 'vitest';
import { session, sessionEnded, signOut } from '../../../src/web/app/session.js';

const principal = { userId: 'u1', username: 'alice', roles: ['agent'], permissions: [], ledTeamIds: [] };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the page session', () => {
  it('given the user signs out when the event stream closes with 4401 during the logout then the page never says the session ended; the sign-in page says they signed out', async () => {
    session.value = { kind: 'signed_in', principal };
    let answerLogout: (r: Response) => void = () => undefined;
    vi.stubGlobal('fetch', () => new Promise<Response>((resolve) => (answerLogout = resolve)));
    const out = signOut();
    // The daemon revokes the session and closes the socket before the logout's answer arrives.
    sessionEnded('login.expired');
    // Not even for a moment: the sign-in page would show "your session has ended" first.
    expect(session.value.kind).toBe('signed_in');
    answerLogout(new Response(null, { status: 204 }));
    await out;
    expect(session.value).toEqual({ kind: 'anonymous', notice: 'login.signedOut' });
  });

  it('given a signed-in user when the daemon ends the session then the sign-in page says it ended', () => {
    session.value = { kind: 'signed_in', principal };
    sessionEnded('login.expired');
    expect(session.value).toEqual({ kind: 'anonymous', notice: 'login.expired' });
  });
});

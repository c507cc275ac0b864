/** AppShell wired to the session and the event stream: what every signed-in page sits in. */
import type { ComponentChildren } from 'preact';
import type { Principal } from '../api/types.js';
import { runAction } from '../kit/action.js';
import { AppShell, type ConnectionState } from '../kit/Layout.js';
import { streamStatus } from './live.js';
import { PageMenu } from './PageMenu.js';
import { UpdateHint } from '../pwa/UpdateHint.js';
import { signOut } from './session.js';

export function connectionState(): ConnectionState {
  const s = streamStatus.value;
  return s === 'open' ? 'online' : s === 'reconnecting' ? 'reconnecting' : s === 'ended' ? 'offline' : 'online';
}

export interface FrameProps {
  title: string;
  principal: Principal;
  children: ComponentChildren;
  headerExtra?: ComponentChildren;
  class?: string;
  /** Runs before signing out; throwing stops the sign-out (its error is shown). */
  beforeSignOut?: () => Promise<void>;
  /** The menu of the user's other pages in the header (default shown; a collapsed toolbar has no room). */
  pageMenu?: boolean;
}

export function Frame({ title, principal, children, headerExtra, class: cls, beforeSignOut, pageMenu = true }: FrameProps) {
  return (
    <AppShell
      title={title}
      userName={principal.username}
      onSignOut={() =>
        void runAction('common.signOut', async () => {
          await beforeSignOut?.();
          await signOut();
        })
      }
      connection={connectionState()}
      headerExtra={
        <>
          {headerExtra}
          {pageMenu && <PageMenu principal={principal} />}
        </>
      }
      {...(cls ? { class: cls } : {})}
    >
      <UpdateHint />
      {children}
    </AppShell>
  );
}

/** AppShell wired to the session and the event stream: what every signed-in page sits in. */
import type { ComponentChildren } from 'preact';
import type { Principal } from '../api/types.js';
import { runAction } from '../kit/action.js';
import { AppShell, type ConnectionState } from '../kit/Layout.js';
import { streamStatus } from './live.js';
import { signOut } from './session.js';

export function connectionState(): ConnectionState {
  const s = streamStatus.value;
  return s === 'open' ? 'online' : s === 'reconnecting' ? 'reconnecting' : s === 'ended' ? 'offline' : 'online';
}

export function Frame({ title, principal, children, headerExtra, class: cls }: { title: string; principal: Principal; children: ComponentChildren; headerExtra?: ComponentChildren; class?: string }) {
  return (
    <AppShell
      title={title}
      userName={principal.username}
      onSignOut={() => void runAction('common.signOut', signOut)}
      connection={connectionState()}
      headerExtra={headerExtra}
      {...(cls ? { class: cls } : {})}
    >
      {children}
    </AppShell>
  );
}

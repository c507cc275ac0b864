/**
 * The frame of every page: a header (product, page title, connection, language, who is signed in,
 * sign out), a skip link for keyboard users, the page, and the toast corner.
 */
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/i18n.js';
import { Button } from './Button.js';
import { LanguagePicker } from './LanguagePicker.js';
import { Toasts } from './Toasts.js';

export type ConnectionState = 'online' | 'reconnecting' | 'offline';

export interface AppShellProps {
  title: string;
  userName?: string;
  onSignOut?: () => void;
  connection?: ConnectionState;
  /** Extra controls in the header (e.g. collapse). */
  headerExtra?: ComponentChildren;
  children: ComponentChildren;
  class?: string;
}

export function AppShell({ title, userName, onSignOut, connection, headerExtra, children, class: cls }: AppShellProps) {
  return (
    <div class={`shell${cls ? ` ${cls}` : ''}`}>
      <a class="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header class="shell-head">
        <span class="brand">{t('app.name')}</span>
        <h1 class="shell-title">{title}</h1>
        <div class="shell-tools">
          {headerExtra}
          <LanguagePicker />
          {userName && (
            <span class="shell-user" title={t('common.signedInAs', { name: userName })}>
              {userName}
            </span>
          )}
          {onSignOut && <Button label={t('common.signOut')} icon="logout" iconOnly variant="ghost" onClick={onSignOut} />}
        </div>
      </header>
      {connection && connection !== 'online' && (
        <p class={`connection-banner is-${connection}`} role="status">
          {connection === 'reconnecting' ? t('common.reconnecting') : t('common.offline')}
        </p>
      )}
      <main id="main" class="shell-main" tabIndex={-1}>
        {children}
      </main>
      <Toasts />
    </div>
  );
}

import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { Icon, type IconName } from './Icon.js';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'success' | 'ghost';

export interface ButtonProps extends Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'icon' | 'label'> {
  /** The visible text, or the accessible name when `iconOnly`. Always translated by the caller. */
  label: string;
  icon?: IconName;
  variant?: ButtonVariant;
  /** Show only the icon; the label becomes the accessible name and the tooltip. */
  iconOnly?: boolean;
  /** A request is running: the button is disabled and says so to screen readers. */
  busy?: boolean;
  /** A toggle that is on (hold, mute): announced as pressed. */
  pressed?: boolean;
  children?: ComponentChildren;
}

/** Every clickable thing of the app: a real <button>, so keyboard and screen readers work. */
export function Button({ label, icon, variant = 'secondary', iconOnly, busy, pressed, disabled, class: cls, type, children, ...rest }: ButtonProps) {
  return (
    <button
      {...rest}
      type={type ?? 'button'}
      class={`btn btn-${variant}${iconOnly ? ' btn-icon' : ''}${busy ? ' is-busy' : ''}${cls ? ` ${String(cls)}` : ''}`}
      disabled={disabled || busy}
      aria-busy={busy ? 'true' : undefined}
      aria-pressed={pressed === undefined ? undefined : pressed ? 'true' : 'false'}
      aria-label={iconOnly ? label : rest['aria-label']}
      title={iconOnly ? label : rest.title}
    >
      {icon && <Icon name={icon} />}
      {!iconOnly && <span class="btn-label">{label}</span>}
      {children}
    </button>
  );
}

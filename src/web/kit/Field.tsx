/** A labelled form control: the label is tied to the control, the hint and error are described by it. */
import type { ComponentChildren } from 'preact';

export function Field({ id, label, hint, error, children, class: cls }: { id: string; label: string; hint?: string; error?: string; children: ComponentChildren; class?: string }) {
  return (
    <div class={`field${error ? ' has-error' : ''}${cls ? ` ${cls}` : ''}`}>
      <label for={id}>{label}</label>
      {children}
      {hint && (
        <p class="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A modal dialog on the browser's own <dialog>: focus moves into it and stays there, Escape
 * closes it, focus returns to what opened it. The title labels it for screen readers.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n/i18n.js';
import { Button } from './Button.js';

export interface DialogProps {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Buttons at the bottom (the close button is always in the corner). */
  footer?: ComponentChildren;
  class?: string;
}

export function Dialog({ open, title, onClose, children, footer, class: cls }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      const opener = document.activeElement as HTMLElement | null;
      d.showModal();
      return () => opener?.focus?.();
    }
    if (!open && d.open) d.close();
    return undefined;
  }, [open]);
  return (
    <dialog
      ref={ref}
      class={`dialog${cls ? ` ${cls}` : ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      {open && (
        <div class="dialog-body">
          <header class="dialog-head">
            <h2 id={titleId}>{title}</h2>
            <Button label={t('common.close')} icon="close" iconOnly variant="ghost" onClick={onClose} />
          </header>
          <div class="dialog-content">{children}</div>
          {footer && <footer class="dialog-foot">{footer}</footer>}
        </div>
      )}
    </dialog>
  );
}

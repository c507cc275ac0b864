/** Ending a chat: solved, unresolved, or spam/abuse with a reason the daemon requires. */
import { useEffect, useState } from 'preact/hooks';
import type { ChatOutcome } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import { Field } from '../kit/Field.js';

const OUTCOMES: ChatOutcome[] = ['solved', 'unresolved', 'spam'];

export function EndChatDialog({ open, onClose, onEnd }: { open: boolean; onClose: () => void; onEnd: (outcome: ChatOutcome, reason?: string) => Promise<boolean> }) {
  const [outcome, setOutcome] = useState<ChatOutcome>('solved');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (!open) return;
    setOutcome('solved');
    setReason('');
    setMissing(false);
  }, [open]);

  const submit = async () => {
    if (outcome === 'spam' && reason.trim() === '') {
      setMissing(true);
      return;
    }
    setBusy(true);
    const ok = await onEnd(outcome, outcome === 'spam' ? reason.trim() : undefined);
    setBusy(false);
    if (ok) onClose();
  };

  return (
    <Dialog
      open={open}
      title={t('chat.endTitle')}
      onClose={onClose}
      class="end-chat"
      footer={
        <>
          <Button label={t('common.cancel')} onClick={onClose} />
          <Button label={t('chat.endConfirm')} variant="danger" busy={busy} onClick={() => void submit()} />
        </>
      }
    >
      <fieldset class="end-outcomes">
        <legend>{t('chat.outcome')}</legend>
        {OUTCOMES.map((o) => (
          <label key={o} class="choice">
            <input type="radio" name="chat-outcome" value={o} checked={outcome === o} onChange={() => setOutcome(o)} />
            {t(`chat.outcome.${o}`)}
          </label>
        ))}
      </fieldset>
      <p class="end-ticket-note" data-testid="end-ticket-note">
        {t(`chat.endTicket.${outcome}`)}
      </p>
      {outcome === 'spam' && (
        <Field id="chat-spam-reason" label={t('chat.spamReason')} {...(missing ? { error: t('chat.spamReasonRequired') } : {})}>
          <textarea
            id="chat-spam-reason"
            rows={2}
            value={reason}
            onInput={(e) => {
              setReason((e.target as HTMLTextAreaElement).value);
              setMissing(false);
            }}
          />
        </Field>
      )}
    </Dialog>
  );
}

/**
 * Merging another customer into the one on the page: find it (the same search as the customer
 * list), pick it, read what will happen, confirm. Nothing is merged before the confirmation; the
 * other customer's numbers, e-mails, chat and messaging ids and tickets then belong to this one,
 * and an admin can undo it.
 */
import { useEffect, useState } from 'preact/hooks';
import { customers } from '../api/endpoints.js';
import type { Customer } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import { reportError } from '../kit/toast-store.js';
import { SEARCH_DEBOUNCE_MS } from './CustomerListPage.js';

export function MergeDialog({ open, kept, onClose, onMerged }: { open: boolean; kept: Customer; onClose: () => void; onMerged: () => void }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<Customer[]>([]);
  const [picked, setPicked] = useState<Customer | undefined>(undefined);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (!open) {
      setText('');
      setFound([]);
      setPicked(undefined);
    }
  }, [open]);

  useEffect(() => {
    const q = text.trim();
    if (q === '') return setFound([]);
    const ask = new AbortController();
    const timer = setTimeout(() => {
      customers.search(q, ask.signal).then(
        (r) => setFound(r.items.filter((c) => c.id !== kept.id)),
        (err: unknown) => {
          // An answer to an older text, aborted on purpose.
          if (!ask.signal.aborted) reportError('customers.search', err);
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ask.abort();
    };
  }, [text, kept.id]);

  const confirm = async () => {
    if (!picked) return;
    setSaving(true);
    try {
      await customers.merge(kept.id, picked.id);
      onMerged();
    } catch (err) {
      reportError('customer.merge', err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={open}
      title={t('customer.mergeTitle', { name: kept.name })}
      onClose={onClose}
      class="merge-dialog"
      footer={
        <>
          <Button label={t('common.cancel')} onClick={onClose} disabled={saving} />
          <Button label={t('customer.mergeConfirm')} variant="danger" icon="merge" busy={saving} disabled={!picked} onClick={() => void confirm()} />
        </>
      }
    >
      {picked ? (
        <div class="merge-confirm" role="alert">
          <p>{t('customer.mergeWarning', { merged: picked.name, kept: kept.name })}</p>
          <p class="muted">{[...picked.phones, ...picked.emails].join(', ')}</p>
          <Button label={t('customer.mergeOther')} variant="ghost" onClick={() => setPicked(undefined)} />
        </div>
      ) : (
        <>
          <div class="field">
            <label for="merge-search">{t('customer.mergeFind')}</label>
            <input id="merge-search" type="search" value={text} autoComplete="off" onInput={(e) => setText(e.currentTarget.value)} />
          </div>
          <ul class="merge-results">
            {found.map((c) => (
              <li key={c.id}>
                <Button label={c.name} onClick={() => setPicked(c)} />
                <span class="muted">{[c.company, ...c.phones].filter((x) => x).join(' · ')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </Dialog>
  );
}

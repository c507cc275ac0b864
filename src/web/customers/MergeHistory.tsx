/**
 * The merges into this customer, for admins (config.edit): each with Undo, which restores both
 * customers as they were (refused by the daemon once this customer changed after the merge).
 */
import { useEffect, useState } from 'preact/hooks';
import { customers } from '../api/endpoints.js';
import type { CustomerMergeView } from '../api/types.js';
import { formatDateTime } from '../i18n/format.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';

export function MergeHistory({ customerId, version, onUndone }: { customerId: string; version: number; onUndone: () => void }) {
  const [merges, setMerges] = useState<CustomerMergeView[]>([]);
  const [busy, run] = useAction();
  useEffect(() => {
    let live = true;
    void run('customer.merges', async () => {
      const list = await customers.merges(customerId);
      if (live) setMerges(list.items.filter((m) => m.undoneAt === null));
    });
    return () => {
      live = false;
    };
  }, [customerId, version]);
  if (merges.length === 0) return null;
  const undo = (id: string) =>
    void run('customer.mergeUndo', async () => {
      await customers.undoMerge(id);
      onUndone();
    });
  return (
    <section class="panel customer-merges" aria-labelledby="customer-merges-title">
      <h2 id="customer-merges-title">{t('customer.merges')}</h2>
      <ul>
        {merges.map((m) => (
          <li key={m.id}>
            <span>{t('customer.mergedFrom', { name: m.mergedName, when: formatDateTime(m.mergedAt) })}</span>
            <Button label={t('customer.mergeUndo')} busy={busy !== undefined} onClick={() => undo(m.id)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

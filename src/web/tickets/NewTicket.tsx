/** A ticket from the page: a subject and a priority; the rest is set on the ticket itself. */
import { useState } from 'preact/hooks';
import { tickets } from '../api/endpoints.js';
import type { TicketPriority } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { PRIORITIES, priorityText } from './badges.js';

export function NewTicket({ onCreated }: { onCreated: (id: string) => void }) {
  const [subject, setSubject] = useState('');
  const [priority, setPriority] = useState<TicketPriority>('normal');
  const [busy, run] = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    if (subject.trim() === '') return;
    void run('tickets.create', async () => {
      const created = await tickets.create({ subject: subject.trim(), priority });
      setSubject('');
      onCreated(created.id);
    });
  };
  return (
    <form class="new-ticket" onSubmit={create} aria-label={t('tickets.new')}>
      <input id="new-ticket-subject" name="subject" type="text" maxLength={200} placeholder={t('tickets.subject')} aria-label={t('tickets.subject')} value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
      <select name="new-priority" aria-label={t('tickets.filterPriority')} value={priority} onChange={(e) => setPriority(e.currentTarget.value as TicketPriority)}>
        {PRIORITIES.map((p) => (
          <option key={p} value={p}>
            {priorityText(p)}
          </option>
        ))}
      </select>
      <Button type="submit" label={t('tickets.new')} icon="plus" variant="primary" data-action="create-ticket" busy={busy === 'tickets.create'} disabled={subject.trim() === ''} />
    </form>
  );
}

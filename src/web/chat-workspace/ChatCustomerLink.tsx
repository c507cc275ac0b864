/**
 * The chat's screen-pop: when a customer holds the visitor's chat id, a link to their record (in a
 * tab of its own, as from a call's screen-pop). A chat the agent may no longer read, or a user who
 * may not view customers, shows no link; any other failure is reported.
 */
import { useEffect, useState } from 'preact/hooks';
import { chats } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { Customer } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Icon } from '../kit/Icon.js';
import { reportError } from '../kit/toast-store.js';

const NOT_FOR_THIS_USER = ['FORBIDDEN', 'CHAT_NOT_YOURS', 'CHAT_NOT_FOUND'];

export function ChatCustomerLink({ chatId }: { chatId: string }) {
  const [customer, setCustomer] = useState<Customer | null>(null);
  useEffect(() => {
    let live = true;
    setCustomer(null);
    chats.customer(chatId).then(
      (r) => live && setCustomer(r.customer),
      (err: unknown) => {
        if (live && !(isApiError(err) && NOT_FOR_THIS_USER.includes(err.code))) reportError('customer.load', err);
      },
    );
    return () => {
      live = false;
    };
  }, [chatId]);
  if (!customer) return null;
  return (
    <a class="pop-link chat-customer" href={`/app/customers/${encodeURIComponent(customer.id)}`} target="_blank" rel="noopener">
      <Icon name="link" size={16} />
      {t('chat.openCustomer', { name: customer.name })}
    </a>
  );
}

/**
 * The chat's CRM answer (GET /api/chats/:id/crm): nothing while it loads, when the CRM knows
 * nothing, or for a user who may not read this chat's customer; any other failure is reported.
 */
import { useEffect, useState } from 'preact/hooks';
import { chats } from '../api/endpoints.js';
import { isApiError } from '../api/http.js';
import type { CrmAnswer } from '../api/types.js';
import { reportError } from '../kit/toast-store.js';
import { CrmCard } from './CrmCard.js';

const NOT_FOR_THIS_USER = ['FORBIDDEN', 'CHAT_NOT_YOURS', 'CHAT_NOT_FOUND'];

export function ChatCrmCard({ chatId }: { chatId: string }) {
  const [answer, setAnswer] = useState<CrmAnswer | null>(null);
  useEffect(() => {
    let live = true;
    setAnswer(null);
    chats.crm(chatId).then(
      (r) => live && setAnswer(r.crm),
      (err: unknown) => {
        if (live && !(isApiError(err) && NOT_FOR_THIS_USER.includes(err.code))) reportError('crm.card', err);
      },
    );
    return () => {
      live = false;
    };
  }, [chatId]);
  return answer ? <CrmCard answer={answer} compact /> : null;
}

/**
 * Who is in the chat on screen and what its agent may do about it: the owner transfers and
 * invites (and withdraws a pending transfer, removes a colleague); an invited colleague sees who
 * owns the chat and leaves it. A pending transfer shows until the colleague answers.
 */
import { useEffect } from 'preact/hooks';
import { chatTransfers } from '../api/endpoints.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import type { TransferMode } from './TransferDialog.js';
import type { TransferStore } from './transfer-store.js';

export function ChatPartiesBar({ store, chatId, ownerId, onOpen }: { store: TransferStore; chatId: string; ownerId: string | null; onOpen: (mode: TransferMode) => void }) {
  useEffect(() => void store.loadParties(chatId), [chatId, ownerId]);
  const parties = store.parties.value[chatId];
  const mine = ownerId === store.agentId;
  const pending = parties?.transfer ?? store.outgoing.value.find((x) => x.chatId === chatId) ?? null;
  const colleagues = parties?.colleagues ?? [];
  return (
    <div class="chat-parties" data-owner={mine ? 'me' : 'colleague'}>
      {!mine && parties?.owner && <span class="chat-parties-owner">{t('chat.invitedBy', { name: parties.owner.name })}</span>}
      {colleagues.length > 0 && (
        <span class="chat-parties-with">
          {t('chat.colleagues', { names: colleagues.map((c) => c.name).join(', ') })}
          {mine &&
            colleagues.map((c) => (
              <Button key={c.agentId} class="chat-remove-colleague" label={t('chat.remove', { name: c.name })} icon="close" iconOnly onClick={() => void store.act('chat.removeFailed', () => chatTransfers.remove(chatId, c.agentId), chatId)} />
            ))}
        </span>
      )}
      {mine && pending && (
        <span class="chat-pending-transfer" role="status" data-transfer={pending.id}>
          <span class="chat-pending-text">{t('chat.pendingTransfer', { name: store.nameOf(pending.toAgentId) ?? '' })}</span>
          <Button class="chat-withdraw" label={t('chat.withdraw')} onClick={() => void store.act('chat.withdrawFailed', () => chatTransfers.cancel(pending.id), chatId)} />
        </span>
      )}
      <span class="chat-parties-actions">
        {mine ? (
          <>
            <Button class="chat-transfer" label={t('chat.transfer')} disabled={pending !== null} onClick={() => onOpen('transfer')} />
            <Button class="chat-invite" label={t('chat.invite')} onClick={() => onOpen('invite')} />
          </>
        ) : (
          <Button class="chat-leave" label={t('chat.leave')} onClick={() => void store.act('chat.leaveFailed', () => chatTransfers.leave(chatId), chatId)} />
        )}
      </span>
    </div>
  );
}

/** Chats a colleague offers me: accept (it is mine at once) or decline (it stays with them). */
export function IncomingTransfers({ store }: { store: TransferStore }) {
  const list = store.incoming.value;
  if (list.length === 0) return null;
  return (
    <section class="chat-incoming" aria-labelledby="chat-incoming-title">
      <h3 id="chat-incoming-title">{t('chat.incomingTitle')}</h3>
      <ul>
        {list.map((x) => (
          <li key={x.id} data-transfer={x.id}>
            <span>
              {t('chat.incoming', { from: store.nameOf(x.fromAgentId) ?? t('chat.colleagueAgent'), name: x.visitorName || t('chat.visitor') })}
              {x.note && <em class="chat-incoming-note"> — {x.note}</em>}
            </span>
            <Button class="chat-accept" label={t('chat.accept')} variant="primary" onClick={() => void store.act('chat.answerFailed', () => chatTransfers.accept(x.id), x.chatId)} />
            <Button class="chat-decline" label={t('chat.decline')} onClick={() => void store.act('chat.answerFailed', () => chatTransfers.decline(x.id), x.chatId)} />
          </li>
        ))}
      </ul>
    </section>
  );
}

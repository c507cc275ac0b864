/**
 * Transfer a chat (to a colleague, who is asked first, or to a queue, at once) or invite a
 * colleague into it. The lists are the logged-in colleagues (with their free chat slots: a
 * transfer needs one, an invitation does not) and the chat queues.
 */
import { useEffect, useState } from 'preact/hooks';
import { chatTransfers } from '../api/endpoints.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import { Field } from '../kit/Field.js';
import type { TransferStore } from './transfer-store.js';

export type TransferMode = 'transfer' | 'invite';

export function TransferDialog({ store, chatId, mode, onClose }: { store: TransferStore; chatId: string | null; mode: TransferMode; onClose: () => void }) {
  const [kind, setKind] = useState<'agent' | 'queue'>('agent');
  const [agentId, setAgentId] = useState('');
  const [queueId, setQueueId] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const open = chatId !== null;
  const inChat = new Set(open ? (store.parties.value[chatId]?.colleagues.map((c) => c.agentId) ?? []) : []);
  // A transfer needs a free slot; an invitation uses none. Colleagues already in the chat are not offered again.
  const agents = store.targets.value.agents.filter((a) => !inChat.has(a.agentId) && (mode === 'invite' || a.freeChatSlots > 0));
  const queues = store.targets.value.queues;
  useEffect(() => {
    if (!open) return;
    setKind('agent');
    setNote('');
    void store.loadTargets().catch((err: unknown) => console.info('chat: transfer targets not read', err));
  }, [open, chatId]);
  useEffect(() => {
    if (!agents.some((a) => a.agentId === agentId)) setAgentId(agents[0]?.agentId ?? '');
    if (!queues.some((q) => q.id === queueId)) setQueueId(queues[0]?.id ?? '');
  }, [agents.map((a) => a.agentId).join(','), queues.map((q) => q.id).join(',')]);

  const submit = async () => {
    if (!chatId) return;
    setBusy(true);
    const ok =
      mode === 'invite'
        ? await store.act('chat.inviteFailed', () => chatTransfers.invite(chatId, agentId), chatId)
        : await store.act('chat.transferFailed', () => chatTransfers.transfer(chatId, kind === 'agent' ? { agentId, ...(note.trim() ? { note: note.trim() } : {}) } : { queueId }), chatId);
    setBusy(false);
    if (ok) onClose();
  };
  const ready = mode === 'invite' || kind === 'agent' ? agentId !== '' : queueId !== '';

  return (
    <Dialog
      open={open}
      title={t(mode === 'invite' ? 'chat.inviteTitle' : 'chat.transferTitle')}
      onClose={onClose}
      class="transfer-chat"
      footer={
        <>
          <Button label={t('common.cancel')} onClick={onClose} />
          <Button class="transfer-confirm" label={t(mode === 'invite' ? 'chat.inviteConfirm' : 'chat.transferConfirm')} variant="primary" busy={busy} disabled={!ready} onClick={() => void submit()} />
        </>
      }
    >
      <p class="field-hint">{t(mode === 'invite' ? 'chat.inviteHint' : 'chat.transferHint')}</p>
      {mode === 'transfer' && (
        <fieldset class="transfer-kind">
          <legend>{t('chat.transferTo')}</legend>
          {(['agent', 'queue'] as const).map((k) => (
            <label key={k} class="choice">
              <input type="radio" name="transfer-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {t(k === 'agent' ? 'chat.toAgent' : 'chat.toQueue')}
            </label>
          ))}
        </fieldset>
      )}
      {mode === 'invite' || kind === 'agent' ? (
        agents.length === 0 ? (
          <p class="muted transfer-none">{t('chat.noTargets')}</p>
        ) : (
          <Field id="transfer-agent" label={t('chat.pickAgent')}>
            <select id="transfer-agent" value={agentId} onChange={(e) => setAgentId((e.target as HTMLSelectElement).value)}>
              {agents.map((a) => (
                <option key={a.agentId} value={a.agentId}>
                  {mode === 'invite' ? a.name : t('chat.freeSlots', { name: a.name, count: a.freeChatSlots })}
                </option>
              ))}
            </select>
          </Field>
        )
      ) : (
        <Field id="transfer-queue" label={t('chat.pickQueue')}>
          <select id="transfer-queue" value={queueId} onChange={(e) => setQueueId((e.target as HTMLSelectElement).value)}>
            {queues.map((q) => (
              <option key={q.id} value={q.id}>
                {q.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      {mode === 'transfer' && kind === 'agent' && (
        <Field id="transfer-note" label={t('chat.transferNote')}>
          <textarea id="transfer-note" rows={2} maxLength={500} value={note} onInput={(e) => setNote((e.target as HTMLTextAreaElement).value)} />
        </Field>
      )}
    </Dialog>
  );
}

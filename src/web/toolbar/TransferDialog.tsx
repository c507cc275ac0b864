/**
 * Transferring a call: blind (the customer goes straight to the target) or attended (talk to the
 * target first, then complete, make it three-way, or go back). Targets: a colleague with their
 * live state, a queue with how many wait there, or a number. The list is re-read every few seconds
 * while open, so the agent does not pick someone who just went on a call.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AgentDirectory, AgentStateName, LiveCall } from '../api/types.js';
import { agent, calls, type TransferTarget } from '../api/endpoints.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { Button } from '../kit/Button.js';
import { Dialog } from '../kit/Dialog.js';
import { reportError } from '../kit/toast-store.js';
import type { DeskStore } from './desk-store.js';
import { dialable } from './Keypad.js';
import { AGENT_STATE_KEY, stateTone } from './state-labels.js';

type Mode = 'attended' | 'blind';
type Tab = 'agents' | 'queues' | 'number';

const REFRESH_MS = 5000;
const NUMBER = /^\+?[0-9*#]{2,32}$/;

function isAgentState(s: string): s is AgentStateName {
  return s in AGENT_STATE_KEY;
}

export function TransferDialog({ open, onClose, call, store }: { open: boolean; onClose: () => void; call: LiveCall; store: DeskStore }) {
  const [mode, setMode] = useState<Mode>('attended');
  const [tab, setTab] = useState<Tab>('agents');
  const [filter, setFilter] = useState('');
  const [number, setNumber] = useState('');
  const [directory, setDirectory] = useState<AgentDirectory | null>(null);
  const [busy, run] = useAction();

  useEffect(() => {
    if (!open) return undefined;
    let stopped = false;
    const load = async () => {
      try {
        const d = await agent.directory();
        store.directory.value = d;
        if (!stopped) setDirectory(d);
      } catch (err) {
        reportError('transfer.loadDirectory', err);
      }
    };
    void load();
    const timer = window.setInterval(() => void load(), REFRESH_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [open]);

  const go = (target: TransferTarget) =>
    void run(mode === 'blind' ? 'transfer.blind' : 'transfer.consult', async () => {
      if (mode === 'blind' || target.kind === 'queue') await calls.transfer(call.id, target);
      else store.call.value = (await calls.consult(call.id, target)).call;
      await store.refreshCall();
      onClose();
    });

  const q = filter.trim().toLowerCase();
  const agents = (directory?.agents ?? []).filter((a) => a.id !== store.agentId && (q === '' || a.displayName.toLowerCase().includes(q) || a.number.includes(q)));
  const queues = (directory?.queues ?? []).filter((x) => x.media === 'voice' && (q === '' || x.name.toLowerCase().includes(q)));
  const action = mode === 'blind' ? t('transfer.transferTo') : t('transfer.consultWith');

  return (
    <Dialog open={open} onClose={onClose} title={t('transfer.title')} class="transfer-dialog">
      <fieldset class="segmented">
        <legend>{t('transfer.mode')}</legend>
        <label class="choice">
          <input type="radio" name="transfer-mode" checked={mode === 'attended'} onChange={() => setMode('attended')} />
          {t('transfer.attended')}
        </label>
        <label class="choice">
          <input type="radio" name="transfer-mode" checked={mode === 'blind'} onChange={() => setMode('blind')} />
          {t('transfer.blindMode')}
        </label>
      </fieldset>
      <div class="tabs" role="tablist" aria-label={t('transfer.target')}>
        {(['agents', 'queues', 'number'] as const).map((x) => (
          <button key={x} type="button" role="tab" id={`transfer-tab-${x}`} aria-selected={tab === x ? 'true' : 'false'} aria-controls={`transfer-panel-${x}`} class="tab" onClick={() => setTab(x)}>
            {t(`transfer.tab.${x}`)}
          </button>
        ))}
      </div>
      {tab !== 'number' && (
        <div class="field">
          <label for="transfer-filter">{t('transfer.filter')}</label>
          <input id="transfer-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </div>
      )}
      {tab === 'agents' && (
        <ul class="target-list" id="transfer-panel-agents" role="tabpanel" aria-labelledby="transfer-tab-agents">
          {directory === null && <li class="muted">{t('common.loading')}</li>}
          {directory !== null && agents.length === 0 && <li class="muted">{t('transfer.noAgents')}</li>}
          {agents.map((a) => (
            <li key={a.id} class="target" data-agent={a.id}>
              <span class={`state-dot tone-${isAgentState(a.state) ? stateTone(a.state) : 'away'}`} aria-hidden="true" />
              <span class="target-name">
                {a.displayName} <span class="muted">{a.number}</span>
              </span>
              <span class="badge">{isAgentState(a.state) ? t(AGENT_STATE_KEY[a.state]) : a.state}</span>
              <Button label={action} aria-label={`${action} ${a.displayName}`} disabled={busy !== undefined || a.state === 'logged_out'} onClick={() => go({ kind: 'agent', agentId: a.id })} />
            </li>
          ))}
        </ul>
      )}
      {tab === 'queues' && (
        <ul class="target-list" id="transfer-panel-queues" role="tabpanel" aria-labelledby="transfer-tab-queues">
          {directory !== null && queues.length === 0 && <li class="muted">{t('transfer.noQueues')}</li>}
          {queues.map((x) => (
            <li key={x.id} class="target" data-queue={x.id}>
              <span class="target-name">{x.name}</span>
              <span class="badge">{t('transfer.waiting', { n: x.waiting })}</span>
              <Button label={t('transfer.transferTo')} aria-label={`${t('transfer.transferTo')} ${x.name}`} disabled={busy !== undefined || !x.enabled} onClick={() => go({ kind: 'queue', queueId: x.id })} />
            </li>
          ))}
          {mode === 'attended' && <li class="muted">{t('transfer.queueIsBlind')}</li>}
        </ul>
      )}
      {tab === 'number' && (
        <div id="transfer-panel-number" role="tabpanel" aria-labelledby="transfer-tab-number">
        <form
          class="transfer-number"
          onSubmit={(e) => {
            e.preventDefault();
            if (NUMBER.test(number)) go({ kind: 'number', number });
          }}
        >
          <div class="field">
            <label for="transfer-number">{t('transfer.number')}</label>
            <input id="transfer-number" type="tel" inputMode="tel" value={number} onInput={(e) => setNumber(dialable(e.currentTarget.value))} />
          </div>
          <Button type="submit" variant="primary" label={action} disabled={!NUMBER.test(number)} busy={busy !== undefined} />
        </form>
        </div>
      )}
    </Dialog>
  );
}

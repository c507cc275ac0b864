/**
 * The supervisor console's Chats panel: active and waiting chats in my reach (agent, queue, where
 * the visitor is, time waited or active) with Monitor and Take over; the monitored chat below, read
 * only, with its whispers marked and a whisper box (the agent sees it, the visitor never does).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { MonitorShare } from './MonitorShare.js';
import type { EventStream } from '../api/event-stream.js';
import type { SupervisedChat } from '../api/chat-supervision.js';
import { formatTime } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { ActionSelect } from '../kit/ActionSelect.js';
import type { TransferTargets } from './AgentActions.js';
import { Button } from '../kit/Button.js';
import { now } from '../kit/now.js';
import { Elapsed } from '../kit/Timer.js';
import { visitorLabel } from '../chat-workspace/ChatList.js';
import { whispersAfter } from '../chat-workspace/Whispers.js';
import { ChatsPanelStore } from './chats-store.js';
import '../chat-workspace/chat.css';
import './supervisor-chats.css';
import { Icon } from '../kit/Icon.js';

export function ChatsPanel({
  stream,
  agentName,
  queueName,
  myAgentId,
  targets,
}: {
  stream: EventStream;
  agentName: (id: string) => string;
  queueName: (id: string) => string;
  myAgentId: string | undefined;
  targets: TransferTargets;
}) {
  const store = useMemo(() => new ChatsPanelStore(stream), [stream]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  const { active, waiting } = store.list.value;
  const rows = [...active, ...waiting];
  return (
    <section class="panel supervisor-chats" aria-labelledby="supervisor-chats-title">
      <h2 id="supervisor-chats-title">{t('supervisor.chats.title')}</h2>
      {rows.length === 0 ? (
        <p class="muted">{t('supervisor.chats.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table supervisor-chats-table">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.chats.visitor')}</th>
                <th scope="col">{t('supervisor.chats.agent')}</th>
                <th scope="col">{t('supervisor.col.queue')}</th>
                <th scope="col">{t('supervisor.chats.origin')}</th>
                <th scope="col" class="num">
                  {t('supervisor.chats.time')}
                </th>
                <th scope="col">{t('supervisor.chats.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <ChatRow key={c.id} c={c} store={store} agentName={agentName} queueName={queueName} canTakeOver={myAgentId !== undefined && c.agentId !== myAgentId} targets={targets} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <MonitorPane store={store} agentName={agentName} stream={stream} />
    </section>
  );
}

/** The visitor's device in words (the daemon sends ua-parser's type), as the visitors panel says it. */
const DEVICE_WORDS: Record<string, MessageKey> = { desktop: 'visitors.device.desktop', mobile: 'visitors.device.mobile', tablet: 'visitors.device.tablet' };
const deviceWord = (type: string | undefined) => (type === undefined ? undefined : DEVICE_WORDS[type] ? t(DEVICE_WORDS[type]) : type);

function ChatRow({
  c,
  store,
  agentName,
  queueName,
  canTakeOver,
  targets,
}: {
  c: SupervisedChat;
  store: ChatsPanelStore;
  agentName: (id: string) => string;
  queueName: (id: string) => string;
  canTakeOver: boolean;
  targets: TransferTargets;
}) {
  const origin = [deviceWord(c.origin?.device), c.origin?.region].filter(Boolean).join(' · ');
  const monitoring = store.monitored.value?.chat.id === c.id;
  const name = visitorLabel(c.visitorName);
  const agents = targets.agents.filter((a) => a.id !== c.agentId).map((a) => ({ value: `agent:${a.id}`, label: a.name }));
  const queues = targets.queues.map((q) => ({ value: `queue:${q.id}`, label: q.name }));
  const move = (value: string) => {
    if (value.startsWith('agent:')) {
      const id = value.slice('agent:'.length);
      return store.forceTransfer(c.id, { agentId: id }, agentName(id));
    }
    const id = value.slice('queue:'.length);
    return store.forceTransfer(c.id, { queueId: id }, queueName(id));
  };
  return (
    <tr data-chat={c.id} data-state={c.state}>
      <td>{visitorLabel(c.visitorName)}</td>
      <td>{c.agentId ? agentName(c.agentId) : <span class="muted">{t('supervisor.chats.waiting')}</span>}</td>
      <td>{queueName(c.queueId)}</td>
      <td>{origin || <span class="muted">—</span>}</td>
      <td class="num">
        <Elapsed since={c.assignedAt ?? c.createdAt} label={c.state === 'waiting' ? t('supervisor.chats.waited') : t('supervisor.chats.activeFor')} />
      </td>
      <td class="supervisor-chat-actions">
        <Button class="chat-monitor" label={monitoring ? t('supervisor.chats.monitoring') : t('supervisor.chats.monitor')} pressed={monitoring} onClick={() => void (monitoring ? store.stopMonitoring() : store.monitor(c.id))} />
        {c.state === 'waiting' && (
          <ActionSelect class="chat-assign" label={t('supervisor.chats.assignOf', { name })} prompt={t('supervisor.assignTo')} items={agents.map((a) => ({ value: a.value.slice('agent:'.length), label: a.label }))} onPick={(id) => void store.assign(c.id, id, agentName(id))} />
        )}
        {c.state === 'active' && (
          <ActionSelect
            class="chat-move"
            label={t('supervisor.chats.moveOf', { name })}
            prompt={t('supervisor.chats.moveTo')}
            items={[
              { label: t('supervisor.transferAgents'), options: agents },
              { label: t('supervisor.transferQueues'), options: queues },
            ]}
            onPick={(value) => void move(value)}
          />
        )}
        {canTakeOver && c.state === 'active' && <Button class="chat-take-over" variant="danger" label={t('supervisor.chats.takeOver')} onClick={() => void store.takeOver(c.id)} />}
      </td>
    </tr>
  );
}

function MonitorPane({ store, agentName, stream }: { store: ChatsPanelStore; agentName: (id: string) => string; stream: EventStream }) {
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const m = store.monitored.value;
  if (!m) return null;
  const name = visitorLabel(m.chat.visitorName);
  const ended = m.chat.state === 'ended';
  const send = async () => {
    if (text.trim() === '') return;
    setSending(true);
    if (await store.whisper(text)) setText('');
    setSending(false);
  };
  return (
    <section class="monitor-pane" aria-labelledby="monitor-title" data-chat={m.chat.id}>
      <h3 id="monitor-title">
        <Icon name="eye" inline />
        {t('supervisor.chats.monitorOf', { name, agent: m.chat.agentId ? agentName(m.chat.agentId) : '—' })}
      </h3>
      <p class="muted">{t('supervisor.chats.silentHint')}</p>
      {!ended && <MonitorShare stream={stream} chatId={m.chat.id} />}
      <ol class="messages" aria-live="polite" aria-label={t('chat.messages')}>
        {whispersAfter(m.whispers, 0, undefined)}
        {m.messages.map((x, i) => [
          <li key={`s${x.seq}`} class="message" data-from={x.from} data-seq={x.seq}>
            <span class="message-text">{x.attachment ? (
              <>
                <Icon name="paperclip" size={14} inline />
                {x.attachment.name}
              </>
            ) : (
              x.text
            )}</span>
            <span class="message-meta">
              {x.from === 'visitor' ? name : x.from === 'agent' ? (x.agentId ? agentName(x.agentId) : t('supervisor.chats.agent')) : t('chat.system')} · {formatTime(x.at)}
            </span>
          </li>,
          whispersAfter(m.whispers, x.seq, m.messages[i + 1]?.seq),
        ])}
      </ol>
      <p class="typing" aria-live="polite">
        {store.typingUntil.value > now.value ? t('chat.visitorTyping', { name }) : ''}
      </p>
      {ended ? (
        <p class="muted">{t('chat.endedNote')}</p>
      ) : (
        <form
          class="compose whisper-compose"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <label class="visually-hidden" for="whisper-text">
            {t('supervisor.chats.whisper')}
          </label>
          <textarea id="whisper-text" rows={2} placeholder={t('supervisor.chats.whisperPlaceholder')} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          <Button type="submit" class="whisper-send" icon="whisper" label={t('supervisor.chats.whisper')} variant="primary" busy={sending} disabled={text.trim() === '' || !m.chat.agentId} />
          <Button label={t('supervisor.chats.stop')} onClick={() => void store.stopMonitoring()} />
        </form>
      )}
    </section>
  );
}

/**
 * The supervisor console's Chats panel: active and waiting chats in my reach (agent, queue, where
 * the visitor is, time waited or active) with Monitor and Take over; below them the chats the bot
 * has (issue 21: a visitor stuck with the bot is seen) with Monitor and Hand to a person; the
 * monitored chat last, read only, with its whispers marked and a whisper box (the agent sees it,
 * the visitor never does; a chat with the bot has no agent to whisper to).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { MonitorShare } from './MonitorShare.js';
import type { EventStream } from '../api/event-stream.js';
import type { BotChat, SupervisedChat } from '../api/chat-supervision.js';
import { formatTime } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { ActionSelect } from '../kit/ActionSelect.js';
import type { TransferTargets } from './AgentActions.js';
import { Button } from '../kit/Button.js';
import { now } from '../kit/now.js';
import { Elapsed } from '../kit/Timer.js';
import { visitorLabel } from '../chat-workspace/visitor-label.js';
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
  const { active, waiting, withBot } = store.list.value;
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
      <BotChats chats={withBot} store={store} queueName={queueName} />
      <MonitorPane store={store} agentName={agentName} stream={stream} />
    </section>
  );
}

/** The chats the bot has: how long and how far it got, and the way to a person. */
function BotChats({ chats, store, queueName }: { chats: BotChat[]; store: ChatsPanelStore; queueName: (id: string) => string }) {
  return (
    <section class="supervisor-bot-chats" aria-labelledby="supervisor-bot-chats-title">
      <h3 id="supervisor-bot-chats-title">{t('supervisor.chats.withBot')}</h3>
      {chats.length === 0 ? (
        <p class="muted">{t('supervisor.chats.withBotNone')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table supervisor-chats-table">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.chats.visitor')}</th>
                <th scope="col">{t('supervisor.chats.channel')}</th>
                <th scope="col">{t('supervisor.col.queue')}</th>
                <th scope="col" class="num">
                  {t('supervisor.chats.botTime')}
                </th>
                <th scope="col" class="num">
                  {t('supervisor.chats.turns')}
                </th>
                <th scope="col">{t('supervisor.chats.lastVisitor')}</th>
                <th scope="col">{t('supervisor.chats.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {chats.map((c) => {
                const name = visitorLabel(c.visitorName);
                const monitoring = store.monitored.value?.chat.id === c.id;
                return (
                  <tr key={c.id} data-chat={c.id} data-state={c.state}>
                    <td>{name}</td>
                    <td>{c.channel ? t(`supervisor.chats.channel.${c.channel}`) : <span class="muted">—</span>}</td>
                    <td>{queueName(c.queueId)}</td>
                    <td class="num">
                      <Elapsed since={c.createdAt} label={t('supervisor.chats.botTime')} />
                    </td>
                    <td class="num bot-turns">{c.turns}</td>
                    <td>{c.lastVisitorAt === undefined ? <span class="muted">{t('supervisor.chats.neverWrote')}</span> : formatTime(c.lastVisitorAt)}</td>
                    <td class="supervisor-chat-actions">
                      <Button class="chat-monitor" label={monitoring ? t('supervisor.chats.monitoring') : t('supervisor.chats.monitor')} pressed={monitoring} onClick={() => void (monitoring ? store.stopMonitoring() : store.monitor(c.id))} />
                      <Button class="chat-hand-over" variant="primary" icon="user" label={t('supervisor.chats.handOver')} title={t('supervisor.chats.handOverOf', { name })} onClick={() => void store.handOver(c.id, name)} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
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
  const withBot = m.chat.state === 'bot';
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
        {t('supervisor.chats.monitorOf', { name, agent: m.chat.agentId ? agentName(m.chat.agentId) : withBot ? t('chat.bot') : '—' })}
      </h3>
      <p class="muted">{withBot ? t('supervisor.chats.botMonitorHint') : t('supervisor.chats.silentHint')}</p>
      {m.tags.length > 0 && (
        <div class="chat-tags monitor-tags" role="group" aria-label={t('chat.tags')}>
          {m.tags.map((tag) => (
            <span key={tag} class="chat-tag" data-tag={tag}>
              {tag}
            </span>
          ))}
        </div>
      )}
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
              {x.from === 'visitor' ? name : x.from === 'agent' ? (x.agentId ? agentName(x.agentId) : t('supervisor.chats.agent')) : x.from === 'bot' ? t('chat.bot') : t('chat.system')} · {formatTime(x.at)}
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
      ) : withBot ? (
        <div class="compose">
          <Button class="chat-hand-over" variant="primary" icon="user" label={t('supervisor.chats.handOver')} title={t('supervisor.chats.handOverOf', { name })} onClick={() => void store.handOver(m.chat.id, name)} />
          <Button label={t('supervisor.chats.stop')} onClick={() => void store.stopMonitoring()} />
        </div>
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

/**
 * The agent's chat workspace inside the toolbar: the list of my chats and the waiting ones on the
 * left, the chat on screen on the right. Several chats at once; each keeps its draft when the
 * agent switches. The canned replies (mine and my teams') are read once and after each change in
 * their manager. On a narrow screen (a phone) the list and the chat are two screens: choosing a
 * chat opens it, its back button returns to the list; a notification's click opens its chat.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { agent, cannedReplies, config } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import type { CannedReply, Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { reportError } from '../kit/toast-store.js';
import { openRequest, requestedChat } from '../pwa/app-worker.js';
import { CannedRepliesDialog } from './CannedRepliesDialog.js';
import { ChatList } from './ChatList.js';
import { ChatStore } from './chat-store.js';
import { Conversation } from './Conversation.js';
import { EndChatDialog } from './EndChatDialog.js';
import { IncomingTransfers } from './ChatParties.js';
import { TransferDialog, type TransferMode } from './TransferDialog.js';
import { TransferStore } from './transfer-store.js';
import { ShareDesk } from './share-desk.js';
import { VisitorsPanel } from './VisitorsPanel.js';
import { SilenceAlerts } from './SilenceAlerts.js';
import './chat.css';

export function ChatWorkspace({ agentId, stream, store: given, principal, showVisitors = false }: { agentId: string; stream: EventStream; store?: ChatStore; principal?: Principal; showVisitors?: boolean }) {
  const own = useMemo(() => (given ? undefined : new ChatStore(agentId, stream)), [agentId, stream, given]);
  const store = given ?? (own as ChatStore);
  // Which of the two phone screens shows (both show side by side where there is room).
  const [showing, setShowing] = useState<'list' | 'conversation'>('list');
  const section = useRef<HTMLElement>(null);
  const openChat = useCallback((_id: string) => {
    setShowing('conversation');
    section.current?.scrollIntoView({ block: 'start' });
  }, []);
  const transfers = useMemo(() => new TransferStore(agentId, stream, store), [agentId, stream, store]);
  const shares = useMemo(() => new ShareDesk(stream), [stream]);
  useEffect(() => {
    shares.start();
    return () => shares.stop();
  }, [shares]);
  const [ending, setEnding] = useState<string | null>(null);
  const [moving, setMoving] = useState<{ chatId: string; mode: TransferMode } | null>(null);
  const [canned, setCanned] = useState<CannedReply[]>([]);
  const [managing, setManaging] = useState(false);
  const [agentName, setAgentName] = useState('');
  // Teams whose replies I may add: the ones I lead, every team for supervisors and admins.
  const [teams, setTeams] = useState<{ id: string; name: string }[]>([]);
  const seesAll = !!principal && (principal.roles.includes('supervisor') || principal.roles.includes('admin'));
  const led = principal?.ledTeamIds.join(',') ?? '';
  useEffect(() => {
    if (!seesAll && led === '') return;
    config.teams().then(
      (page) => setTeams(page.items.filter((x) => seesAll || led.split(',').includes(x.id)).map((x) => ({ id: x.id, name: x.name }))),
      (err: unknown) => reportError('chat.canned.load', err),
    );
  }, [seesAll, led]);
  useEffect(() => {
    store.start();
    transfers.start();
    return () => {
      transfers.stop();
      store.stop();
    };
  }, [store, transfers]);
  const reloadCanned = useCallback(() => {
    cannedReplies.list().then(setCanned, (err: unknown) => reportError('chat.canned.load', err));
  }, []);
  useEffect(() => {
    reloadCanned();
    agent.config(agentId).then(
      (a) => setAgentName(a.displayName),
      (err: unknown) => console.info('chat: the agent name is unknown', err),
    );
  }, [agentId, reloadCanned]);

  // A notification was clicked: its chat comes on screen once the list holds it.
  const asked = requestedChat(openRequest.value);
  const threads = store.threads.value;
  const waiting = store.waiting.value;
  useEffect(() => {
    if (!asked || !store.loaded.value) return;
    if (threads[asked]) {
      store.select(asked);
      openChat(asked);
    } else {
      // Still waiting (or gone): the list shows it to pick.
      setShowing('list');
      section.current?.scrollIntoView({ block: 'start' });
    }
    openRequest.value = null;
  }, [asked, threads, waiting, store, openChat]);

  const thread = store.current.value;
  const screen = thread && showing === 'conversation' ? 'conversation' : 'list';
  return (
    <section class="panel chat-workspace" aria-labelledby="chat-workspace-title" ref={section}>
      <div class="chat-workspace-head">
        <h2 id="chat-workspace-title">{t('chat.title')}</h2>
        <Button class="chat-canned-open" label={t('chat.canned.open')} onClick={() => setManaging(true)} />
      </div>
      {!store.loaded.value ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <IncomingTransfers store={transfers} />
      )}
      {store.loaded.value && (
        // Without a chat the workspace is only the (short) lists: it must not push the dial pad down.
        <div class={`chat-grid${store.ordered.value.length > 0 ? ' has-chats' : ''} shows-${screen}`}>
          <ChatList store={store} onOpen={openChat} />
          {thread ? (
            <Conversation store={store} thread={thread} onEnd={() => setEnding(thread.summary.id)} canned={canned} agentName={agentName} onBack={() => setShowing('list')} transfers={transfers} shares={shares} onTransfer={(mode) => setMoving({ chatId: thread.summary.id, mode })} />
          ) : (
            store.ordered.value.length > 0 && <p class="muted chat-empty">{t('chat.pickOne')}</p>
          )}
        </div>
      )}
      {showVisitors && <VisitorsPanel stream={stream} />}
      <SilenceAlerts agentId={agentId} stream={stream} />
      <EndChatDialog open={ending !== null} onClose={() => setEnding(null)} onEnd={(outcome, reason) => (ending ? store.end(ending, outcome, reason) : Promise.resolve(false))} />
      <TransferDialog store={transfers} chatId={moving?.chatId ?? null} mode={moving?.mode ?? 'transfer'} onClose={() => setMoving(null)} />
      <CannedRepliesDialog open={managing} onClose={() => setManaging(false)} replies={canned} teams={teams} onChanged={reloadCanned} />
    </section>
  );
}

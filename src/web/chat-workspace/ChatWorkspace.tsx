/**
 * The agent's chat workspace inside the toolbar: the list of my chats and the waiting ones on the
 * left, the chat on screen on the right. Several chats at once; each keeps its draft when the
 * agent switches. The canned replies (mine and my teams') are read once and after each change in
 * their manager.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { agent, cannedReplies, config } from '../api/endpoints.js';
import type { EventStream } from '../api/event-stream.js';
import type { CannedReply, Principal } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { reportError } from '../kit/toast-store.js';
import { CannedRepliesDialog } from './CannedRepliesDialog.js';
import { ChatList } from './ChatList.js';
import { ChatStore } from './chat-store.js';
import { Conversation } from './Conversation.js';
import { EndChatDialog } from './EndChatDialog.js';
import './chat.css';

export function ChatWorkspace({ agentId, stream, principal }: { agentId: string; stream: EventStream; principal?: Principal }) {
  const store = useMemo(() => new ChatStore(agentId, stream), [agentId, stream]);
  const [ending, setEnding] = useState<string | null>(null);
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
    return () => store.stop();
  }, [store]);
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

  const thread = store.current.value;
  return (
    <section class="panel chat-workspace" aria-labelledby="chat-workspace-title">
      <div class="chat-workspace-head">
        <h2 id="chat-workspace-title">{t('chat.title')}</h2>
        <Button class="chat-canned-open" label={t('chat.canned.open')} onClick={() => setManaging(true)} />
      </div>
      {!store.loaded.value ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        // Without a chat the workspace is only the (short) lists: it must not push the dial pad down.
        <div class={`chat-grid${store.ordered.value.length > 0 ? ' has-chats' : ''}`}>
          <ChatList store={store} />
          {thread ? (
            <Conversation store={store} thread={thread} onEnd={() => setEnding(thread.summary.id)} canned={canned} agentName={agentName} />
          ) : (
            store.ordered.value.length > 0 && <p class="muted chat-empty">{t('chat.pickOne')}</p>
          )}
        </div>
      )}
      <EndChatDialog open={ending !== null} onClose={() => setEnding(null)} onEnd={(outcome, reason) => (ending ? store.end(ending, outcome, reason) : Promise.resolve(false))} />
      <CannedRepliesDialog open={managing} onClose={() => setManaging(false)} replies={canned} teams={teams} onChanged={reloadCanned} />
    </section>
  );
}

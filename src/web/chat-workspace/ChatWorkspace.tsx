/**
 * The agent's chat workspace inside the toolbar: the list of my chats and the waiting ones on the
 * left, the chat on screen on the right. Several chats at once; each keeps its draft when the
 * agent switches.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { EventStream } from '../api/event-stream.js';
import { t } from '../i18n/i18n.js';
import { ChatList } from './ChatList.js';
import { ChatStore } from './chat-store.js';
import { Conversation } from './Conversation.js';
import { EndChatDialog } from './EndChatDialog.js';
import './chat.css';

export function ChatWorkspace({ agentId, stream }: { agentId: string; stream: EventStream }) {
  const store = useMemo(() => new ChatStore(agentId, stream), [agentId, stream]);
  const [ending, setEnding] = useState<string | null>(null);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);

  const thread = store.current.value;
  return (
    <section class="panel chat-workspace" aria-labelledby="chat-workspace-title">
      <h2 id="chat-workspace-title">{t('chat.title')}</h2>
      {!store.loaded.value ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        // Without a chat the workspace is only the (short) lists: it must not push the dial pad down.
        <div class={`chat-grid${store.ordered.value.length > 0 ? ' has-chats' : ''}`}>
          <ChatList store={store} />
          {thread ? (
            <Conversation store={store} thread={thread} onEnd={() => setEnding(thread.summary.id)} />
          ) : (
            store.ordered.value.length > 0 && <p class="muted chat-empty">{t('chat.pickOne')}</p>
          )}
        </div>
      )}
      <EndChatDialog open={ending !== null} onClose={() => setEnding(null)} onEnd={(outcome, reason) => (ending ? store.end(ending, outcome, reason) : Promise.resolve(false))} />
    </section>
  );
}

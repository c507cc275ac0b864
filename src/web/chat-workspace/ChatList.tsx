/** My open chats (unread marks, the visitor typing, ended ones) and the waiting chats I may pick (with where they came from and the visitor's region). */
import { t } from '../i18n/i18n.js';
import { formatDuration } from '../i18n/format.js';
import { Button } from '../kit/Button.js';
import type { ChatStore } from './chat-store.js';
import { ChatSource } from './ChatSource.js';
import { visitorLabel } from './visitor-label.js';

/** "https://shop.example/bikes?x=1" -> "shop.example/bikes?x=1": the host and path fit a narrow tab. */
export function pageLabel(page: string): string {
  return page.replace(/^https?:\/\//, '');
}

/** onOpen: a chat was chosen (tapped, or picked from the waiting ones): a phone shows it full screen. */
export function ChatList({ store, onOpen }: { store: ChatStore; onOpen?: (id: string) => void }) {
  const threads = store.ordered.value;
  const selected = store.selected.value;
  const waiting = store.waiting.value;
  const now = store.now.value;
  return (
    <nav class="chat-list" aria-label={t('chat.myChats')}>
      <h3>{t('chat.myChats')}</h3>
      {threads.length === 0 && <p class="muted">{t('chat.noChats')}</p>}
      <ul class="chat-tabs">
        {threads.map((th) => (
          <li key={th.summary.id}>
            <button
              type="button"
              class={`chat-tab${th.summary.id === selected ? ' is-selected' : ''}`}
              aria-current={th.summary.id === selected ? 'true' : undefined}
              data-chat={th.summary.id}
              data-state={th.summary.state}
              onClick={() => {
                store.select(th.summary.id);
                onOpen?.(th.summary.id);
              }}
            >
              <span class="chat-tab-who">
                <span class="chat-tab-name">{visitorLabel(th.summary.visitorName)}</span>
                {/* Visitors without a name are told apart by where they are. */}
                {th.summary.page && <span class="chat-tab-page">{pageLabel(th.summary.page)}</span>}
              </span>
              {th.summary.state === 'ended' && <span class="badge">{t('chat.ended')}</span>}
              {store.visitorTyping(th) && <span class="chat-tab-typing">{t('chat.typingShort')}</span>}
              {th.unread > 0 && (
                <span class="unread" aria-label={t('chat.unread', { count: th.unread })}>
                  {th.unread}
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
      <h3>{t('chat.waiting')}</h3>
      {waiting.length === 0 && <p class="muted">{t('chat.noneWaiting')}</p>}
      <ul class="chat-waiting">
        {waiting.map((w) => (
          <li key={w.id} data-chat={w.id}>
            <span class="chat-tab-name">{visitorLabel(w.visitorName)}</span>
            <ChatSource chatId={w.id} channel={w.channel} />
            {w.region && (
              <span class="chat-waiting-region muted" title={t('chat.region')}>
                {w.region}
              </span>
            )}
            <span class="muted">{t('chat.waitedFor', { time: formatDuration(Math.max(0, now - w.createdAt)) })}</span>
            <Button
              label={t('chat.pick')}
              variant="primary"
              onClick={() =>
                void store.pick(w.id).then(() => {
                  if (store.selected.value === w.id) onOpen?.(w.id);
                })
              }
            />
          </li>
        ))}
      </ul>
    </nav>
  );
}

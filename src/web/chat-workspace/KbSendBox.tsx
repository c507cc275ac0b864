/**
 * Knowledge-base search and send, in the chat on screen: the agent types, sees the published
 * articles that match (title, language, the passage the search found, in the article's own
 * language as the knowledge base holds it) and sends one into the chat as an article card
 * (POST /api/chats/:id/cards). The card then shows in the conversation like any message, by the
 * chat.message event. Each send has its own clientId, so a resend after a lost answer stores one card.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { chatBotApi } from '../api/chat-bot.js';
import type { KbSearchHit } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { Button } from '../kit/Button.js';
import { useKbSearch } from '../kb/use-kb-search.js';
import { notify, reportError } from '../kit/toast-store.js';

let sent = 0;
const clientIdOf = () => `k-${Date.now().toString(36)}-${(sent++).toString(36)}-${Math.floor(Math.random() * 2 ** 40).toString(36)}`;

export function KbSendBox({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const [q, setQ] = useState('');
  const hits = useKbSearch(q, 'chat.kb.searchFailed');
  const [sending, setSending] = useState<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const send = async (hit: KbSearchHit) => {
    setSending(hit.articleId);
    try {
      await chatBotApi.sendCard(chatId, clientIdOf(), hit.articleId);
      notify('success', 'chat.kb.sent', { title: hit.title });
    } catch (err) {
      reportError('chat.kb.sendFailed', err);
    } finally {
      setSending(undefined);
    }
  };

  return (
    <section class="kb-send" aria-labelledby={`kb-send-title-${chatId}`} data-testid="kb-send">
      <div class="kb-send-head">
        <h4 id={`kb-send-title-${chatId}`}>{t('chat.kb.title')}</h4>
        <Button label={t('chat.kb.close')} icon="close" iconOnly variant="ghost" class="kb-send-close" onClick={onClose} />
      </div>
      <label class="visually-hidden" for={`kb-q-${chatId}`}>
        {t('chat.kb.search')}
      </label>
      <input
        id={`kb-q-${chatId}`}
        ref={input}
        type="search"
        class="kb-send-q"
        placeholder={t('chat.kb.placeholder')}
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
        }}
      />
      {hits && hits.length === 0 && <p class="muted kb-send-none">{t('chat.kb.none')}</p>}
      {hits && hits.length > 0 && (
        <ul class="kb-send-hits" aria-label={t('chat.kb.results', { count: hits.length })}>
          {hits.map((h) => (
            <li key={h.articleId} class="kb-send-hit" data-article-id={h.articleId}>
              <div class="kb-send-text">
                <strong class="kb-send-title" lang={h.language === 'zh' ? 'zh-CN' : 'en'}>
                  {h.title}
                </strong>
                <span class="kb-send-lang">{t(h.language === 'zh' ? 'chat.canned.lang.zh' : 'chat.canned.lang.en')}</span>
                <span class="muted kb-send-excerpt" lang={h.language === 'zh' ? 'zh-CN' : 'en'}>
                  {h.excerpt}
                </span>
              </div>
              <Button label={t('chat.kb.send')} aria-label={t('chat.kb.sendLabel', { title: h.title })} variant="primary" class="kb-send-button" busy={sending === h.articleId} onClick={() => void send(h)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Where the chat came from, beside the visitor's name: the widget's channel (web site, mobile
 * web, app) from the chat itself, and for a messaging chat the connector and its platform
 * (GET /api/chats/:id/source), so the agent knows the reply goes to, say, WeChat.
 */
import { useEffect, useState } from 'preact/hooks';
import { isApiError } from '../api/http.js';
import { messagingApi, type ChatSource as Source } from '../api/messaging.js';
import { t } from '../i18n/i18n.js';
import { reportError } from '../kit/toast-store.js';

const NOT_FOR_THIS_USER = ['FORBIDDEN', 'CHAT_NOT_YOURS', 'CHAT_NOT_FOUND'];

export function ChatSource({ chatId, channel }: { chatId: string; channel: 'web' | 'mobile_web' | 'app' | 'messaging' | undefined }) {
  const [messaging, setMessaging] = useState<Source['messaging']>(null);
  useEffect(() => {
    setMessaging(null);
    if (channel !== 'messaging') return;
    let live = true;
    messagingApi.source(chatId).then(
      (r) => live && setMessaging(r.messaging),
      (err: unknown) => {
        if (live && !(isApiError(err) && NOT_FOR_THIS_USER.includes(err.code))) reportError('chat.source', err);
      },
    );
    return () => {
      live = false;
    };
  }, [chatId, channel]);
  if (!channel) return null;
  const label = messaging ? t('chat.source.messagingFrom', { platform: messaging.platform, connector: messaging.connectorName }) : t(`chat.source.${channel}`);
  return (
    <span class="badge chat-source" data-channel={channel}>
      {label}
    </span>
  );
}

/**
 * The chat bot (issue 21; docs/chat-bot.md): per channel when the bot answers first and when it
 * hands over to a person, the words admins add to its lists, the messaging connectors whose
 * platforms' users chat through the webhook (docs/messaging-webhook.md), and the chat's remote
 * assistance switch (recording of shares). Anyone with config.view reads it; config.edit saves
 * (the daemon checks both on every call).
 */
import { useEffect, useState } from 'preact/hooks';
import { chatBotApi, type BotChannelView, type BotWordsView, type CalendarConfig } from '../api/chat-bot.js';
import type { Principal } from '../api/types.js';
import { Frame } from '../app/Frame.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { AssistRecordingSwitch } from './AssistRecordingSwitch.js';
import { BotWordsForm } from './BotWordsForm.js';
import { ChannelBotForm } from './ChannelBotForm.js';
import { PAGE_CHANNELS } from './bot-form.js';
import { MessagingConnectors } from './MessagingConnectors.js';
import './chat-bot-admin.css';

export function ChatBotSettingsPage({ principal }: { principal: Principal }) {
  const [channels, setChannels] = useState<BotChannelView[] | undefined>(undefined);
  const [words, setWords] = useState<BotWordsView | undefined>(undefined);
  const [calendars, setCalendars] = useState<CalendarConfig[]>([]);
  const [, run] = useAction();
  const canEdit = principal.permissions.includes('config.edit');

  useEffect(() => {
    void run('botAdmin.title', async () => {
      const [s, w, c] = await Promise.all([chatBotApi.settings(), chatBotApi.words(), chatBotApi.calendars()]);
      setCalendars(c.items);
      setChannels(s.channels);
      setWords(w);
    });
  }, []);

  return (
    <Frame title={t('botAdmin.title')} principal={principal} class="chat-bot-admin-page">
      {!canEdit && (
        <p class="bot-readonly" role="note">
          {t('botAdmin.readOnly')}
        </p>
      )}
      <section class="panel" aria-labelledby="bot-channels-title">
        <h2 id="bot-channels-title">{t('botAdmin.channels')}</h2>
        <p class="muted">{t('botAdmin.channelsIntro')}</p>
        {!channels ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <div class="bot-channels">
            {PAGE_CHANNELS.map((c) => {
              const saved = channels.find((s) => s.channel === c);
              return saved && <ChannelBotForm key={c} channel={c} saved={saved} calendars={calendars} canEdit={canEdit} />;
            })}
          </div>
        )}
      </section>
      <section class="panel" aria-labelledby="bot-words-title">
        <h2 id="bot-words-title">{t('botAdmin.words')}</h2>
        <p class="muted">{t('botAdmin.wordsIntro')}</p>
        {!words ? <p role="status">{t('common.loading')}</p> : <BotWordsForm saved={words} canEdit={canEdit} />}
      </section>
      <MessagingConnectors canEdit={canEdit} />
      <AssistRecordingSwitch canEdit={canEdit} />
    </Frame>
  );
}

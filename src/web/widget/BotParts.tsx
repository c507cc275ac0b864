/**
 * The bot's parts of the widget (issue 21): its lines in the visitor's language, article cards
 * (also an agent's), the article reader, and the buttons while the bot answers: "did this solve
 * it?" (yes / no) and, always, "talk to a person" (and "leave a message" when nobody is there).
 */
import type { ArticleCard, BotChoice, BotSay } from '../../chat/protocol.js';
import type { Translate, WidgetKey } from './i18n.js';
import type { Line } from './timeline.js';
import type { WidgetView } from './view.js';

const SAY_WORDS: Record<BotSay, WidgetKey> = {
  greeting: 'bot.greeting',
  greeting_closed: 'bot.greetingClosed',
  found: 'bot.found',
  ask_solved: 'bot.askSolved',
  no_match: 'bot.noMatch',
  glad: 'bot.glad',
  sorry_retry: 'bot.sorryRetry',
  handing_over: 'bot.handingOver',
  no_agent: 'bot.noAgent',
  no_person: 'bot.noPerson',
};

export function botText(say: BotSay, t: Translate): string {
  return t(SAY_WORDS[say]);
}

export function CardView({ card, t, open }: { card: ArticleCard; t: Translate; open: (id: string, title: string) => void }) {
  return (
    <span class="card" data-article-id={card.articleId}>
      <strong class="card-title">{card.title}</strong>
      <span class="card-excerpt">{card.excerpt}</span>
      <button type="button" class="card-read" onClick={() => open(card.articleId, card.title)}>
        {t('card.read')}
      </button>
    </span>
  );
}

export function ArticleReader({ article, t, close }: { article: NonNullable<WidgetView['article']>; t: Translate; close: () => void }) {
  return (
    <div class="article" role="region" aria-label={article.title}>
      <h3>{article.title}</h3>
      {article.failed ? (
        <p class="error" role="alert">
          {t('article.failed')}
        </p>
      ) : article.body === undefined ? (
        <p class="notice">{t('article.loading')}</p>
      ) : (
        <p class="article-body">{article.body}</p>
      )}
      <button type="button" class="secondary" onClick={close}>
        {t('article.back')}
      </button>
    </div>
  );
}

/** The question is open while the last bot line asks it and the visitor has not written since. */
function asking(lines: readonly Line[]): boolean {
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i] as Line;
    if (l.author === 'visitor') return false;
    if (l.author === 'bot' && l.bot !== undefined) return l.bot === 'ask_solved';
  }
  return false;
}

export function BotButtons({ view, t, choose, leave }: { view: WidgetView; t: Translate; choose: (choice: BotChoice, label: string) => void; leave: () => void }) {
  const lines = view.timeline.lines;
  const nobody = lines.some((l) => l.bot === 'no_agent' || l.bot === 'greeting_closed');
  return (
    <div class="bot-actions">
      {asking(lines) && (
        <div class="row" role="group" aria-label={t('bot.askSolved')}>
          <button type="button" class="secondary bot-yes" onClick={() => choose('yes', t('bot.yes'))}>
            {t('bot.yes')}
          </button>
          <button type="button" class="secondary bot-no" onClick={() => choose('no', t('bot.no'))}>
            {t('bot.no')}
          </button>
        </div>
      )}
      <div class="row">
        <button type="button" class="secondary bot-person" onClick={() => choose('person', t('bot.person'))}>
          {t('bot.person')}
        </button>
        {nobody && (
          <button type="button" class="secondary" onClick={leave}>
            {t('leave.offer')}
          </button>
        )}
      </div>
    </div>
  );
}

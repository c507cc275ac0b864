/**
 * Why the bot handed this chat to a person (issue 21): the reason, and what decided it: the
 * phrase the visitor wrote (or the button), the turns that did not help, or each negative
 * message's score with the words that made it.
 */
import type { ChatSummary } from '../api/types.js';
import { t } from '../i18n/i18n.js';

export function HandoverBanner({ handover }: { handover: ChatSummary['handover'] }) {
  if (!handover) return null;
  const d = handover.detail;
  const head =
    handover.reason === 'asked'
      ? d.phrase === 'button' || d.phrase === undefined
        ? t('chat.handover.button')
        : t('chat.handover.asked', { phrase: d.phrase })
      : handover.reason === 'unhelpful'
        ? t('chat.handover.unhelpful', { turns: d.turns ?? 0 })
        : handover.reason === 'negative'
          ? t('chat.handover.negative', { count: d.scores?.length ?? 0 })
          : handover.reason === 'supervisor'
            ? t('chat.handover.supervisor')
            : t('chat.handover.vip');
  return (
    <div class="handover" role="note" data-reason={handover.reason}>
      <strong>{head}</strong>
      {handover.reason === 'negative' && (
        <ul class="handover-scores">
          {(d.scores ?? []).map((s, i) => (
            <li key={i}>{t('chat.handover.score', { score: s.score, words: s.words })}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

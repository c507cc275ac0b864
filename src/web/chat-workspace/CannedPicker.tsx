/**
 * The list that opens when the agent types '/' at the start of the reply box: the canned
 * replies whose shortcut or title match, moved through with up/down, inserted with Enter or a
 * click, closed with Escape. The keys are handled by the reply box (cannedKey) so focus stays there.
 */
import type { CannedReply } from '../api/types.js';
import { t } from '../i18n/i18n.js';

/** The draft opens the picker while it is a '/' and one word at most. */
export function cannedQuery(draft: string): string | undefined {
  return /^\/\S*$/.test(draft) ? draft : undefined;
}

export function CannedPicker({ id, typed, matches, active, onPick }: { id: string; typed: string; matches: CannedReply[]; active: number; onPick: (r: CannedReply) => void }) {
  return (
    <div class="canned-picker" data-testid="canned-picker">
      {matches.length === 0 ? (
        <p class="muted canned-none">{t('chat.canned.none')}</p>
      ) : (
        <ul id={id} role="listbox" aria-label={t('chat.canned.pickerLabel', { typed })}>
          {matches.map((r, i) => (
            <li
              key={r.id}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'is-active' : ''}
              // mousedown: keep the focus in the reply box.
              onMouseDown={(e) => {
                e.preventDefault();
                onPick(r);
              }}
            >
              <span class="canned-shortcut">{r.shortcut}</span>
              <span class="canned-title">
                {r.title}
                {r.language && <span class="canned-lang">{t(r.language === 'en' ? 'chat.canned.lang.en' : 'chat.canned.lang.zh')}</span>}
              </span>
              <span class="canned-body muted">{r.body}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="canned-hint muted">{t('chat.canned.hint')}</p>
    </div>
  );
}

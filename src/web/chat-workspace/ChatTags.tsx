/** The chat's tags under its header: chips to remove, a box to add (normalized by the daemon). */
import { useState } from 'preact/hooks';
import { t } from '../i18n/i18n.js';

export function ChatTags({ chatId, tags, onChange }: { chatId: string; tags: string[]; onChange: (tags: string[]) => Promise<boolean> }) {
  const [text, setText] = useState('');
  const add = async () => {
    const tag = text.trim();
    if (tag === '') return;
    if (await onChange([...tags, tag])) setText('');
  };
  return (
    <div class="chat-tags" aria-label={t('chat.tags')} role="group">
      {tags.map((tag) => (
        <span key={tag} class="chat-tag" data-tag={tag}>
          {tag}
          <button type="button" class="chat-tag-remove" aria-label={t('chat.removeTag', { tag })} onClick={() => void onChange(tags.filter((x) => x !== tag))}>
            ×
          </button>
        </span>
      ))}
      <input
        id={`tag-${chatId}`}
        class="chat-tag-input"
        type="text"
        maxLength={40}
        placeholder={t('chat.addTag')}
        aria-label={t('chat.addTag')}
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.isComposing) {
            e.preventDefault();
            void add();
          }
        }}
      />
    </div>
  );
}

/**
 * How many chats the agent takes at once, beside their state (issue 12: an agent sets their own;
 * 0 means busy for chats while calls still come). The value shown is the desk's, so a change made
 * elsewhere (an admin's default at the next login) shows after the next desk read.
 */
import { useEffect, useId, useState } from 'preact/hooks';
import { agent } from '../api/endpoints.js';
import { t } from '../i18n/i18n.js';
import { useAction } from '../kit/action.js';
import { MAX_CHAT_CAPACITY, parseCapacity } from './chat-capacity.js';
import type { DeskStore } from './desk-store.js';

export function ChatCapacity({ store }: { store: DeskStore }) {
  const id = useId();
  const [busy, run] = useAction();
  const held = store.desk.value?.chatCapacity ?? 0;
  const [text, setText] = useState(String(held));
  const [problem, setProblem] = useState(false);
  useEffect(() => {
    setText(String(held));
    setProblem(false);
  }, [held]);
  const commit = (value: string) => {
    const n = parseCapacity(value);
    setProblem(n === undefined);
    if (n === undefined || n === held) return;
    void run('toolbar.chatCapacity', async () => {
      store.desk.value = await agent.setChatCapacity(n);
    });
  };
  return (
    <div class={`chat-capacity${problem ? ' has-error' : ''}`} data-capacity={held}>
      <label for={id}>{t('toolbar.chatCapacity')}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_CHAT_CAPACITY}
        step={1}
        value={text}
        disabled={busy !== undefined}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={`${id}-hint`}
        onInput={(e) => setText(e.currentTarget.value)}
        onChange={(e) => commit(e.currentTarget.value)}
      />
      <span id={`${id}-hint`} class={problem ? 'field-error' : 'muted'} role={problem ? 'alert' : undefined}>
        {problem ? t('toolbar.chatCapacity.invalid', { max: MAX_CHAT_CAPACITY }) : held === 0 ? t('toolbar.chatCapacity.busy') : ''}
      </span>
    </div>
  );
}

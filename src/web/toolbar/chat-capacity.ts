/** The agent's own chat capacity as typed in the state bar (src/web/toolbar/ChatCapacity.tsx). */

/** The API's bound (POST /api/agent/chat-capacity); the field refuses more before asking. */
export const MAX_CHAT_CAPACITY = 50;

/** '3' -> 3; anything but a whole number from 0 to the maximum -> undefined. */
export function parseCapacity(text: string): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const n = Number(text.trim());
  return n <= MAX_CHAT_CAPACITY ? n : undefined;
}

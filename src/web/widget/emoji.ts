/** The emoji picker's fixed set: small on purpose (every byte of the widget is downloaded by each visitor). */
export const EMOJIS = ['😀', '😂', '😊', '😍', '🤔', '😢', '😮', '😡', '👍', '👎', '🙏', '👏', '🎉', '❤️', '🔥', '✅', '❓', '👋'] as const;

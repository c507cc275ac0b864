/** Chat text with its web addresses as links (linkify.ts), opened in a new tab without the opener or referrer. */
import { linkify } from './linkify.js';

export function LinkedText({ text }: { text: string }) {
  return (
    <>
      {linkify(text).map((p, i) =>
        'href' in p ? (
          <a key={i} class="text-link" href={p.href} target="_blank" rel="noopener noreferrer nofollow">
            {p.text}
          </a>
        ) : (
          p.text
        ),
      )}
    </>
  );
}

/**
 * An article's body: plain text or simple markdown, shown as text (never as HTML, so an article
 * cannot carry a script). Lines starting with # become headings, "- " lines list items, blank
 * lines separate paragraphs; everything else stays as written.
 */
export function ArticleBody({ body }: { body: string }) {
  const blocks = body.split(/\n\s*\n/).filter((b) => b.trim() !== '');
  return (
    <div class="kb-body">
      {blocks.map((block, i) => {
        const lines = block.split('\n');
        const heading = /^(#{1,3})\s+(.*)$/.exec(lines[0] ?? '');
        if (heading && lines.length === 1) return <h4 key={i}>{heading[2]}</h4>;
        if (lines.every((l) => /^\s*[-*]\s+/.test(l))) {
          return (
            <ul key={i}>
              {lines.map((l, j) => (
                <li key={j}>{l.replace(/^\s*[-*]\s+/, '')}</li>
              ))}
            </ul>
          );
        }
        return <p key={i}>{block}</p>;
      })}
    </div>
  );
}

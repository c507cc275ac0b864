/**
 * A JSGF grammar that accepts exactly one of the menu's phrases. Restricting the recognizer to
 * the choices is what makes a small local model reliable for menus.
 */
export function jsgfFor(phrases: readonly string[]): string {
  const alternatives = phrases.map(normalizePhrase).filter((p) => p !== '');
  if (alternatives.length === 0) throw new Error('a grammar needs at least one phrase');
  return ['#JSGF V1.0;', 'grammar menu;', `public <choice> = ${alternatives.join(' | ')};`, ''].join('\n');
}

export function normalizePhrase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

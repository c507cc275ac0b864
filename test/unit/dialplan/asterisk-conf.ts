/**
 * Asterisk config files as the dialplan tests read them: sections, templates and what a section
 * inherits, after the syntax of the files in dialplan/asterisk/.
 */
export interface Section {
  name: string;
  template: boolean;
  inherits: string[];
  values: [string, string][];
}

/** Asterisk config syntax as far as these files use it: `[name](!)`, `[name](tpl1,tpl2)`, `key = value`, `;` comments. */
export function parseConf(text: string): Section[] {
  const out: Section[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) continue;
    const head = /^\[([^\]]+)\](?:\(([^)]*)\))?$/.exec(line);
    if (head) {
      const opts = (head[2] ?? '').split(',').map((o) => o.trim()).filter((o) => o !== '');
      out.push({ name: head[1] ?? '', template: opts.includes('!'), inherits: opts.filter((o) => o !== '!'), values: [] });
      continue;
    }
    const kv = /^([^=]+?)\s*=>?\s*(.*)$/.exec(line);
    if (kv && out.length > 0) out[out.length - 1]?.values.push([kv[1] ?? '', kv[2] ?? '']);
  }
  return out;
}

/** A section's settings with its templates' underneath (later wins, as in Asterisk). */
export function effective(sections: Section[], s: Section): Map<string, string> {
  const m = new Map<string, string>();
  for (const t of s.inherits) {
    const tpl = sections.find((x) => x.template && x.name === t);
    if (tpl) for (const [k, v] of effective(sections, tpl)) m.set(k, v);
  }
  for (const [k, v] of s.values) m.set(k, v);
  return m;
}

/**
 * Every text a person reads in the web app goes through the translator: a literal word written
 * straight into a component would stay English for a Chinese-speaking agent. This reads every
 * .tsx under src/web with the TypeScript parser and names each literal it finds.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const WEB = path.resolve(import.meta.dirname, '../../../src/web');
/** Attributes people read or hear (tooltips, screen readers, placeholders, labels of kit components). */
const READ_ATTRIBUTES = new Set(['aria-label', 'aria-description', 'aria-placeholder', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt', 'label', 'header', 'caption', 'empty', 'hint', 'error', 'text']);
const HAS_LETTER = /\p{L}/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return tsxFiles(p);
    return e.name.endsWith('.tsx') ? [p] : [];
  });
}

function literalTexts(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    return `${path.relative(WEB, file)}:${line + 1}`;
  };
  const isText = (node: ts.Node | undefined): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
    node !== undefined && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && HAS_LETTER.test(node.text);
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && HAS_LETTER.test(node.text)) found.push(`${where(node)} text "${node.text.trim()}"`);
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent)) && isText(node.expression)) {
      found.push(`${where(node)} child {"${node.expression.text}"}`);
    }
    if (ts.isJsxAttribute(node) && READ_ATTRIBUTES.has(node.name.getText(sf))) {
      const init = node.initializer;
      const value = init && ts.isJsxExpression(init) ? init.expression : init;
      if (isText(value)) found.push(`${where(node)} ${node.name.getText(sf)}="${value.text}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe('user-visible text in the web app', () => {
  it('given every component when its JSX is read then no text, label, title or placeholder is written literally instead of through t()', () => {
    const files = tsxFiles(WEB);
    expect(files.length).toBeGreaterThan(10);
    const literals = files.flatMap((f) => literalTexts(f, readFileSync(f, 'utf8')));
    expect(literals).toEqual([]);
  });

  it('given a component with a literal word when checked then the check names it (the check itself works)', () => {
    const bad = 'export const X = () => <p title="Hello">Hi <b>{"there"}</b>{t("ok")}</p>;';
    expect(literalTexts(path.join(WEB, 'x.tsx'), bad)).toEqual(['x.tsx:1 title="Hello"', 'x.tsx:1 text "Hi"', 'x.tsx:1 child {"there"}']);
  });
});

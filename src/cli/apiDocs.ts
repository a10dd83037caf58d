/**
 * docs/api.md, generated from the library's entry (src/index.ts) and each export's doc comment:
 * TypeScript 7 (native) has no compiler API for TypeDoc to run on, so this reads the declaration
 * files the build writes (dist/src/**\/*.d.ts keep the `/** *\/` comments and drop the bodies),
 * following each name from the entry through the layers' re-exports to where it is declared.
 * Sections and their order come from src/index.ts's `// Heading: text` comments. Every exported
 * function must carry an `@example` (a fenced block); test/docs/apiExamples.test.ts runs each one.
 *
 *   node dist/src/cli/apiDocs.js    (npm run docs does it)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageRoot } from '../app/paths.js';

export type ApiKind = 'function' | 'class' | 'const' | 'interface' | 'type';

export interface ApiEntry {
  name: string;
  kind: ApiKind;
  /** The doc comment's text, without its `/** *\/` and leading stars; '' when there is none. */
  doc: string;
  /** The declaration as the .d.ts gives it (a long one cut short). */
  declaration: string;
  /** The declaring file, relative to the package root (`src/model/simulate.ts`). */
  source: string;
}

export interface ApiSection {
  heading: string;
  text: string;
  entries: ApiEntry[];
}

/** Longer declarations (a registry's literal type) are cut to their first and last lines. */
const MAX_DECLARATION_LINES = 40;

/** The sections of the entry: each `// Heading: text` comment, then the names its `export { ... } from` lists. */
export function entrySections(indexSource: string): { heading: string; text: string; names: { name: string; from: string }[] }[] {
  const sections: { heading: string; text: string; names: { name: string; from: string }[] }[] = [];
  let comment: string[] = [];
  const lines = indexSource.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('// ')) {
      comment.push(line.slice(3));
      continue;
    }
    if (line.startsWith('export {')) {
      let statement = line;
      while (!/from '[^']+';\s*$/.test(statement)) statement += `\n${lines[++i]}`;
      const from = /from '([^']+)'/.exec(statement)![1]!;
      const names = statement
        .slice(statement.indexOf('{') + 1, statement.lastIndexOf('}'))
        .split(',')
        .map((n) => n.trim().replace(/^type\s+/, ''))
        .filter(Boolean)
        .map((name) => ({ name, from }));
      const text = comment.join(' ');
      const colon = text.indexOf(': ');
      if (comment.length > 0 || sections.length === 0)
        sections.push({ heading: colon > 0 ? text.slice(0, colon) : text || 'Exports', text: colon > 0 ? text.slice(colon + 2) : '', names });
      else sections.at(-1)!.names.push(...names);
      comment = [];
      continue;
    }
    if (line.trim() === '') continue;
    comment = [];
  }
  return sections;
}

/** Where `name` is declared, starting from the declaration file `file`: its text and the name there. */
function declaringFile(file: string, name: string, seen = new Set<string>()): { file: string; name: string; text: string } | undefined {
  const key = `${file}#${name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const text = readFileSync(file, 'utf8');
  const declared = new RegExp(`^export (?:declare )?(?:abstract )?(?:declare )?(?:function|class|const|interface|type|enum) ${name}\\b`, 'm');
  if (declared.test(text)) return { file, name, text };
  const follow = (specifier: string, inner: string) => declaringFile(resolve(dirname(file), specifier.replace(/\.js$/, '.d.ts')), inner, seen);
  // export { a, b as c, type d } from './x.js'; and export { a }; of an import
  for (const m of text.matchAll(/^export (?:type )?\{([^}]*)\}(?: from '([^']+)')?;/gm)) {
    for (const part of m[1]!.split(',')) {
      const [inner, outer] = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/) as [string, string | undefined];
      if ((outer ?? inner) !== name) continue;
      if (m[2]) return follow(m[2], inner);
      const imported = new RegExp(`^import (?:type )?\\{[^}]*\\b${inner}\\b[^}]*\\} from '([^']+)';`, 'm').exec(text);
      if (imported) return follow(imported[1]!, inner);
    }
  }
  for (const m of text.matchAll(/^export \* from '([^']+)';/gm)) {
    const found = follow(m[1]!, name);
    if (found) return found;
  }
  return undefined;
}

/** The doc comment ending just before `at` in `text`, cleaned; '' when there is none. */
function docBefore(text: string, at: number): string {
  const before = text.slice(0, at).trimEnd();
  if (!before.endsWith('*/')) return '';
  const start = before.lastIndexOf('/**');
  // A comment opening the file is the module's (a declaration file drops the imports between them).
  if (start < 0 || before.slice(0, start).trim() === '') return '';
  return before
    .slice(start + 3, -2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

/** From `at`, the text up to the end of the declaration (`;` or a block's `}` at depth 0). */
function declarationAt(text: string, at: number, kind: ApiKind): string {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const ch = text[i];
    // Comments and string literal types may hold any bracket.
    if (ch === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) + 1;
    else if (ch === '/' && text[i + 1] === '/') i = text.indexOf('\n', i);
    else if (ch === "'" || ch === '"' || ch === '`') {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
    } else if (ch === '{' || ch === '(' || ch === '[' || ch === '<') depth++;
    else if (ch === '}' || ch === ')' || ch === ']' || (ch === '>' && text[i - 1] !== '=')) {
      depth--;
      if (depth === 0 && ch === '}' && (kind === 'class' || kind === 'interface') && text.slice(at, i).includes('{')) return text.slice(at, i + 1);
    } else if (ch === ';' && depth === 0) return text.slice(at, i + 1);
  }
  return text.slice(at);
}

function shortened(declaration: string): string {
  // Private members are no part of the surface.
  const lines = declaration.split('\n').filter((l) => !/^\s+private /.test(l));
  if (lines.length <= MAX_DECLARATION_LINES) return lines.join('\n');
  return [...lines.slice(0, 3), '    ...', ...lines.slice(-2)].join('\n');
}

/**
 * One export of the entry, found in the declaration files under `distSrc` (dist/src); its doc
 * comment is read from the source beside `root`, where imports keep a module's comment apart from
 * its first export (a declaration file drops the imports it does not need).
 */
export function apiEntry(root: string, distSrc: string, name: string, from: string): ApiEntry {
  const found = declaringFile(join(distSrc, from.replace(/^\.\//, '').replace(/\.js$/, '.d.ts')), name);
  if (!found) throw new Error(`api docs: no declaration of ${name} (exported from ${from}) under ${distSrc}`);
  const m = new RegExp(`^export (?:declare )?(?:abstract )?(?:declare )?(function|class|const|interface|type|enum) ${found.name}\\b`, 'm').exec(found.text)!;
  const kind = (m[1] === 'enum' ? 'const' : m[1]) as ApiKind;
  // A function's overloads follow one another; the doc comment is the first one's.
  let declaration = declarationAt(found.text, m.index, kind);
  if (kind === 'function') {
    let end = m.index + declaration.length;
    for (;;) {
      const next = new RegExp(`^\\s*export declare function ${found.name}\\b`).exec(found.text.slice(end));
      if (!next) break;
      const more = declarationAt(found.text, end + next[0].indexOf('export'), kind);
      declaration += `\n${more}`;
      end += next[0].indexOf('export') + more.length;
    }
  }
  const relativeSource = join('src', relative(distSrc, found.file)).replace(/\.d\.ts$/, '.ts');
  const sourceText = readFileSync(join(root, relativeSource), 'utf8');
  const inSource = new RegExp(`^export (?:async )?(?:abstract )?(?:function|class|const|interface|type|enum) ${found.name}\\b`, 'm').exec(sourceText);
  if (!inSource) throw new Error(`api docs: ${found.name} is not declared in ${relativeSource}`);
  return { name, kind, doc: docBefore(sourceText, inSource.index), declaration: shortened(declaration.replace(/^export (declare )?/gm, '')), source: relativeSource };
}

/** Every section of the entry with its exports resolved. */
export function apiSections(root = packageRoot(), distSrc = join(root, 'dist', 'src')): ApiSection[] {
  return entrySections(readFileSync(join(root, 'src', 'index.ts'), 'utf8')).map((s) => ({
    heading: s.heading,
    text: s.text,
    entries: s.names.map((n) => apiEntry(root, distSrc, n.name, n.from)),
  }));
}

/** The fenced code blocks of a doc comment's `@example` tags. */
export function examplesOf(doc: string): string[] {
  const out: string[] = [];
  for (const tag of doc.split(/^@/m).slice(1)) {
    if (!tag.startsWith('example')) continue;
    const fence = /```\w*\n([\s\S]*?)```/.exec(tag);
    if (fence) out.push(fence[1]!);
  }
  return out;
}

/** The doc comment as markdown: its text, `@example` blocks under a label, other tags as a list. */
function docMarkdown(doc: string): string {
  const [body, ...tags] = doc.split(/^@/m);
  const parts = [body!.trim()];
  for (const tag of tags) {
    const [, word, rest] = /^(\w+)\s*([\s\S]*)$/.exec(tag) ?? [];
    if (word === 'example') parts.push(`Example:\n\n${rest!.trim()}`);
    else if (word) parts.push(`- \`@${word}\` ${rest!.trim()}`);
  }
  return parts.filter(Boolean).join('\n\n');
}

/** GitHub's heading anchors, in page order: lower case, punctuation dropped, a repeated one numbered (`-1`, `-2`). */
function anchors(headings: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return headings.map((h) => {
    const slug = h.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    return n === 0 ? slug : `${slug}-${n}`;
  });
}

/** docs/api.md's text. */
export function apiMarkdown(sections: readonly ApiSection[]): string {
  const lines = [
    '# Library API',
    '',
    "<!-- Generated by `npm run docs` (src/cli/apiDocs.ts) from src/index.ts and each export's doc comment; edit those, not this page. -->",
    '',
    "`import { ... } from 'orchsim'`: the names below are the whole public surface (named exports",
    'only; test/app/publicApi.test.ts lists them). Every function carries an example, and',
    'test/docs/apiExamples.test.ts runs each one.',
    '',
  ];
  const slugs = anchors(['Library API', ...sections.flatMap((s) => [s.heading, ...s.entries.map((e) => e.name)])]);
  let k = 1;
  for (const s of sections) {
    const section = slugs[k++];
    lines.push(`- [${s.heading}](#${section}): ${s.entries.map((e) => `[${e.name}](#${slugs[k++]})`).join(', ')}`);
  }
  for (const s of sections) {
    lines.push('', `## ${s.heading}`, '');
    if (s.text) lines.push(`${s.text.charAt(0).toUpperCase()}${s.text.slice(1)}`, '');
    for (const e of s.entries) {
      lines.push(`### ${e.name}`, '', `${e.kind}, from \`${e.source}\``, '', '```ts', e.declaration, '```', '');
      const doc = docMarkdown(e.doc);
      if (doc) lines.push(doc, '');
    }
  }
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The page of the package. */
export const API_DOC = (root = packageRoot()): string => join(root, 'docs', 'api.md');

/** Rewrite docs/api.md; says whether anything changed. */
export function regenerateApiDoc(root = packageRoot()): boolean {
  const file = API_DOC(root);
  let before = '';
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    // A first run writes the page.
  }
  const after = apiMarkdown(apiSections(root));
  if (after !== before) writeFileSync(file, after);
  return after !== before;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(regenerateApiDoc() ? `rewrote ${API_DOC()}\n` : `${API_DOC()} is up to date\n`);
}

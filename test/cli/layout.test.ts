/**
 * The command line's layout (issue 26): commander only in src/cli/, one file per command under
 * src/cli/commands/ (each registering exactly the command it is named after), program.ts only
 * assembling them, with every import at the top of a file, every flag of run and sweep read by
 * their action. Reads the source (as text, and flags.ts's declarations): no build.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { experimentFlags } from '../../src/cli/flags.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** Every .ts file under `dir`, as full paths. */
const sourceFiles = (dir: string): string[] => (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));

const read = (file: string) => readFileSync(file, 'utf8');
const COMMANDS_DIR = join(SRC, 'cli', 'commands');

describe('the command line', () => {
  it('is the only layer that imports commander', () => {
    const outside = sourceFiles(SRC)
      .filter((f) => !relative(SRC, f).startsWith(`cli/`))
      .filter((f) => /from\s+['"]commander['"]|import\(\s*['"]commander['"]/.test(read(f)))
      .map((f) => relative(ROOT, f));
    expect(outside).toEqual([]);
  });

  it('defines each command in its own file under src/cli/commands/, registered by program.ts', () => {
    const files = readdirSync(COMMANDS_DIR).filter((f) => f.endsWith('.ts'));
    const defined = new Map<string, string[]>();
    for (const file of sourceFiles(join(SRC, 'cli'))) {
      for (const m of read(file).matchAll(/\.command\(\s*'([a-z-]+)/g)) defined.set(m[1]!, [...(defined.get(m[1]!) ?? []), relative(SRC, file)]);
    }
    // Every command is defined once, in the file of its name.
    for (const [name, where] of defined) expect(where, name).toEqual([`cli/commands/${name}.ts`]);
    expect([...defined.keys()].sort()).toEqual(files.map((f) => f.replace(/\.ts$/, '')).sort());
    const program = read(join(SRC, 'cli', 'program.ts'));
    for (const file of files) {
      const name = file.replace(/\.ts$/, '');
      const register = `register${name[0]!.toUpperCase()}${name.slice(1)}`;
      expect(read(join(COMMANDS_DIR, file)), file).toContain(`export function ${register}(`);
      expect(program, `program.ts registers ${name}`).toMatch(new RegExp(`^\\s*${register},$`, 'm'));
    }
  });

  it("reads every flag of run and sweep in the action they share (a flag declared and never read is accepted and does nothing)", () => {
    const action = read(join(COMMANDS_DIR, 'run.ts'));
    const attributes = experimentFlags(new Command('trial')).options.map((o) => o.attributeName());
    expect(attributes.length).toBeGreaterThan(10);
    expect(attributes.filter((a) => !new RegExp(`\\bflags\\.${a}\\b`).test(action))).toEqual([]);
  });

  it('imports at the top of every file, none in the middle', () => {
    const late: string[] = [];
    for (const file of sourceFiles(join(SRC, 'cli'))) {
      const lines = read(file).split('\n');
      // The end of the header: the first line that is code and not part of an import statement.
      let inImport = false;
      let codeStarted = false;
      lines.forEach((line, i) => {
        const statement = /^import\s/.test(line);
        if (codeStarted && statement) late.push(`${relative(ROOT, file)}:${i + 1}`);
        if (statement) inImport = !/from\s+['"][^'"]+['"];?\s*$|^import\s+['"][^'"]+['"];?\s*$/.test(line);
        else if (inImport) inImport = !/from\s+['"][^'"]+['"];?\s*$/.test(line);
        else if (line.trim() && !/^\s*(\/\/|\/\*|\*|#!)/.test(line)) codeStarted = true;
      });
    }
    expect(late).toEqual([]);
  });
});

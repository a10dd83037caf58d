/** The CLI's side of validation: every problem of a file at once, empty files, names from file names. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, ensureBuilt, scratch, tree } from './helpers.js';

beforeAll(ensureBuilt);

function refused(file: string, text: string): { stderr: string; lines: string[] } {
  const dir = scratch();
  writeFileSync(join(dir, file), text);
  const before = tree(dir);
  const r = cli(['run', file, '-n', '3'], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(tree(dir)).toEqual(before);
  return { stderr: r.stderr, lines: r.stderr.trimEnd().split('\n') };
}

describe('orchsim run with a bad scenario file', () => {
  it('names every problem, one line each, exit 2, nothing written', () => {
    const { lines } = refused('three.yaml', 'review:\n  reviewers: 0\nfanout: four\nrouting:\n  orchestrator: gpt\n');
    expect(lines[0]).toBe('orchsim: three.yaml: 3 problems:');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0]).sort()).toEqual(['fanout', 'review.reviewers', 'routing.orchestrator']);
  });

  it('an empty file (only comments) is refused, not run as the default', () => {
    const { stderr } = refused('empty.yaml', '# nothing yet\n');
    expect(stderr).toMatch(/^orchsim: empty\.yaml is empty \(no fields\)/);
  });

  it('a cycle is named as one', () => {
    const { stderr } = refused(
      'cycle.yaml',
      'workload:\n  graph:\n    generator: explicit\n    subtasks:\n      - { id: a, kind: implement, after: [b] }\n      - { id: b, kind: implement, after: [a] }\n',
    );
    expect(stderr).toMatch(/subtasks\[1\]\.after\[0\]: cycle 'a' -> 'b' -> 'a'/);
  });
});

describe('a scenario file without a name', () => {
  it('is named after its file, and so is its output folder (not results/default-run)', () => {
    const dir = scratch();
    writeFileSync(join(dir, 'my-team.yaml'), 'fanout: 2\n');
    const r = cli(['run', 'my-team.yaml', '-n', '3', '-q'], dir);
    expect(r.code).toBe(0);
    expect(tree(join(dir, 'results'))[0]).toBe('my-team-run');
    expect(cli(['validate', 'my-team.yaml'], dir).stdout).toMatch(/^name: my-team$/m);
  });
});

/** `orchsim schema`: the JSON Schema of a scenario file, for editors. */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../model/index.js';
import { writeFileAtomic } from '../../output/index.js';
import { fileOutFlags, type FileOutFlags } from '../flags.js';

export function registerSchema(program: Command): void {
  fileOutFlags(program.command('schema').description('print the JSON Schema of a scenario file (for editor completion and checks)'))
    .addHelpText('after', '\nExamples:\n  orchsim schema --out orchsim.schema.json\n  # then in a YAML file: # yaml-language-server: $schema=./orchsim.schema.json')
    .action((flags: FileOutFlags) => {
      const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
      if (flags.out) writeFileAtomic(flags.out, text, flags.force ?? false);
      else process.stdout.write(text);
    });
}

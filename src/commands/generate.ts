/**
 * `generate`: writes the artifacts derived from the zod schema: `values/values.schema.json`
 * (editor support), `docs/values.md` (the values reference), `docs/import.md` (the official
 * chart's keys, from the importer's table) and `docs/rules.md` (every rule, from src/rules/). Tests fail when any is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from '../args';
import { COMMAND_FLAGS } from './flags';
import { UsageError } from '../errors';
import { JSON_SCHEMA_FILE, renderJsonSchema } from '../docs/json-schema';
import { renderValuesReference, VALUES_DOC_FILE } from '../docs/values-md';
import { IMPORT_DOC_FILE, renderImportReference } from '../docs/import-md';
import { renderRulesReference, RULES_DOC_FILE } from '../docs/rules-md';

export const GENERATE_USAGE = `Usage: npm run generate -- [options]

Writes ${JSON_SCHEMA_FILE} and ${VALUES_DOC_FILE} from the values schema (src/values/schema/), and
${IMPORT_DOC_FILE} from the importer's mapping table (src/import/helm-mapping.ts), and
${RULES_DOC_FILE} from the rule definitions (src/rules/).

Options:
  --root <dir>   repository root to write into (default: .)
  --quiet        print nothing`;

/** Every generated file, relative to the repository root, with its content. */
export function generatedFiles(): Map<string, string> {
  return new Map([
    [JSON_SCHEMA_FILE, renderJsonSchema()],
    [VALUES_DOC_FILE, renderValuesReference()],
    [IMPORT_DOC_FILE, renderImportReference()],
    [RULES_DOC_FILE, renderRulesReference()],
  ]);
}

export function runGenerate(argv: string[], io: { out: (s: string) => void }): number {
  const args = parseArgs(argv, COMMAND_FLAGS.generate);
  if (args.flags.has('help')) {
    io.out(GENERATE_USAGE);
    return 0;
  }
  if (args.positionals.length)
    throw new UsageError(`Unexpected argument "${args.positionals[0]}".\n\n${GENERATE_USAGE}`);
  const root = args.flags.get('root')?.[0] ?? '.';
  for (const [file, content] of generatedFiles()) {
    const target = path.join(root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const tmp = `${target}.tmp-${process.pid}`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, target);
    if (!args.flags.has('quiet')) io.out(`wrote ${target}`);
  }
  return 0;
}

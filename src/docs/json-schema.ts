/**
 * The values JSON Schema (`values/values.schema.json`), generated from the zod schema so editors
 * (yaml-language-server in VS Code, IntelliJ, Neovim) complete keys and flag mistakes while typing.
 * The zod schema stays the one source of truth; this file only converts it.
 */
import { z } from 'zod';
import { envByKey } from '../model';
import { RULES } from '../rules';
import { valuesSchema } from '../values/schema';

/** Where the generated schema lives, relative to the repository root. */
export const JSON_SCHEMA_FILE = 'values/values.schema.json';
/** The first line of every values file: tells yaml-language-server which schema to use. */
export const SCHEMA_MODELINE = '# yaml-language-server: $schema=./values.schema.json';

/** Formats zod emits that are not JSON Schema formats (the `pattern` next to them says the same). */
const NON_STANDARD_FORMATS = new Set(['starts_with', 'ends_with', 'includes', 'regex']);

export type JsonSchema = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  enum?: unknown[];
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  'x-env'?: string;
  /** The Open WebUI variables of this key that are first-boot seeds (facts §3; the env table's seed flag). */
  'x-first-boot-seed'?: string[];
  [key: string]: unknown;
};

/**
 * The JSON Schema of a values FILE (zod's input side): keys with defaults are optional, and every
 * strict object forbids unknown keys (`additionalProperties: false`). Draft-07, the draft every
 * YAML/JSON editor and Ajv's default build understand.
 */
export function valuesJsonSchema(): JsonSchema {
  const schema = valuesSchemaTypes();
  allowNullKeys(schema);
  // Only ids of warning rules can be acknowledged (the pipeline refuses others): let editors complete them.
  const ack = schema.properties?.acknowledgeWarnings;
  if (ack?.items) ack.items.enum = RULES.filter((r) => r.severity === 'warning').map((r) => r.id);
  return schema;
}

/**
 * The zod schema as JSON Schema, before the editor additions: the types the reference
 * (docs/values.md) documents, each key with the Open WebUI variables it sets (`x-env`, from the
 * model's env table).
 */
export function valuesSchemaTypes(): JsonSchema {
  const schema = z.toJSONSchema(valuesSchema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      const js = jsonSchema as JsonSchema;
      if (typeof js.format === 'string' && NON_STANDARD_FORMATS.has(js.format)) delete js.format;
    },
  }) as JsonSchema;
  const env = envByKey();
  const annotate = (s: JsonSchema, prefix: string) => {
    for (const [name, child] of Object.entries(s.properties ?? {})) {
      const key = prefix ? `${prefix}.${name}` : name;
      const row = env.get(key);
      if (row) child['x-env'] = row.names.join(', ');
      if (row?.seed) {
        child['x-first-boot-seed'] = row.seeds;
        child.description = `${firstBootSeedMark(row.seeds)} ${child.description ?? ''}`.trimEnd();
      }
      annotate(child, key);
    }
  };
  annotate(schema, '');
  return schema;
}

/**
 * The mark every key feeding a first-boot seed carries at the start of its description (so the
 * JSON Schema in editors and docs/values.md both show it).
 */
export const firstBootSeedMark = (names: readonly string[]): string =>
  `First-boot seed (${names.join(', ')}): with \`openwebui.persistentConfig\` on (the default) Open WebUI stores it in its database on the first start and keeps that value; change it later in the Admin UI.`;

/**
 * `key: null` removes a key in a values file (Helm semantics; the schema default applies again), so
 * every map key also accepts null. List items do not: a null item is an error in the pipeline too.
 */
function allowNullKeys(schema: JsonSchema): void {
  for (const prop of Object.values(schema.properties ?? {})) {
    allowNullKeys(prop);
    if (typeof prop.type === 'string') prop.type = [prop.type, 'null'];
    if (prop.enum && !prop.enum.includes(null)) prop.enum = [...prop.enum, null];
    if (prop.anyOf && !prop.anyOf.some((b) => b.type === 'null')) prop.anyOf = [...prop.anyOf, { type: 'null' }];
  }
  if (schema.items) allowNullKeys(schema.items);
  for (const branch of schema.anyOf ?? []) allowNullKeys(branch);
  if (typeof schema.additionalProperties === 'object') allowNullKeys(schema.additionalProperties);
}

/** The file content: stable key order as declared in the zod schema, two-space indent, trailing newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(valuesJsonSchema(), null, 2)}\n`;
}

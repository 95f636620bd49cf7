/**
 * The values JSON Schema (`values/values.schema.json`), generated from the zod schema so editors
 * (yaml-language-server in VS Code, IntelliJ, Neovim) complete keys and flag mistakes while typing.
 * The zod schema stays the one source of truth; this file only converts it.
 */
import { z } from 'zod';
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
  [key: string]: unknown;
};

/**
 * The JSON Schema of a values FILE (zod's input side): keys with defaults are optional, and every
 * strict object forbids unknown keys (`additionalProperties: false`). Draft-07, the draft every
 * YAML/JSON editor and Ajv's default build understand.
 */
export function valuesJsonSchema(): JsonSchema {
  return z.toJSONSchema(valuesSchema, {
    target: 'draft-07',
    io: 'input',
    unrepresentable: 'throw',
    override: ({ jsonSchema }) => {
      const js = jsonSchema as JsonSchema;
      if (typeof js.format === 'string' && NON_STANDARD_FORMATS.has(js.format)) delete js.format;
    },
  }) as JsonSchema;
}

/** The file content: stable key order as declared in the zod schema, two-space indent, trailing newline. */
export function renderJsonSchema(): string {
  return `${JSON.stringify(valuesJsonSchema(), null, 2)}\n`;
}

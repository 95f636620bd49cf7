/**
 * values/values.schema.json: fresh, loadable by a standard validator (Ajv, draft-07, strict), accepts
 * every shipped values file, and agrees with the zod schema on crafted good and bad values.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { load } from 'js-yaml';
import { JSON_SCHEMA_FILE, renderJsonSchema, SCHEMA_MODELINE, valuesJsonSchema } from '../../src/docs/json-schema';
import { discoverEnvironments } from '../../src/environments';
import { mergeLayers, Plain } from '../../src/values/merge';
import { valuesSchema } from '../../src/values/schema';

const ROOT = path.resolve(__dirname, '../../..');
const VALUES = path.join(ROOT, 'values');

function compile() {
  // strict: unknown keywords and formats are errors, so the schema is standard JSON Schema; x-env is declared.
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-env', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-first-boot-seed', schemaType: 'array' });
  return ajv.compile(valuesJsonSchema());
}
const validate = compile();
const zodAccepts = (v: unknown) => valuesSchema.safeParse(v).success;
const readYaml = (f: string) => (load(fs.readFileSync(f, 'utf8')) ?? {}) as Plain;

describe('values/values.schema.json', () => {
  it('is fresh: the committed file is what `npm run generate` writes', () => {
    const committed = fs.readFileSync(path.join(ROOT, JSON_SCHEMA_FILE), 'utf8');
    expect(
      committed === renderJsonSchema() ? 'fresh' : `stale: run \`npm run generate\` and commit ${JSON_SCHEMA_FILE}`,
    ).toBe('fresh');
  });

  it('is draft-07 with descriptions, defaults, enums, examples and env vars, and forbids unknown keys', () => {
    const s = valuesJsonSchema() as any;
    expect(s.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.database.additionalProperties).toBe(false);
    expect(s.properties.database.properties.pool.properties.size).toMatchObject({
      default: 5,
      type: ['integer', 'null'],
      'x-env': 'DATABASE_POOL_SIZE',
    });
    expect(s.properties.database.properties.pool.properties.size.description).toMatch(/Connections/);
    expect(s.properties.ingress.properties.controller.enum).toEqual(['nginx', 'alb', 'traefik', 'gce', null]);
    expect(s.properties.image.properties.tag.examples).toEqual(['0.11.0']);
    // first-boot seeds are marked in the description editors show, and machine-readably
    expect(s.properties.publicUrl['x-first-boot-seed']).toEqual(['WEBUI_URL']);
    expect(s.properties.publicUrl.description).toMatch(/^First-boot seed \(WEBUI_URL\): /);
    // input mode: keys with defaults are optional, so a partial values file is valid.
    expect(s.required).toBeUndefined();
    expect(s.properties.database.required).toBeUndefined();
  });

  it.each(fs.readdirSync(VALUES).filter((f) => f.endsWith('.yaml')))(
    '%s starts with the yaml-language-server modeline',
    (f) => {
      expect(fs.readFileSync(path.join(VALUES, f), 'utf8').split('\n')[0]).toBe(SCHEMA_MODELINE);
    },
  );

  // Editors check each file alone, so each file alone must pass: every key is optional in the schema.
  it.each(fs.readdirSync(VALUES).filter((f) => f.endsWith('.yaml')))(
    'accepts %s alone (what the editor checks)',
    (f) => {
      expect(validate(readYaml(path.join(VALUES, f))) ? [] : validate.errors).toEqual([]);
    },
  );

  // Files are layered, so what gets deployed is the merge: validate each environment's merged values,
  // which catches a key that is fine in one file but wrong once layered (e.g. a list replaced by a map).
  it.each(discoverEnvironments(VALUES).map((e) => [e.name, e.files] as const))(
    'accepts the merged values of %s, as zod does',
    (_name, files) => {
      const merged = mergeLayers(files.map(readYaml));
      expect(validate(merged) ? [] : validate.errors).toEqual([]);
      expect(zodAccepts(merged)).toBe(true);
    },
  );

  const good: [string, unknown][] = [
    ['empty values', {}],
    ['replicas and image', { replicaCount: 3, image: { tag: '0.12.0' } }],
    [
      'quantities as strings and numbers',
      { resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: 2 } } },
    ],
    ['ingress host with default paths', { ingress: { enabled: true, hosts: [{ host: 'chat.example.com' }] } }],
    ['cost prices', { cost: { cpuHour: 0.04, memoryGbHour: 0.004, currency: 'EUR' } }],
    ['passthrough affinity', { affinity: { nodeAffinity: { anything: [1, 2] } } }],
  ];
  const bad: [string, unknown][] = [
    ['unknown top-level key', { replicas: 3 }],
    ['unknown nested key (misspelt)', { database: { pool: { sise: 5 } } }],
    ['number as string', { replicaCount: '3' }],
    ['negative replicas', { replicaCount: -1 }],
    ['fractional replicas', { replicaCount: 1.5 }],
    ['enum outside its options', { ingress: { controller: 'haproxy' } }],
    ['invalid Kubernetes name', { releaseName: 'Open_WebUI' }],
    ['invalid quantity', { resources: { requests: { cpu: '500 millicores' } } }],
    ['ingress host without host', { ingress: { hosts: [{ paths: [] }] } }],
    ['host with a scheme', { ingress: { hosts: [{ host: 'https://chat.example.com' }] } }],
    ['list instead of map', { nodeSelector: ['a'] }],
    ['currency not ISO 4217', { cost: { currency: 'dollars' } }],
    ['pool above its maximum', { database: { pool: { size: 5000 } } }],
  ];
  it.each(good)('JSON Schema and zod both accept: %s', (_n, v) => {
    expect({ jsonSchema: validate(v), zod: zodAccepts(v) }).toEqual({ jsonSchema: true, zod: true });
  });
  it.each(bad)('JSON Schema and zod both refuse: %s', (_n, v) => {
    expect({ jsonSchema: validate(v), zod: zodAccepts(v) }).toEqual({ jsonSchema: false, zod: false });
  });

  it.each([
    ['a top-level key', { replicaCount: null }],
    ['a nested key', { autoscaling: { maxReplicas: null } }],
    ['a whole section', { ingress: null }],
    ['an enum key', { image: { pullPolicy: null } }],
    ['a quantity', { resources: { requests: { cpu: null } } }],
  ])('null removes %s (Helm semantics): both the JSON Schema and the pipeline accept it', (_n, v) => {
    expect({ jsonSchema: validate(v), zod: zodAccepts(mergeLayers([v as Record<string, unknown>])) }).toEqual({
      jsonSchema: true,
      zod: true,
    });
  });

  it('only warning ids can be acknowledged, in the JSON Schema as in the pipeline', () => {
    expect(validate({ acknowledgeWarnings: ['recommended-content-extraction'] })).toBe(true);
    expect(validate({ acknowledgeWarnings: ['recommended-tikka'] })).toBe(false);
    expect(validate({ acknowledgeWarnings: [null] })).toBe(false);
  });

  it('refuses a broken copy of a shipped file', () => {
    const aws = readYaml(path.join(VALUES, 'aws.yaml')) as any;
    aws.autoscaling.maxReplica = 10; // misspelt key
    expect(validate(aws)).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({
      keyword: 'additionalProperties',
      params: { additionalProperty: 'maxReplica' },
    });
  });
});

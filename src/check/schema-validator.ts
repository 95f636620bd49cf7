/**
 * A small, strict validator for Kubernetes OpenAPI schemas (swagger 2 `definitions` and CRD
 * `openAPIV3Schema`), behaving like `kubeconform -strict`:
 * - an object schema with `properties` rejects fields it does not list (unless
 *   `x-kubernetes-preserve-unknown-fields`); an object without `properties` is free-form
 *   (or typed by `additionalProperties`);
 * - int-or-string (`format: int-or-string`, `x-kubernetes-int-or-string`) takes both forms, and
 *   so does a resource Quantity (a string in canonical form or a plain number);
 * - `required`, `enum`, `type` (integer vs number, int32/int64 ranges), `items`, string length and
 *   `pattern`, `minimum`/`maximum`, `min/maxItems`, `min/maxProperties`;
 * - `oneOf`, `anyOf` and `not` as structural CRD schemas use them (value constraints such as
 *   "at most one of `simple` and `consistentHash`" in Istio's DestinationRule); their branches
 *   never widen the set of known fields;
 * - not evaluated: `x-kubernetes-validations` (CEL rules) and list-map key uniqueness.
 * - `null` counts as absent (the API server drops null fields), so it is accepted anywhere.
 */
import { joinKey, QUANTITY } from '../k8s';

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  maxProperties?: number;
  allOf?: Schema[];
  anyOf?: readonly Schema[];
  oneOf?: readonly Schema[];
  not?: Schema;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

export interface SchemaProblem {
  /** JSON-path-like location, e.g. `spec.template.spec.containers[0].resources`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Where the walk is: the path given to `validate`, or a step from the parent (a field or a list
 * index). The path string is built only for a problem (objects have thousands of fields, few problems).
 */
type Loc = string | { readonly up: Loc; readonly key: string | number };
const pathOf = (loc: Loc): string =>
  typeof loc === 'string'
    ? loc
    : typeof loc.key === 'number'
      ? `${pathOf(loc.up)}[${loc.key}]`
      : joinKey(pathOf(loc.up), loc.key);

const QUANTITY_REF = '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT32 = [-(2 ** 31), 2 ** 31 - 1] as const;

export class SchemaValidator {
  private readonly patterns = new Map<string, RegExp>();
  /** `$ref` -> its definition, resolved once per validator. */
  private readonly refs = new Map<string, Schema>();
  /** @param definitions swagger `definitions` that `$ref`s resolve against */
  constructor(private readonly definitions: Record<string, Schema> = {}) {}

  validate(value: unknown, schema: Schema, path = ''): SchemaProblem[] {
    const problems: SchemaProblem[] = [];
    this.walk(value, schema, path, problems);
    return problems;
  }

  private resolve(ref: string): Schema {
    let s = this.refs.get(ref);
    if (!s) {
      const name = ref.replace(/^#\/definitions\//, '');
      s = this.definitions[name];
      if (!s) throw new Error(`Schema reference ${ref} does not resolve`);
      this.refs.set(ref, s);
    }
    return s;
  }

  private walk(value: unknown, schema: Schema, path: Loc, out: SchemaProblem[]): void {
    if (value === null || value === undefined) return;
    if (schema.$ref) {
      if (schema.$ref === QUANTITY_REF) return this.quantity(value, path, out);
      return this.walk(value, this.resolve(schema.$ref), path, out);
    }
    if (schema.allOf) for (const s of schema.allOf) this.walk(value, s, path, out);
    if (schema.format === 'int-or-string' || schema['x-kubernetes-int-or-string']) {
      if (!(typeof value === 'string' || Number.isInteger(value)))
        out.push({ path: pathOf(path), message: `must be an integer or a string, got ${describe(value)}` });
      return; // its anyOf [integer, string] says the same
    }
    if (schema.anyOf || schema.oneOf || schema.not) this.alternatives(value, schema, path, out);
    if (schema.enum && !schema.enum.includes(value)) {
      out.push({
        path: pathOf(path),
        message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${JSON.stringify(value)}`,
      });
      return;
    }
    switch (schema.type) {
      case 'string':
        if (typeof value !== 'string')
          return void out.push({ path: pathOf(path), message: `must be a string, got ${describe(value)}` });
        if (schema.minLength !== undefined && value.length < schema.minLength)
          out.push({ path: pathOf(path), message: `must be at least ${schema.minLength} characters long` });
        if (schema.maxLength !== undefined && value.length > schema.maxLength)
          out.push({ path: pathOf(path), message: `must be at most ${schema.maxLength} characters long` });
        if (schema.pattern && !this.regex(schema.pattern).test(value))
          out.push({ path: pathOf(path), message: `must match ${schema.pattern}, got ${JSON.stringify(value)}` });
        if (schema.format === 'date-time' && Number.isNaN(Date.parse(value)))
          out.push({ path: pathOf(path), message: `must be an RFC 3339 date-time, got ${JSON.stringify(value)}` });
        return;
      case 'integer':
        if (!Number.isInteger(value))
          return void out.push({ path: pathOf(path), message: `must be an integer, got ${describe(value)}` });
        if (schema.format === 'int32' && ((value as number) < INT32[0] || (value as number) > INT32[1]))
          out.push({ path: pathOf(path), message: `must fit in a 32-bit integer, got ${value}` });
        return this.range(value as number, schema, path, out);
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value))
          return void out.push({ path: pathOf(path), message: `must be a number, got ${describe(value)}` });
        return this.range(value, schema, path, out);
      case 'boolean':
        if (typeof value !== 'boolean')
          out.push({ path: pathOf(path), message: `must be a boolean (true or false), got ${describe(value)}` });
        return;
      case 'array':
        if (!Array.isArray(value))
          return void out.push({ path: pathOf(path), message: `must be a list, got ${describe(value)}` });
        if (schema.minItems !== undefined && value.length < schema.minItems)
          out.push({ path: pathOf(path), message: `must have at least ${schema.minItems} item(s)` });
        if (schema.maxItems !== undefined && value.length > schema.maxItems)
          out.push({ path: pathOf(path), message: `must have at most ${schema.maxItems} item(s)` });
        if (schema.items)
          value.forEach((item, i) => this.walk(item, schema.items as Schema, { up: path, key: i }, out));
        return;
      case 'object':
        return this.object(value, schema, path, out);
      default:
        // No type: objects described by properties only, or anything (e.g. JSONSchemaProps' `x-kubernetes-preserve-unknown-fields`).
        // (`required` alone: a branch of oneOf/anyOf/not such as `{required: [simple]}`.)
        if (schema.properties || schema.additionalProperties || schema.required) this.object(value, schema, path, out);
    }
  }

  /** Whether `value` satisfies `schema` (a oneOf/anyOf/not branch). */
  private passes(value: unknown, schema: Schema): boolean {
    const problems: SchemaProblem[] = [];
    this.walk(value, schema, '', problems);
    return problems.length === 0;
  }

  /**
   * oneOf / anyOf / not. In structural schemas the branches are mostly `{required: [field]}`, which
   * together say "at most one of these fields" (Istio: `oneOf: [{not: {anyOf: [...]}}, {required: [a]},
   * {required: [b]}]`): the message names the fields, not the branches.
   */
  private alternatives(value: unknown, schema: Schema, path: Loc, out: SchemaProblem[]): void {
    const fields = (branches: readonly Schema[]) => branches.flatMap((b) => b.required ?? []);
    const present = (names: string[]) =>
      value && typeof value === 'object' && !Array.isArray(value)
        ? names.filter(
            (n) =>
              (value as Record<string, unknown>)[n] !== undefined && (value as Record<string, unknown>)[n] !== null,
          )
        : [];
    if (schema.oneOf) {
      const matched = schema.oneOf.filter((b) => this.passes(value, b)).length;
      if (matched !== 1) {
        const names = fields(schema.oneOf);
        const set = present(names);
        out.push({
          path: pathOf(path),
          message:
            names.length && set.length > 1
              ? `may set only one of ${names.join(', ')}, got ${set.join(' and ')}`
              : `must match exactly one of ${schema.oneOf.length} alternatives, matched ${matched}`,
        });
      }
    }
    if (schema.anyOf && !schema.anyOf.some((b) => this.passes(value, b))) {
      const names = fields(schema.anyOf);
      out.push({
        path: pathOf(path),
        message: names.length
          ? `must set at least one of ${names.join(', ')}`
          : `must match at least one of ${schema.anyOf.length} alternatives`,
      });
    }
    if (schema.not && this.passes(value, schema.not)) {
      const names = fields(schema.not.anyOf ?? [schema.not]);
      out.push({
        path: pathOf(path),
        message: names.length ? `may not set ${names.join(' or ')} here` : 'matches a schema it must not match',
      });
    }
  }

  private object(value: unknown, schema: Schema, path: Loc, out: SchemaProblem[]): void {
    if (typeof value !== 'object' || Array.isArray(value) || value === null)
      return void out.push({ path: pathOf(path), message: `must be a mapping (object), got ${describe(value)}` });
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    for (const r of schema.required ?? [])
      if (obj[r] === undefined || obj[r] === null) out.push({ path: joinKey(pathOf(path), r), message: 'is required' });
    if (schema.minProperties !== undefined && keys.length < schema.minProperties)
      out.push({ path: pathOf(path), message: `must have at least ${schema.minProperties} field(s)` });
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties)
      out.push({
        path: pathOf(path),
        message: `must have at most ${schema.maxProperties} field(s), got ${keys.join(', ')}`,
      });
    const props = schema.properties;
    const extra = schema.additionalProperties;
    for (const k of keys) {
      const sub = props?.[k];
      if (sub) this.walk(obj[k], sub, { up: path, key: k }, out);
      else if (extra && typeof extra === 'object') this.walk(obj[k], extra, { up: path, key: k }, out);
      else if (props && extra !== true && !schema['x-kubernetes-preserve-unknown-fields']) {
        out.push({ path: joinKey(pathOf(path), k), message: `unknown field "${k}"${suggest(k, Object.keys(props))}` });
      }
    }
  }

  private range(n: number, schema: Schema, path: Loc, out: SchemaProblem[]): void {
    if (schema.minimum !== undefined && n < schema.minimum)
      out.push({ path: pathOf(path), message: `must be >= ${schema.minimum}, got ${n}` });
    if (schema.maximum !== undefined && n > schema.maximum)
      out.push({ path: pathOf(path), message: `must be <= ${schema.maximum}, got ${n}` });
  }

  private quantity(value: unknown, path: Loc, out: SchemaProblem[]): void {
    if (typeof value === 'number' && Number.isFinite(value)) return;
    if (typeof value === 'string' && QUANTITY.test(value)) return;
    out.push({
      path: pathOf(path),
      message: `must be a quantity such as "500m", "1", "512Mi" or "2Gi", got ${JSON.stringify(value)}`,
    });
  }

  private regex(p: string): RegExp {
    let r = this.patterns.get(p);
    if (!r) {
      // CRD patterns are Go RE2: a leading `(?i)` flag (e.g. PrometheusRule's partial_response_strategy) is JavaScript's `i` flag.
      const m = /^(\^?)\(\?i\)(.*)$/s.exec(p);
      r = m ? new RegExp(`${m[1]}${m[2]}`, 'iu') : new RegExp(p, 'u');
      this.patterns.set(p, r);
    }
    return r;
  }
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** ` (did you mean "x"?)` for a close known field. */
function suggest(k: string, known: string[]): string {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of known) {
    const d = distance(k.toLowerCase(), c.toLowerCase());
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best && bestD <= Math.max(2, Math.floor(k.length / 4)) ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

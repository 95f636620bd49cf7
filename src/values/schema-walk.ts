/** Finds the zod schema that governs a key path, to list the keys or options valid there. */
import { z } from 'zod';
import { Path } from '../errors';

type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let cur = schema;
  for (let i = 0; i < 20; i++) {
    const def = cur._zod.def as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (
      def.innerType &&
      ['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional'].includes(def.type)
    )
      cur = def.innerType;
    else if (def.type === 'pipe' && def.in) cur = def.in;
    else break;
  }
  return cur;
}

/** The schema at `path`, or undefined when the path leaves the schema. */
export function schemaAt(root: AnySchema, path: Path): AnySchema | undefined {
  let cur: AnySchema | undefined = unwrap(root);
  for (const seg of path) {
    if (!cur) return undefined;
    const def = cur._zod.def as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
    };
    if (def.type === 'object' && typeof seg === 'string') cur = def.shape?.[seg];
    else if (def.type === 'array' && typeof seg === 'number') cur = def.element;
    else if (def.type === 'record') cur = def.valueType;
    else return undefined;
    cur = cur ? unwrap(cur) : undefined;
  }
  return cur;
}

/** Keys allowed in the map at `path`. */
export function keysAt(root: AnySchema, path: Path): string[] {
  const s = schemaAt(root, path);
  const def = s?._zod.def as { type: string; shape?: Record<string, AnySchema> } | undefined;
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** The longest prefix of `path` that walks through object keys of the schema (not record or list entries). */
export function schemaKeyPrefix(root: AnySchema, path: Path): string[] {
  const out: string[] = [];
  let cur: AnySchema | undefined = unwrap(root);
  for (const seg of path) {
    const def = cur?._zod.def as { type: string; shape?: Record<string, AnySchema> } | undefined;
    if (!def || def.type !== 'object' || typeof seg !== 'string' || !def.shape?.[seg]) break;
    out.push(seg);
    cur = unwrap(def.shape[seg]);
  }
  return out;
}

/** Every key path of the schema's objects, e.g. `autoscaling.maxReplicas` (records and lists are not entered). */
export function allKeyPaths(root: AnySchema, prefix: string[] = []): string[][] {
  const s = unwrap(root);
  const def = s._zod.def as { type: string; shape?: Record<string, AnySchema> };
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([k, child]) => [[...prefix, k], ...allKeyPaths(child, [...prefix, k])]);
}

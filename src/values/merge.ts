/**
 * Helm's layering semantics: maps deep-merge, lists (and scalars) replace, `null` removes a key.
 */

export type Plain = Record<string, unknown>;

const isMap = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Merges `layers` bottom to top into a new object. Inputs are not modified. */
export function mergeLayers(layers: readonly Plain[]): Plain {
  let out: Plain = {};
  for (const layer of layers) out = mergeTwo(out, layer);
  return dropNulls(out) as Plain;
}

function mergeTwo(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === null) {
      out[key] = null; // removal marker, dropped at the end (a later layer may set it again)
    } else if (isMap(value) && isMap(out[key])) {
      out[key] = mergeTwo(out[key] as Plain, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isMap(value)) return value;
  const out: Plain = {};
  // Object.keys, not Object.entries: no pair array per entry of a 45,000-entry map.
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v !== null) out[k] = dropNulls(v);
  }
  return out;
}

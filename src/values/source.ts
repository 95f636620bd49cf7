/**
 * A values layer and where it came from (a file, `--set`, or the schema defaults),
 * with an index from key paths to source positions so errors can name the line.
 */
import { Path } from '../errors';

export interface ValuesLayer {
  /** What to call this layer in messages: a file path as given, or `--set a.b=c`. */
  readonly label: string;
  /** The parsed content: a map. */
  readonly data: Record<string, unknown>;
  /** Source positions of keys and list items (by pathKey), when the layer came from YAML text. */
  readonly positions?: Positions;
  /** Which part of the layer set a key path (e.g. the one `--set` flag of several), for messages. */
  readonly origins?: ReadonlyMap<string, string>;
}

/** 1-based line and column of a key or list item, by its pathKey (a Map is one). */
export interface Positions {
  get(key: string): { line: number; column: number } | undefined;
}

export const pathKey = (path: Path): string => JSON.stringify(path);

/** Does `data` hold a value (possibly null) at `path`? */
export function hasPath(data: unknown, path: Path): boolean {
  let cur: unknown = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return false;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return false;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return true;
}

/** The recorded origin of `path` or of its nearest ancestor (or descendant, for a whole-map path). */
function originOf(layer: ValuesLayer, path: Path): string | undefined {
  if (!layer.origins) return undefined;
  for (let depth = path.length; depth >= 1; depth--) {
    const o = layer.origins.get(pathKey(path.slice(0, depth)));
    if (o) return o;
  }
  const prefix = pathKey(path).slice(0, -1);
  for (const [k, o] of layer.origins) if (k.startsWith(prefix)) return o;
  return undefined;
}

export interface Located {
  file: string;
  line?: number;
  column?: number;
}

/**
 * The top-most layer that sets `path`, or removed it (`null` at the key or an ancestor, Helm's
 * removal), or failing that its nearest ancestor; and the position there. Layers are ordered
 * bottom to top; defaults are not a layer.
 */
export function locate(layers: readonly ValuesLayer[], path: Path): Located | undefined {
  const at = (layer: ValuesLayer, prefix: Path): Located => {
    const pos = layer.positions?.get(pathKey(prefix));
    return { file: originOf(layer, path) ?? layer.label, line: pos?.line, column: pos?.column };
  };
  for (let i = layers.length - 1; i >= 0; i--) {
    let cur: unknown = layers[i].data;
    for (let depth = 0; depth < path.length; depth++) {
      if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, path[depth])) break;
      cur = (cur as Record<string | number, unknown>)[path[depth]];
      if (depth === path.length - 1 || cur === null) return at(layers[i], path.slice(0, depth + 1));
    }
  }
  for (let depth = path.length - 1; depth >= 1; depth--) {
    const prefix = path.slice(0, depth);
    for (let i = layers.length - 1; i >= 0; i--) if (hasPath(layers[i].data, prefix)) return at(layers[i], prefix);
  }
  return undefined;
}

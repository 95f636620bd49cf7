/**
 * Positions in YAML text, from js-yaml's event stream: where a key path (a map key, a list item)
 * sits, as a 1-based line and column. Used for values files (src/values/load.ts) and for the
 * manifests `check` reads (check-dir.ts).
 */
import { EVENT_ID, Event, getScalarValue, parseEvents, SCALAR_STYLE } from 'js-yaml';
import type { Path } from '../errors';

/** The offsets where the lines of `text` start. */
export function lineStartsOf(text: string): number[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  return lineStarts;
}
/** 1-based line and column of an offset, given the offsets where the lines start (lineStartsOf). */
export function positionOf(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

/**
 * Where an event's node starts in the text (for a scalar: its anchor, if any; a quoted one at its
 * opening quote, which js-yaml's valueStart is just after), or -1.
 */
export function startOf(ev: Event): number {
  switch (ev.type) {
    case EVENT_ID.SCALAR: {
      const quoted = ev.style === SCALAR_STYLE.SINGLE_QUOTED || ev.style === SCALAR_STYLE.DOUBLE_QUOTED;
      const start = quoted ? ev.valueStart - 1 : ev.valueStart;
      return ev.anchorStart >= 0 ? Math.min(ev.anchorStart, start) : start;
    }
    case EVENT_ID.MAPPING:
    case EVENT_ID.SEQUENCE:
      return ev.start;
    case EVENT_ID.ALIAS:
      return ev.anchorStart;
    default:
      return -1;
  }
}

/**
 * The position of `target` in document `doc` (0: the first) that src/values/load.ts's index of
 * every key would record (a map key's own position, a list item's start), found by one walk of the
 * events that follows only the maps and lists on the target's path (the rest only move the depth)
 * and stops at the target.
 */
export function findPosition(
  events: readonly Event[],
  text: string,
  target: Path,
  doc = 0,
  lineStarts?: readonly number[],
): { line: number; column: number } | undefined {
  if (target.length === 0) return undefined;
  // onPath: the frame's path is target's first `depth` segments.
  type Frame = {
    kind: 'map' | 'seq' | 'doc';
    onPath: boolean;
    depth: number;
    index: number;
    pendingKey?: string | null;
  };
  const stack: Frame[] = [];
  const at = (offset: number) => positionOf(lineStarts ?? lineStartsOf(text), offset);
  let docs = 0;
  for (const ev of events) {
    if (ev.type === EVENT_ID.DOCUMENT) {
      stack.push({ kind: 'doc', onPath: docs++ === doc, depth: 0, index: 0 });
      continue;
    }
    if (ev.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    if (
      ev.type !== EVENT_ID.MAPPING &&
      ev.type !== EVENT_ID.SEQUENCE &&
      ev.type !== EVENT_ID.SCALAR &&
      ev.type !== EVENT_ID.ALIAS
    )
      continue;
    const parent = stack[stack.length - 1];
    let onPath = false;
    let depth = 0;
    if (parent && parent.kind !== 'doc') {
      depth = parent.depth + 1;
      if (parent.onPath && parent.kind === 'seq') {
        const seg = parent.index++;
        onPath = seg === target[parent.depth];
        if (onPath && depth === target.length) {
          const off = startOf(ev);
          return off >= 0 ? at(off) : undefined;
        }
      } else if (parent.onPath) {
        if (parent.pendingKey === undefined) {
          // a key, not a node of the tree
          parent.pendingKey = ev.type === EVENT_ID.SCALAR ? getScalarValue(text, ev) : null;
          if (parent.pendingKey !== null && parent.pendingKey === target[parent.depth] && depth === target.length)
            return at(startOf(ev));
          onPath = false;
        } else {
          onPath = parent.pendingKey !== null && parent.pendingKey === target[parent.depth];
          parent.pendingKey = undefined;
        }
      }
    } else onPath = parent?.onPath ?? true; // the document's root (of the document asked for)
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE)
      stack.push({ kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq', onPath, depth, index: 0 });
  }
  return undefined;
}

/**
 * A function giving where `path` of document `doc` of `text` is, or where its nearest ancestor that
 * is written is (a finding about a missing field points at the map that lacks it); the document's
 * root for an empty path; undefined when the text does not parse. The text is parsed (and its lines
 * found) once, for every path asked (check-dir.ts locates every finding of a file with one).
 */
export function yamlLocator(
  text: string,
  parse: (text: string) => Event[] = (t) => parseEvents(t, {}),
): (doc: number, path: Path) => { line: number; column: number } | undefined {
  let events: Event[];
  try {
    events = parse(text);
  } catch {
    return () => undefined;
  }
  const lineStarts = lineStartsOf(text);
  return (doc, path) => {
    for (let n = path.length; n > 0; n--) {
      const at = findPosition(events, text, path.slice(0, n), doc, lineStarts);
      if (at) return at;
    }
    let docs = -1;
    for (const ev of events) {
      if (ev.type === EVENT_ID.DOCUMENT) docs++;
      else if (docs === doc && startOf(ev) >= 0) return positionOf(lineStarts, startOf(ev));
    }
    return undefined;
  };
}

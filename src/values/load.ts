/**
 * Reads one values file: size and encoding guards, YAML parsing with js-yaml's event stream
 * (so every key keeps its line), duplicate-key and alias-bomb protection.
 */
import * as fs from 'fs';
import { constructFromEvents, EVENT_ID, Event, getScalarValue, parseEvents, YAMLException } from 'js-yaml';
import { findPosition, lineStartsOf, positionOf, startOf } from '../check/yaml-positions';
import { kindOf, Path, PathSegment, Problem, ValuesError } from '../errors';
import { maskSnippet } from './secret-scan';
import { pathKey, Positions, ValuesLayer } from './source';

/** Values files larger than this are refused: a values file is configuration, not data. */
export const MAX_VALUES_BYTES = 1024 * 1024;
/** Deepest nesting accepted (the schema itself is at most 6 levels deep). */
export const MAX_DEPTH = 32;
/** Most YAML aliases accepted in one file. */
export const MAX_ALIASES = 200;
/** Most nodes (maps, lists, scalars) a file may expand to once aliases are resolved. */
export const MAX_NODES = 50_000;

function fileProblem(file: string, id: string, message: string, hint: string, line?: number, column?: number): Problem {
  return { severity: 'error', id, path: [], message, hint, file, line, column };
}

/** Reads and parses a values file. Throws ValuesError with a located problem for anything unusable. */
export function loadValuesFile(file: string): ValuesLayer {
  let buf: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile())
      throw new ValuesError([fileProblem(file, 'file-unreadable', 'Values path is not a file.', 'Pass a .yaml file.')]);
    if (stat.size > MAX_VALUES_BYTES) {
      throw new ValuesError([
        fileProblem(
          file,
          'file-too-large',
          `Values file is ${stat.size} bytes; the limit is ${MAX_VALUES_BYTES} bytes.`,
          'A values file holds configuration only. Remove embedded data, or keep large content in a ConfigMap you manage separately.',
        ),
      ]);
    }
    buf = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof ValuesError) throw e;
    const err = e as NodeJS.ErrnoException;
    const message =
      err.code === 'ENOENT'
        ? 'Values file does not exist.'
        : `Values file cannot be read (${err.code ?? err.message}).`;
    throw new ValuesError([
      fileProblem(file, 'file-unreadable', message, 'Check the path (environments live in values/<env>.yaml).'),
    ]);
  }
  return parseValues(decodeUtf8(buf, file), file);
}

function decodeUtf8(buf: Buffer, file: string): string {
  const bad = firstInvalidUtf8(buf);
  if (bad < 0) {
    const text = buf.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  let line = 1;
  for (let i = 0; i < bad; i++) if (buf[i] === 0x0a) line++;
  throw new ValuesError([
    fileProblem(
      file,
      'file-encoding',
      `Values file is not valid UTF-8 (first bad byte at line ${line}, byte offset ${bad}).`,
      'Save the file as UTF-8.',
      line,
    ),
  ]);
}

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. One pass
 * (the Unicode Standard, Table 3-7 "Well-Formed UTF-8 Byte Sequences": no overlong forms, no
 * surrogates, nothing above U+10FFFF); a sequence cut off by the end of the file is ill-formed.
 * Linear: decoding growing prefixes to find the byte took minutes on a 1 MiB file.
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0; // no overlong forms
      if (b === 0xed) hi = 0x9f; // no surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90; // no overlong forms
      if (b === 0xf4) hi = 0x8f; // nothing above U+10FFFF
    } else return i;
    if (i + len > n) return i;
    const second = buf[i + 1];
    if (second < lo || second > hi) return i;
    for (let k = 2; k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return -1;
}

/** Parses YAML text into a values layer. `label` names the source in messages. */
export function parseValues(text: string, label: string): ValuesLayer {
  let events: Event[];
  let docs: unknown[];
  try {
    events = parseEvents(text, { filename: label, maxDepth: MAX_DEPTH });
    docs = constructFromEvents(events, { source: text, filename: label, maxAliases: MAX_ALIASES });
  } catch (e) {
    if (e instanceof YAMLException) {
      const mark = (e as YAMLException & { mark?: { line: number; column: number } }).mark;
      let reason = (e as YAMLException & { reason?: string }).reason ?? e.message.split('\n')[0];
      const snippet = (e as YAMLException & { mark?: { snippet?: string } }).mark?.snippet;
      if (/duplicated mapping key/.test(reason) && mark) {
        const key = /^\s*(?:-\s+)?["']?([^"':#]+)["']?\s*:/.exec(text.split('\n')[mark.line] ?? '')?.[1];
        if (key) reason = `${reason} "${key.trim()}"`;
      }
      const hint = /duplicated mapping key/.test(reason)
        ? 'Each key may appear once per map; merge the two entries into one.'
        : /maximum nesting depth|depth/i.test(reason)
          ? `Values are at most a few levels deep; nesting beyond ${MAX_DEPTH} levels is refused.`
          : /alias/i.test(reason)
            ? `At most ${MAX_ALIASES} aliases are allowed; write the values out instead of using anchors.`
            : 'Fix the YAML syntax at the position shown.' + (snippet ? `\n${maskSnippet(snippet, text)}` : '');
      throw new ValuesError([
        fileProblem(
          label,
          'yaml-syntax',
          `YAML error: ${reason}.`,
          hint,
          mark ? mark.line + 1 : undefined,
          mark ? mark.column + 1 : undefined,
        ),
      ]);
    }
    throw e;
  }
  if (docs.length > 1) {
    throw new ValuesError([
      fileProblem(
        label,
        'yaml-multiple-documents',
        `Values file holds ${docs.length} YAML documents; one is expected.`,
        'Remove the "---" separators or split the file.',
      ),
    ]);
  }
  const data = docs.length === 0 || docs[0] === null || docs[0] === undefined ? {} : docs[0];
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ValuesError([
      fileProblem(
        label,
        'yaml-not-a-map',
        `Values file must be a map of keys; it is a ${kindOf(data)}.`,
        'Start the file with keys such as "replicaCount: 2".',
        1,
        1,
      ),
    ]);
  }
  assertBoundedSize(data, label);
  return { label, data: data as Record<string, unknown>, positions: lazyPositions(events, text) };
}

/**
 * Positions, looked up without an index at first: only a problem or a warning needs a line, and a
 * refused map of 45,000 keys needs one (its own), which a walk of the events that stops there finds
 * without indexing every key. After SCANS look-ups (many problems) the whole index is built once,
 * so many look-ups stay linear in total.
 */
function lazyPositions(events: Event[], text: string): Positions {
  const SCANS = 16;
  let scans = 0;
  let index: Map<string, { line: number; column: number }> | undefined;
  const found = new Map<string, { line: number; column: number } | undefined>();
  return {
    get(key) {
      if (index) return index.get(key);
      if (found.has(key)) return found.get(key);
      if (scans++ < SCANS) {
        const at = findPosition(events, text, JSON.parse(key) as Path);
        found.set(key, at);
        return at;
      }
      index = indexPositions(events, text);
      found.clear();
      return index.get(key);
    },
  };
}

/** Refuses inputs that expand (through aliases) to more nodes than any values file needs. */
function assertBoundedSize(root: unknown, label: string): void {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (++count > MAX_NODES) {
      throw new ValuesError([
        fileProblem(
          label,
          'yaml-too-large',
          `Values expand to more than ${MAX_NODES} nodes (a YAML alias bomb or a data dump?).`,
          'Write the values out plainly; values files hold configuration only.',
        ),
      ]);
    }
    if (node !== null && typeof node === 'object') {
      for (const child of Object.values(node as object)) stack.push(child);
    }
  }
}

/** Maps every key path (and list item) to its 1-based line and column in `text`. */
function indexPositions(events: Event[], text: string): Map<string, { line: number; column: number }> {
  const lineStarts = lineStartsOf(text);
  const toPos = (offset: number) => positionOf(lineStarts, offset);
  const out = new Map<string, { line: number; column: number }>();
  // `key` is pathKey(path) without its closing "]", so a child's key is one concatenation rather
  // than a JSON.stringify of its whole path (a map of 45,000 keys cost 45,000 of those).
  type Frame = {
    kind: 'map' | 'seq' | 'doc';
    path: PathSegment[];
    key: string;
    index: number;
    pendingKey?: string | null;
  };
  const stack: Frame[] = [];
  const childKey = (parent: Frame, seg: PathSegment) =>
    `${parent.key}${parent.path.length > 0 ? ',' : ''}${JSON.stringify(seg)}]`;
  // Returns where the node an event opens (or stands for) sits: in which parent under which key or
  // index (null: the document's root; undefined: a map key, or a value under a non-scalar key),
  // and records keys and list items.
  const place = (ev: Event): { parent: Frame; seg: PathSegment } | null | undefined => {
    const parent = stack[stack.length - 1];
    if (!parent || parent.kind === 'doc') return null;
    if (parent.kind === 'seq') {
      const seg = parent.index++;
      const off = startOf(ev);
      if (off >= 0) out.set(childKey(parent, seg), toPos(off));
      return { parent, seg };
    }
    // map: alternate key, value
    if (parent.pendingKey === undefined) {
      parent.pendingKey = ev.type === EVENT_ID.SCALAR ? getScalarValue(text, ev) : null;
      if (parent.pendingKey !== null) out.set(childKey(parent, parent.pendingKey), toPos(startOf(ev)));
      return undefined; // a key, not a node of the tree
    }
    const seg = parent.pendingKey;
    parent.pendingKey = undefined;
    return seg === null ? undefined : { parent, seg };
  };
  const COMPLEX: PathSegment[] = ['\u0000complex'];
  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        stack.push({ kind: 'doc', path: [], key: '[', index: 0 });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const p = place(ev);
        const path = p ? [...p.parent.path, p.seg] : p === null ? [] : COMPLEX;
        stack.push({
          kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq',
          path,
          key: p ? childKey(p.parent, p.seg).slice(0, -1) : pathKey(path).slice(0, -1),
          index: 0,
        });
        break;
      }
      case EVENT_ID.SCALAR:
      case EVENT_ID.ALIAS:
        place(ev);
        break;
      case EVENT_ID.POP:
        stack.pop();
        break;
    }
  }
  return out;
}

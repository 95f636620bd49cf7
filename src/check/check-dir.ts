/** Reads every YAML/JSON manifest under a directory (multi-document YAML allowed) for `check`. */
import * as fs from 'fs';
import * as path from 'path';
import { Event, loadAll } from 'js-yaml';
import type { Path, PathSegment } from '../errors';
import { yamlLocator } from './yaml-positions';
import { CheckedObject, Finding } from './index';

export interface ReadResult {
  readonly objects: CheckedObject[];
  readonly files: number;
  /** YAML that does not parse: reported as findings. */
  readonly errors: Finding[];
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

export function readManifests(target: string): ReadResult {
  const files = fs.statSync(target).isDirectory() ? listFiles(target) : [target];
  const objects: CheckedObject[] = [];
  const errors: Finding[] = [];
  for (const file of files) {
    try {
      const docs = loadAll(fs.readFileSync(file, 'utf8'));
      docs.forEach((obj, doc) => {
        if (obj !== null && obj !== undefined) objects.push({ file, obj: obj as Record<string, unknown>, doc });
      });
    } catch (e) {
      errors.push({
        severity: 'error',
        rule: 'yaml',
        file,
        object: '-',
        path: '',
        message: `not valid YAML: ${(e as Error).message.split('\n')[0]}`,
      });
    }
  }
  return { objects, files: files.length, errors };
}

/** A finding's path (`spec.containers[0].env[2]`, `metadata.labels["a.b/c"]`) as key path segments. */
export function findingPath(p: string): Path {
  const out: PathSegment[] = [];
  for (const m of p.matchAll(/\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\[([^\]"]+)\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else out.push(m[3] ?? m[4]);
  }
  return out;
}

/**
 * The findings with the line and column of the field each is about in the file it read (or of the
 * nearest written ancestor of a missing field), in the document its object came from (`Finding.doc`).
 * Files are read and parsed again only when a finding is in them, each once, so a clean run costs
 * nothing and a file with many findings is not parsed once per finding. `parse`: js-yaml's event
 * parser (a test counts its calls).
 */
export function locateFindings(findings: readonly Finding[], parse?: (text: string) => Event[]): Finding[] {
  const locators = new Map<string, ReturnType<typeof yamlLocator> | undefined>();
  const locatorOf = (file: string) => {
    if (!locators.has(file)) {
      let text: string | undefined;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      locators.set(file, text === undefined ? undefined : yamlLocator(text, parse));
    }
    return locators.get(file);
  };
  return findings.map((f) => {
    const locate = f.doc === undefined || f.line !== undefined ? undefined : locatorOf(f.file);
    const at = locate?.(f.doc!, findingPath(f.path));
    return at ? { ...f, line: at.line, column: at.column } : f;
  });
}

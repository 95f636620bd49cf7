/** Reads every YAML/JSON manifest under a directory (multi-document YAML allowed) for `check`. */
import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
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
      for (const doc of docs)
        if (doc !== null && doc !== undefined) objects.push({ file, obj: doc as Record<string, unknown> });
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

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { K8sObject, renderObjects } from '../../src/synth/render';
import { resolveEnvironment } from '../../src/values/pipeline';

export const ENVS = ['local', 'aws', 'production'] as const;

/** Renders an environment of values/, with an extra values file on top (YAML text). */
export function render(env: string, extraYaml?: string): K8sObject[] {
  const files = ['values/common.yaml', `values/${env}.yaml`];
  if (extraYaml) {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sec-')), 'extra.yaml');
    fs.writeFileSync(f, extraYaml);
    files.push(f);
  }
  return renderObjects(resolveEnvironment({ name: env, files }));
}

/** extraEnv[].valueFrom is validated against the Kubernetes EnvVarSource (cdk8s would drop a misspelt field silently). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveEnvironment } from '../../src/pipeline';
import { ValuesError } from '../../src/errors';

function run(yaml: string) {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vf-')), 'x.yaml');
  fs.writeFileSync(f, yaml);
  try {
    resolveEnvironment({ name: 'production', files: ['values/common.yaml', 'values/production.yaml', f] });
    return [];
  } catch (e) {
    if (e instanceof ValuesError)
      return e.problems.map((p) => ({ id: p.id, path: p.path.join('.'), line: p.line, message: p.message }));
    throw e;
  }
}

it('a typo in valueFrom is refused at its key path and line', () => {
  const ps = run(
    'extraEnv:\n  - name: A\n    value: b\n  - name: ANTHROPIC_API_KEY\n    valueFrom:\n      secretKeyRef: {name: anthropic, key: k, optinal: true}\n',
  );
  expect(ps).toEqual([
    {
      id: 'passthrough-schema',
      path: 'extraEnv.1.valueFrom.secretKeyRef.optinal',
      line: 6,
      message: expect.stringContaining('did you mean "optional"'),
    },
  ]);
  expect(
    run('extraEnv:\n  - name: A\n    valueFrom:\n      secretKeyRefs: {name: openai, key: k}\n').map((p) => p.path),
  ).toEqual(['extraEnv.0.valueFrom.secretKeyRefs']);
});
it('valid sources pass', () => {
  expect(
    run(
      'extraEnv:\n  - name: A\n    valueFrom:\n      secretKeyRef: {name: openai, key: k, optional: true}\n  - name: B\n    valueFrom:\n      fieldRef: {fieldPath: metadata.name}\n  - name: C\n    valueFrom:\n      configMapKeyRef: {name: cm, key: k}\n',
    ),
  ).toEqual([]);
});

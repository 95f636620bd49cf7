/** Label keys/values and annotation keys are validated in values (every map) and in `check` (every object). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump, load } from 'js-yaml';
import { main } from '../../src/cli';
import { resolveEnvironment } from '../../src/pipeline';
import { Problem, ValuesError } from '../../src/errors';
import { labelValueProblem, labelKeyProblem } from '../../src/k8s';

function problems(yaml: string, env = 'production'): string[] {
  const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'labels-')), 'x.yaml');
  fs.writeFileSync(f, yaml);
  try {
    resolveEnvironment({ name: env, files: ['values/common.yaml', `values/${env}.yaml`, f] });
    return [];
  } catch (e) {
    if (e instanceof ValuesError) return e.problems.map((p: Problem) => `${p.id} ${p.path.join('.')}`);
    throw e;
  }
}

describe('label and annotation key/value syntax', () => {
  it.each(['team', 'example.com/team', 'a.b-c_d', 'k8s.io/x', 'A1', `${'a'.repeat(63)}`, `${'a'.repeat(253)}/x`])(
    'key %s is valid',
    (k) => expect(labelKeyProblem(k)).toBeUndefined(),
  );
  it.each([
    'bad key!',
    '',
    '/x',
    'x/',
    '-team',
    'team-',
    `${'a'.repeat(64)}`,
    `${'a'.repeat(254)}/x`,
    'Example.com/x',
    'a/b/c',
    'ex_ample.com/x',
  ])('key %s is refused', (k) => expect(labelKeyProblem(k)).toBeDefined());
  it.each(['', 'x', 'v1.2.3', 'a_b-c', 'a'.repeat(63)])('value %s is valid', (v) =>
    expect(labelValueProblem(v)).toBeUndefined(),
  );
  it.each(['platform team', '-x', 'x-', 'a/b', 'a'.repeat(64), 'héllo'])('value %s is refused', (v) =>
    expect(labelValueProblem(v)).toBeDefined(),
  );
});

describe('values', () => {
  it.each([
    ['podLabels', 'podLabels:\n  "bad key!": x\n'],
    ['commonLabels', 'commonLabels:\n  "bad key!": x\n'],
    ['namespace.labels', 'namespace:\n  labels:\n    "bad key!": x\n'],
    ['nodeSelector', 'nodeSelector:\n  "bad key!": x\n'],
    ['podAnnotations', 'podAnnotations:\n  "bad key!": x\n'],
    ['commonAnnotations', 'commonAnnotations:\n  "bad key!": x\n'],
    ['ingress.annotations', 'ingress:\n  annotations:\n    "bad key!": x\n'],
    ['service.annotations', 'service:\n  annotations:\n    "bad key!": x\n'],
    ['serviceAccount.annotations', 'serviceAccount:\n  annotations:\n    "bad key!": x\n'],
    ['persistence.annotations', 'persistence:\n  annotations:\n    "bad key!": x\n'],
    [
      'networkPolicy.ingress.namespaceSelector.matchLabels',
      'networkPolicy:\n  ingress:\n    namespaceSelector:\n      matchLabels:\n        "bad key!": x\n',
    ],
  ])('%s refuses a bad key', (where, yaml) => {
    expect(problems(yaml)).toContain(`invalid-format ${where}.bad key!`);
  });
  it('label maps refuse bad values; annotation values are free text', () => {
    expect(problems('podLabels:\n  team: "platform team"\n')).toEqual(['invalid-format podLabels.team']);
    expect(problems('podAnnotations:\n  example.com/note: "free text, with spaces!"\n')).toEqual([]);
  });
  it('podLabels may not set the labels the chart sets (they were silently overwritten)', () => {
    expect(problems('podLabels:\n  app.kubernetes.io/name: mine\n  open-webui-k8s/migration-job: x\n')).toEqual([
      'invalid-format podLabels.app.kubernetes.io/name',
      'invalid-format podLabels.open-webui-k8s/migration-job',
    ]);
    expect(problems('commonLabels:\n  app.kubernetes.io/instance: mine\n')).toEqual([
      'invalid-format commonLabels.app.kubernetes.io/instance',
    ]);
    expect(problems('podLabels:\n  team: platform\ncommonLabels:\n  app.kubernetes.io/environment: prod\n')).toEqual(
      [],
    );
  });
});

describe('check', () => {
  it('refuses bad label keys, label values and annotation keys on any object and pod template', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labels-check-'));
    fs.cpSync('dist/production', dir, { recursive: true });
    const file = fs.readdirSync(dir).find((f) => /-deployment-/.test(f))!;
    const d: any = load(fs.readFileSync(path.join(dir, file), 'utf8'));
    d.metadata.labels['bad key!'] = 'x';
    // An upper-case prefix is accepted (the API server lower-cases annotation keys before checking
    // them); an underscore is not allowed in a DNS-1123 subdomain in any case.
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), 'example_com/x': 'y' };
    d.spec.template.metadata.labels.team = 'platform team';
    fs.writeFileSync(path.join(dir, file), dump(d));
    const err: string[] = [];
    const code = main(['check', dir], { out: () => undefined, err: (s) => err.push(s) });
    expect(code).toBe(1);
    const text = err.join('\n');
    expect(text).toContain('metadata.labels["bad key!"]: "bad key!" is not a valid key');
    expect(text).toContain('metadata.annotations["example_com/x"]');
    expect(text).toContain('spec.template.metadata.labels["team"]: "platform team" is not a valid label value');
    expect(text).toContain('[metadata-labels]');
  });
});

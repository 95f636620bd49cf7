import { resolveEnvironment } from '../../src/pipeline';
import { ValuesError } from '../../src/errors';
import { errorsOf, problemsOf, resolve } from '../support';

describe('schema validation messages', () => {
  test('the defaults plus a Secret name are a valid multi-replica environment', () => {
    const env = resolve('');
    expect(env.values.replicaCount).toBe(2);
    expect(env.values.database.type).toBe('postgresql');
    expect(env.values.redis.enabled).toBe(true);
    expect(env.values.persistence.accessModes).toEqual(['ReadWriteMany']);
  });

  test('a misspelt key is an error with a "did you mean", the file and the line', () => {
    const [p] = errorsOf('autoscaling:\n  enabled: true\n  maxReplica: 5\n');
    expect(p).toMatchObject({
      id: 'unknown-key',
      path: ['autoscaling', 'maxReplica'],
      file: 'values/test.yaml',
      line: 3,
    });
    expect(p.hint).toBe('Did you mean "maxReplicas"? Rename the key.');
    expect(p.expected).toMatch(/minReplicas/);
  });

  test('unknown keys are found at several depths, all reported at once', () => {
    const ps = errorsOf(
      'replicas: 2\ningress:\n  nginx:\n    proxyBodySise: 10m\nopenwebui:\n  websocket:\n    manger: redis\n',
    );
    expect(ps.map((p) => p.path.join('.'))).toEqual([
      'replicas',
      'ingress.nginx.proxyBodySise',
      'openwebui.websocket.manger',
    ]);
    expect(ps.map((p) => p.hint)).toEqual([
      'Did you mean "replicaCount"? Rename the key.',
      'Did you mean "proxyBodySize"? Rename the key.',
      'Did you mean "manager"? Rename the key.',
    ]);
  });

  test('a wrong type says what was received and how to fix it', () => {
    const [p] = errorsOf('replicaCount: "3"\n');
    expect(p).toMatchObject({ id: 'invalid-type', path: ['replicaCount'], received: '3', line: 1 });
    expect(p.message).toBe('Expected a number, received a string.');
    expect(p.hint).toBe('Remove the quotes: write 3, not "3".');
  });

  test('a number where a string is expected suggests quoting', () => {
    const [p] = errorsOf('image:\n  tag: 0.11\n');
    expect(p.path).toEqual(['image', 'tag']);
    expect(p.hint).toMatch(/Quote the value/);
  });

  test('a misspelt required key is one problem (the unknown key with its suggestion), not also a missing key', () => {
    const ps = errorsOf('extraEnv:\n  - nmae: FOO\n    value: bar\n');
    expect(ps.map((p) => `${p.id} ${p.path.join('.')}`)).toEqual(['unknown-key extraEnv.0.nmae']);
    expect(ps[0].hint).toBe('Did you mean "name"? Rename the key.');
    // a missing key with no look-alike beside it is still reported
    expect(errorsOf('extraEnv:\n  - value: bar\n').map((p) => `${p.id} ${p.path.join('.')}`)).toEqual([
      'missing-key extraEnv.0.name',
    ]);
  });

  test('out-of-range numbers name the bound', () => {
    const [p] = errorsOf('autoscaling:\n  targetCPUUtilizationPercentage: 150\n');
    expect(p).toMatchObject({ id: 'out-of-range', expected: 'at most 100', received: 150 });
  });

  test('a format error says what is wrong in the message and what is right in expected', () => {
    const [p] = errorsOf('podLabels:\n  team: "bad value!"\n');
    expect(p).toMatchObject({ id: 'invalid-format', received: 'bad value!' });
    expect(p.message).toMatch(/^"bad value!" is not a valid label value/);
    expect(p.expected).toMatch(/^a valid label value: at most 63/);
  });

  test('enum values get a suggestion', () => {
    const [p] = errorsOf('image:\n  pullPolicy: ifnotpresent\n');
    expect(p).toMatchObject({ id: 'invalid-option' });
    expect(p.hint).toBe('Did you mean "IfNotPresent"?');
  });

  test('Kubernetes names, quantities, hosts and URLs are checked', () => {
    const ps = errorsOf(
      'namespace:\n  name: Open_WebUI\nresources:\n  requests:\n    cpu: 2 cores\n    memory: 1GB\ningress:\n  hosts:\n    - host: https://chat.example.com\nopenwebui:\n  contentExtraction:\n    tikaServerUrl: tika:9998\n',
    );
    expect(ps.map((p) => p.path.join('.'))).toEqual([
      'namespace.name',
      'resources.requests.cpu',
      'resources.requests.memory',
      'ingress.hosts.0.host',
      'openwebui.contentExtraction.tikaServerUrl',
    ]);
    expect(ps.every((p) => p.id === 'invalid-format')).toBe(true);
    expect(ps[0].message).toMatch(/Kubernetes name/);
    expect(ps[1].message).toMatch(/quantity/);
  });

  test('numbers are accepted as quantities, as Kubernetes does', () => {
    expect(resolve('resources:\n  requests:\n    cpu: 1\n').values.resources.requests.cpu).toBe(1);
  });

  test('problems are located in the layer that set the key', () => {
    const [p] = errorsOf('replicaCount: "x"\n', 'image:\n  tag: 0.11.0\n');
    expect(p.file).toBe('values/layer0.yaml');
  });

  test('warnings do not stop a valid environment', () => {
    expect(problemsOf('').every((p) => p.severity === 'warning')).toBe(true);
  });

  test('acknowledging an unknown warning id is an error', () => {
    const [p] = errorsOf('acknowledgeWarnings: [recommended-tikka]\n');
    expect(p).toMatchObject({ id: 'unknown-warning-id', path: ['acknowledgeWarnings', 0], line: 1 });
  });

  test('acknowledged warnings are not printed', () => {
    const before = problemsOf('').map((p) => p.id);
    expect(before).toContain('recommended-content-extraction');
    const after = problemsOf('acknowledgeWarnings: [recommended-content-extraction]\n').map((p) => p.id);
    expect(after).not.toContain('recommended-content-extraction');
  });
});

test('a too-long string says how long it may be', () => {
  const [p] = errorsOf(`releaseName: ${'a'.repeat(54)}\n`);
  expect(p).toMatchObject({
    id: 'out-of-range',
    expected: 'at most 53 character(s)',
    hint: 'Use at most 53 character(s).',
  });
});

describe('messages for keys in the wrong place', () => {
  test('a key indented into the wrong section points at where it belongs', () => {
    const [p] = errorsOf('maxReplicas: 5\n');
    expect(p).toMatchObject({ id: 'unknown-key', path: ['maxReplicas'], docs: 'docs/values.md' });
    expect(p.hint).toBe('"maxReplicas" belongs under autoscaling (autoscaling.maxReplicas): check the indentation.');
  });
  test('docs links point at the deepest documented key, never into a map of user keys', () => {
    const [p] = errorsOf('podAnnotations:\n  prometheus.io/scrape: 1\n');
    expect(p.docs).toBe('docs/values.md#podannotations');
  });
  test('a list where a map is expected says "map", not zod\'s "record"', () => {
    const [p] = errorsOf('nodeSelector: [a]\n');
    expect(p.message).toBe('Expected a map, received a list.');
    expect(p.hint).toBe('Write a map of keys indented under this key.');
  });
});

describe('--set type errors explain --set typing', () => {
  const setProblem = (expr: string) => {
    try {
      resolveEnvironment({
        name: 'production',
        files: ['values/common.yaml', 'values/production.yaml'],
        sets: [{ expr }],
      });
    } catch (e) {
      return (e as ValuesError).problems.find((p) => p.id === 'invalid-type');
    }
    return undefined;
  };
  test('a number where a string is expected suggests --set-string', () => {
    expect(setProblem('image.tag=1')?.hint).toMatch(/Use --set-string image\.tag=1 to keep it a string/);
  });
  test('a non-integer where a number is expected says what --set types', () => {
    expect(setProblem('replicaCount=1e3')?.hint).toMatch(/in a values file \(-f\), where YAML reads it as a number/);
  });
});

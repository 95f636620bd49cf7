/**
 * `check` refuses what the API server refuses beyond the schema: a request above its limit in any
 * container or init container. Runs the real rules over the committed dist/local objects, broken.
 */
import * as fs from 'fs';
import { load } from 'js-yaml';
import { checkObjects, Finding } from '../../src/check';

const read = (file: string): any => load(fs.readFileSync(`dist/local/${file}`, 'utf8'));
const findings = (file: string, obj: unknown, rule: string): Finding[] =>
  checkObjects([{ file, obj: obj as any }]).filter((f) => f.rule === rule);
const DEPLOYMENT = '24-deployment-open-webui.yaml';
const JOB = fs.readdirSync('dist/local').find((f) => /^22-job-open-webui-migrate-/.test(f)) as string;

describe('container-request-within-limit', () => {
  const rule = 'container-request-within-limit';
  it('the committed manifests pass', () => {
    for (const file of fs.readdirSync('dist/local').filter((f) => f.endsWith('.yaml')))
      expect(findings(file, read(file), rule)).toEqual([]);
  });
  it('a memory request above its limit in a container', () => {
    const d = read(DEPLOYMENT);
    d.spec.template.spec.containers[0].resources = {
      requests: { cpu: '100m', memory: '3Gi' },
      limits: { memory: '2Gi' },
    };
    const [f, ...rest] = findings(DEPLOYMENT, d, rule);
    expect(rest).toEqual([]);
    expect(f.path).toBe('spec.template.spec.containers[0].resources.requests.memory');
    expect(f.message).toMatch(/memory request 3Gi must be less than or equal to the memory limit 2Gi/);
  });
  it('an extended resource (a name with dots and a slash) is one key of the path', () => {
    const d = read(DEPLOYMENT);
    d.spec.template.spec.containers[0].resources = {
      requests: { cpu: '100m', memory: '1Gi', 'example.com/gpu': 2 },
      limits: { memory: '2Gi', 'example.com/gpu': 1 },
    };
    expect(findings(DEPLOYMENT, d, rule).map((f) => [f.path, f.related])).toEqual([
      [
        'spec.template.spec.containers[0].resources.requests["example.com/gpu"]',
        ['spec.template.spec.containers[0].resources.limits["example.com/gpu"]'],
      ],
    ]);
  });
  it('a cpu request above its limit in an init container (units compared, not strings)', () => {
    const j = read(JOB);
    const init = j.spec.template.spec.initContainers ?? [];
    expect(init.length).toBeGreaterThan(0);
    init[0].resources = { requests: { cpu: 2, memory: '16Mi' }, limits: { cpu: '1500m', memory: '32Mi' } };
    expect(findings(JOB, j, rule).map((f) => f.path)).toEqual([
      'spec.template.spec.initContainers[0].resources.requests.cpu',
    ]);
    init[0].resources = { requests: { cpu: '1', memory: '1G' }, limits: { cpu: '1000m', memory: '1Gi' } };
    expect(findings(JOB, j, rule)).toEqual([]);
  });
});

describe('pod-volumes-valid', () => {
  const rule = 'pod-volumes-valid';
  it('the committed manifests pass', () => {
    for (const env of ['local', 'aws', 'production'])
      for (const file of fs.readdirSync(`dist/${env}`).filter((f) => f.endsWith('.yaml')))
        expect(findings(file, load(fs.readFileSync(`dist/${env}/${file}`, 'utf8')), rule)).toEqual([]);
  });
  it('a duplicate volume name, a mount of a missing volume, a duplicate mount path', () => {
    const d = read(DEPLOYMENT);
    const spec = d.spec.template.spec;
    spec.volumes.push({ name: 'data', emptyDir: {} });
    spec.containers[0].volumeMounts.push({ name: 'nowhere', mountPath: '/nowhere' });
    spec.containers[0].volumeMounts.push({ name: 'data', mountPath: spec.containers[0].volumeMounts[0].mountPath });
    (spec.initContainers ?? [])[0]?.volumeMounts.push({ name: 'gone', mountPath: '/gone' });
    const got = findings(DEPLOYMENT, d, rule);
    const n = spec.volumes.length - 1;
    const m = spec.containers[0].volumeMounts.length;
    expect(got.map((f) => f.path)).toEqual([
      `spec.template.spec.volumes[${n}].name`,
      expect.stringMatching(/^spec\.template\.spec\.initContainers\[0\]\.volumeMounts\[\d+\]\.name$/),
      `spec.template.spec.containers[0].volumeMounts[${m - 2}].name`,
      `spec.template.spec.containers[0].volumeMounts[${m - 1}].mountPath`,
    ]);
    expect(got[0].message).toMatch(/"data" is already used by volumes\[0\]/);
    expect(got[2].message).toMatch(/"nowhere", which the pod does not have/);
  });
});

describe('service-name-dns-1035', () => {
  const rule = 'service-name-dns-1035';
  const SERVICE = '17-service-open-webui.yaml';
  it('the committed Services pass', () => {
    for (const env of ['local', 'aws', 'production'])
      for (const file of fs.readdirSync(`dist/${env}`).filter((f) => f.endsWith('.yaml')))
        expect(findings(file, load(fs.readFileSync(`dist/${env}/${file}`, 'utf8')), rule)).toEqual([]);
  });
  it('a Service name starting with a digit (an RFC 1123 label, not RFC 1035) is refused', () => {
    const s = read(SERVICE);
    s.metadata.name = '9chat-open-webui';
    const [f, ...rest] = findings(SERVICE, s, rule);
    expect(rest).toEqual([]);
    expect(f.path).toBe('metadata.name');
    expect(f.message).toMatch(/"9chat-open-webui" must be an RFC 1035 label/);
    s.metadata.name = 'a'.repeat(64);
    expect(findings(SERVICE, s, rule)).toHaveLength(1);
  });
  it('other kinds may start with a digit', () => {
    const c = read('08-configmap-open-webui-redis-config.yaml');
    c.metadata.name = '9chat-redis-config';
    expect(findings('x.yaml', c, rule)).toEqual([]);
  });
});

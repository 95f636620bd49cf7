/** NetworkPolicies: default on, switchable; the app takes traffic only from the ingress controller (and monitoring); backends only from the app and migrator. */
import { App, Chart } from 'cdk8s';
import { BackendNetworkPolicy } from '../../charts/network-policy';
import { buildModel } from '../../src/model';
import { resolveEnvironment } from '../../src/pipeline';
import { renderEnv } from '../support';

const policy = (objects: any[]) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui');

describe('in-release backends', () => {
  it('local: the app and migrator reach the in-cluster Redis and PostgreSQL, which accept only them', () => {
    const objs = renderEnv('local');
    const egress = policy(objs).spec.egress;
    expect(egress).toContainEqual({
      to: [
        {
          podSelector: {
            matchLabels: {
              'app.kubernetes.io/name': 'open-webui',
              'app.kubernetes.io/instance': 'open-webui',
              'app.kubernetes.io/component': 'redis',
            },
          },
        },
      ],
      ports: [{ protocol: 'TCP', port: 6379 }],
    });
    expect(egress).toContainEqual({
      to: [
        {
          podSelector: {
            matchLabels: {
              'app.kubernetes.io/name': 'open-webui',
              'app.kubernetes.io/instance': 'open-webui',
              'app.kubernetes.io/component': 'postgresql',
            },
          },
        },
      ],
      ports: [{ protocol: 'TCP', port: 5432 }],
    });
    for (const [component, port] of [
      ['redis', 6379],
      ['postgresql', 5432],
    ] as const) {
      const np: any = objs.find(
        (o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === `open-webui-${component}`,
      );
      expect(np.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe(component);
      expect(np.spec.ingress).toEqual([
        {
          from: [
            {
              podSelector: {
                matchLabels: { 'app.kubernetes.io/name': 'open-webui', 'app.kubernetes.io/instance': 'open-webui' },
                matchExpressions: [
                  { key: 'app.kubernetes.io/component', operator: 'In', values: ['app', 'migration', component] },
                ],
              },
            },
          ],
          ports: [{ protocol: 'TCP', port }],
        },
      ]);
    }
  });
  it('external backends get no backend policy', () => {
    expect(
      renderEnv('aws')
        .filter((o: any) => o.kind === 'NetworkPolicy')
        .map((o: any) => o.metadata.name),
    ).toEqual(['open-webui', 'open-webui-migration-api']);
  });
});

/** An ingress-nginx Ingress as the way in, instead of local's route. */
const NGINX_INGRESS = 'route:\n  enabled: false\ningress:\n  enabled: true\n  hosts: [{host: open-webui.localhost}]\n';

describe('app NetworkPolicy', () => {
  it('is rendered by default and selects the app and the migrator', () => {
    const np = policy(renderEnv('local'));
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.podSelector.matchExpressions).toEqual([
      { key: 'app.kubernetes.io/component', operator: 'In', values: ['app', 'migration'] },
    ]);
  });
  it('admits only the ingress controller namespace on the app port (never a scraper: Open WebUI has no metrics port)', () => {
    // local with its former ingress-nginx Ingress instead of the route.
    const np = policy(renderEnv('local', NGINX_INGRESS));
    expect(np.spec.ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
    ]);
    const scraped = policy(
      renderEnv(
        'local',
        NGINX_INGRESS,
        'networkPolicy: {monitoring: {enabled: true}}\nredis: {internal: {metrics: {enabled: true}}}',
      ),
    );
    expect(scraped.spec.ingress).toEqual(np.spec.ingress);
    const withPods = policy(
      renderEnv(
        'local',
        NGINX_INGRESS,
        'networkPolicy:\n  ingress:\n    podSelector:\n      matchLabels: {app.kubernetes.io/name: ingress-nginx}\n',
      ),
    );
    expect(withPods.spec.ingress[0].from[0]).toEqual({
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
    });
  });
  it('admits the ALB subnets by CIDR on aws', () => {
    expect(policy(renderEnv('aws')).spec.ingress[0].from).toContainEqual({ ipBlock: { cidr: '10.0.0.0/24' } });
  });
  it('allows egress to DNS, database, Redis and public HTTPS only, never the metadata endpoint, and never the Kubernetes API', () => {
    const egress = policy(renderEnv('aws')).spec.egress;
    expect(egress.map((r: any) => r.ports.map((p: any) => `${p.protocol}/${p.port}`).join(','))).toEqual([
      'UDP/53,TCP/53',
      'TCP/5432',
      'TCP/6379',
      'TCP/443',
    ]);
    expect(egress[3].to[0].ipBlock.except).toContain('169.254.0.0/16');
  });
  it('only the migration pods may reach the Kubernetes API (the Job waits there for the old pods), only with recreate', () => {
    const api = (objs: any[]) =>
      objs.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'open-webui-migration-api');
    const aws = api(renderEnv('aws'));
    expect(aws.spec.podSelector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'open-webui',
        'app.kubernetes.io/instance': 'open-webui',
        'app.kubernetes.io/component': 'migration',
      },
    });
    expect(aws.spec.policyTypes).toEqual(['Egress']);
    expect(aws.spec.ingress).toBeUndefined();
    expect(aws.spec.egress).toEqual([
      {
        to: [{ ipBlock: { cidr: '10.0.0.0/16' } }], // narrowed to the VPC (the EKS API endpoint's ENIs)
        ports: [
          { protocol: 'TCP', port: 443 },
          { protocol: 'TCP', port: 6443 },
        ],
      },
    ]);
    expect(api(renderEnv('production')).spec.egress[0].to[0].ipBlock.except).toContain('169.254.0.0/16'); // the wide default
    const rolling = 'upgrade:\n  strategy: rollingUpdate\nacknowledgeWarnings: [upgrade-rolling-update]\n';
    expect(api(renderEnv('aws', rolling))).toBeUndefined();
    expect(
      api(renderEnv('aws', 'networkPolicy:\n  egress:\n    kubernetesApi:\n      enabled: false\n')),
    ).toBeUndefined();
  });
  it('can be turned off', () => {
    expect(renderEnv('local', 'networkPolicy:\n  enabled: false\n').filter((o) => o.kind === 'NetworkPolicy')).toEqual(
      [],
    );
  });
  it('warns when the app could not reach its database or Redis', () => {
    const env = resolveEnvironment({
      name: 'aws',
      files: ['values/common.yaml', 'values/aws.yaml', `${__dirname}/../../../test/security/fixtures/no-egress.yaml`],
    });
    expect(env.warnings.map((w) => `${w.id} ${w.path.join('.')}`)).toEqual(
      expect.arrayContaining([
        'network-policy-egress networkPolicy.egress.database',
        'network-policy-egress networkPolicy.egress.redis',
      ]),
    );
  });
});

describe('BackendNetworkPolicy (Redis, PostgreSQL)', () => {
  it.each([
    ['redis', 6379],
    ['postgresql', 5432],
  ])('%s accepts only the app, the migrator and itself on its port', (component, port) => {
    const values = resolveEnvironment({ name: 'local', files: ['values/common.yaml', 'values/local.yaml'] }).values;
    const chart = new Chart(new App({ outdir: '/nonexistent' }), 'c', { disableResourceNameHashes: true });
    const n = buildModel(values).names;
    new BackendNetworkPolicy(chart, 'np', {
      metadata: n.metadata(component, n.objectName(component)),
      selector: n.selectorLabels(component),
      ports: [port],
    });
    const [np] = chart.toJson();
    expect(np.metadata.name).toBe(`open-webui-${component}`);
    expect(np.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe(component);
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: { 'app.kubernetes.io/name': 'open-webui', 'app.kubernetes.io/instance': 'open-webui' },
              matchExpressions: [
                { key: 'app.kubernetes.io/component', operator: 'In', values: ['app', 'migration', component] },
              ],
            },
          },
        ],
        ports: [{ port, protocol: 'TCP' }],
      },
    ]);
  });
});

import { Any, find, render } from '../support';

/** Room for more than two pods' connections (PostgreSQL's default 100 fits two with Open WebUI's default pools). */
const ROOMY_DATABASE = 'database:\n  maxConnections: 500\n';
const AUTOSCALED = `autoscaling:\n  enabled: true\n  minReplicas: 2\n  maxReplicas: 4\nresources:\n  requests:\n    cpu: 500m\n${ROOMY_DATABASE}`;

describe('names and labels', () => {
  test('objects get stable human names, no hash suffixes', () => {
    const names = render('ingress:\n  enabled: true\n  hosts: [{host: a.example.com}]\n' + AUTOSCALED)
      .map((o) => `${o.kind}/${o.metadata.name}`)
      .map((n) => n.replace(/^(\w+\/open-webui-migrate-0-11-0-)[a-f0-9]{8}/, '$1<hash>'));
    expect(names.sort()).toEqual(
      [
        'Namespace/open-webui',
        'NetworkPolicy/open-webui',
        'NetworkPolicy/open-webui-migration-api',
        'ServiceAccount/open-webui',
        'PersistentVolumeClaim/open-webui-data',
        'Deployment/open-webui',
        'Service/open-webui',
        'HorizontalPodAutoscaler/open-webui',
        'PodDisruptionBudget/open-webui',
        'Ingress/open-webui',
        'Role/open-webui-migrate-0-11-0-<hash>-waiter',
        'RoleBinding/open-webui-migrate-0-11-0-<hash>-waiter',
        'Job/open-webui-migrate-0-11-0-<hash>',
      ].sort(),
    );
  });

  test('every object carries the standard app.kubernetes.io labels and commonLabels/commonAnnotations', () => {
    for (const o of render('commonLabels:\n  team: ai\ncommonAnnotations:\n  owner: platform\n')) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': 'open-webui',
        'app.kubernetes.io/instance': 'open-webui',
        'app.kubernetes.io/version': '0.11.0',
        'app.kubernetes.io/component': expect.any(String),
        'app.kubernetes.io/part-of': 'open-webui',
        'app.kubernetes.io/managed-by': 'open-webui-k8s',
        team: 'ai',
      });
      expect(o.metadata.annotations).toMatchObject({ owner: 'platform' });
    }
  });

  test('releaseName, nameOverride and fullnameOverride work as in Helm', () => {
    const byRelease = find(render('releaseName: team-a\n'), 'Deployment');
    expect(byRelease.metadata.name).toBe('team-a-open-webui');
    expect(byRelease.metadata.labels?.['app.kubernetes.io/instance']).toBe('team-a');
    const byName = find(render('releaseName: team-a\nnameOverride: chat\n'), 'Deployment');
    expect(byName.metadata.name).toBe('team-a-chat');
    expect(byName.metadata.labels?.['app.kubernetes.io/name']).toBe('chat');
    expect(find(render('fullnameOverride: chat\n'), 'Deployment').metadata.name).toBe('chat');
    expect(find(render('fullnameOverride: chat\n'), 'PersistentVolumeClaim').metadata.name).toBe('chat-data');
  });

  test('namespaced objects are in the configured namespace; the Namespace itself is optional', () => {
    const objs = render('namespace:\n  name: ai\n  create: false\n');
    expect(objs.find((o) => o.kind === 'Namespace')).toBeUndefined();
    for (const o of objs) expect(o.metadata.namespace).toBe('ai');
    const ns = find(render('namespace:\n  name: ai\n  labels:\n    env: prod\n'), 'Namespace');
    expect(ns.metadata).not.toHaveProperty('namespace');
    expect(ns.metadata.labels?.env).toBe('prod');
  });
});

describe('Service', () => {
  test('targets the http port of the app pods', () => {
    const svc: Any = find(render('service:\n  port: 8080\n'), 'Service');
    expect(svc.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual({
      'app.kubernetes.io/name': 'open-webui',
      'app.kubernetes.io/instance': 'open-webui',
      'app.kubernetes.io/component': 'app',
    });
  });
});

describe('HorizontalPodAutoscaler', () => {
  test('autoscaling/v2 on CPU utilisation with min/max and a stabilised scale-down', () => {
    const hpa: Any = find(render(AUTOSCALED), 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'open-webui' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(4);
    expect(hpa.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
    expect(hpa.spec.behavior.scaleDown.policies).toEqual([{ type: 'Pods', value: 1, periodSeconds: 120 }]);
  });
  test('a memory target is added when set', () => {
    const hpa: Any = find(
      render(
        AUTOSCALED,
        'autoscaling:\n  targetMemoryUtilizationPercentage: 80\nresources:\n  requests:\n    memory: 1Gi\n',
      ),
      'HorizontalPodAutoscaler',
    );
    expect(hpa.spec.metrics[1].resource).toEqual({
      name: 'memory',
      target: { type: 'Utilization', averageUtilization: 80 },
    });
  });
  test('no HPA without autoscaling', () => {
    expect(render('').find((o) => o.kind === 'HorizontalPodAutoscaler')).toBeUndefined();
  });
});

describe('PodDisruptionBudget', () => {
  test('keeps minAvailable replicas during drains and lets unhealthy pods go', () => {
    const pdb: Any = find(
      render(`replicaCount: 3\npodDisruptionBudget:\n  minAvailable: 2\n${ROOMY_DATABASE}`),
      'PodDisruptionBudget',
    );
    expect(pdb.spec.minAvailable).toBe(2);
    expect(pdb.spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(pdb.spec.selector.matchLabels['app.kubernetes.io/component']).toBe('app');
  });
  test('accepts a percentage, and refuses one that blocks every drain', () => {
    const pdb: Any = find(
      render(`replicaCount: 4\npodDisruptionBudget:\n  minAvailable: "50%"\n${ROOMY_DATABASE}`),
      'PodDisruptionBudget',
    );
    expect(pdb.spec.minAvailable).toBe('50%');
    expect(() => render('replicaCount: 2\npodDisruptionBudget:\n  minAvailable: "100%"\n')).toThrow(
      /not below the lowest replica count/,
    );
  });
  test('can be turned off', () => {
    expect(
      render('replicaCount: 1\npodDisruptionBudget:\n  enabled: false\n').find((o) => o.kind === 'PodDisruptionBudget'),
    ).toBeUndefined();
  });
});

describe('PersistentVolumeClaim', () => {
  test('ReadWriteMany with storage class and size from values', () => {
    const pvc: Any = find(render('persistence:\n  storageClass: efs-sc\n  size: 20Gi\n'), 'PersistentVolumeClaim');
    expect(pvc.spec).toEqual({
      accessModes: ['ReadWriteMany'],
      storageClassName: 'efs-sc',
      resources: { requests: { storage: '20Gi' } },
    });
  });
  test('no storageClassName means the cluster default; "-" means none', () => {
    expect((find(render(''), 'PersistentVolumeClaim') as Any).spec).not.toHaveProperty('storageClassName');
    expect(
      (find(render('persistence:\n  storageClass: "-"\n'), 'PersistentVolumeClaim') as Any).spec.storageClassName,
    ).toBe('');
  });
  test('an existing claim is used instead of rendering one', () => {
    const objs = render('persistence:\n  existingClaim: shared-efs\n');
    expect(objs.find((o) => o.kind === 'PersistentVolumeClaim')).toBeUndefined();
    expect((find(objs, 'Deployment') as Any).spec.template.spec.volumes[0]).toEqual({
      name: 'data',
      persistentVolumeClaim: { claimName: 'shared-efs' },
    });
  });
  test('persistence off uses an emptyDir (allowed with object storage)', () => {
    const objs = render('persistence:\n  enabled: false\nstorage:\n  provider: s3\n  s3:\n    bucketName: b\n');
    expect(objs.find((o) => o.kind === 'PersistentVolumeClaim')).toBeUndefined();
    expect((find(objs, 'Deployment') as Any).spec.template.spec.volumes[0]).toEqual({ name: 'data', emptyDir: {} });
  });
});

describe('Ingress with cookie affinity per controller', () => {
  const HOST = 'ingress:\n  enabled: true\n  hosts: [{host: chat.example.com}]\n';
  test('ingress-nginx: cookie affinity, long websocket timeouts, upload size', () => {
    const ing: Any = find(render(HOST), 'Ingress');
    expect(ing.spec.ingressClassName).toBe('nginx');
    expect(ing.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/affinity': 'cookie',
      'nginx.ingress.kubernetes.io/session-cookie-name': 'open-webui-affinity',
      'nginx.ingress.kubernetes.io/session-cookie-max-age': '86400',
      'nginx.ingress.kubernetes.io/proxy-read-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-send-timeout': '3600',
      'nginx.ingress.kubernetes.io/proxy-body-size': '100m',
    });
    expect(ing.spec.rules).toEqual([
      {
        host: 'chat.example.com',
        http: {
          paths: [
            { path: '/', pathType: 'Prefix', backend: { service: { name: 'open-webui', port: { number: 80 } } } },
          ],
        },
      },
    ]);
  });
  test('affinity can be turned off', () => {
    const ing: Any = find(render(HOST + '  sessionAffinity:\n    enabled: false\n'), 'Ingress');
    expect(ing.metadata.annotations).not.toHaveProperty('nginx.ingress.kubernetes.io/affinity');
  });
  test('AWS Load Balancer Controller: scheme, port, target type ip, /health checks, stickiness', () => {
    const ing: Any = find(
      render(
        'ingress:\n  enabled: true\n  controller: alb\n  hosts: [{host: chat.internal}]\n  alb:\n    scheme: internal\n    listenPort: 8080\n',
      ),
      'Ingress',
    );
    expect(ing.spec.ingressClassName).toBe('alb');
    expect(ing.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/scheme': 'internal',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP":8080}]',
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/healthcheck-path': '/health',
    });
    expect(ing.metadata.annotations['alb.ingress.kubernetes.io/target-group-attributes']).toMatch(
      /^stickiness\.enabled=true,stickiness\.type=lb_cookie,stickiness\.lb_cookie\.duration_seconds=86400/,
    );
  });
  test('AWS HTTPS listener uses the ACM certificate', () => {
    const ing: Any = find(
      render(
        'ingress:\n  enabled: true\n  controller: alb\n  alb:\n    protocol: HTTPS\n    listenPort: 443\n    certificateArn: arn:aws:acm:eu-west-1:1:certificate/x\n',
      ),
      'Ingress',
    );
    expect(ing.metadata.annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe(
      'arn:aws:acm:eu-west-1:1:certificate/x',
    );
    expect(ing.metadata.annotations['alb.ingress.kubernetes.io/listen-ports']).toBe('[{"HTTPS":443}]');
  });
  test('Traefik: the sticky cookie is configured on the Service', () => {
    const objs = render('ingress:\n  enabled: true\n  controller: traefik\n  hosts: [{host: chat.example.com}]\n');
    expect((find(objs, 'Ingress') as Any).spec.ingressClassName).toBe('traefik');
    expect(find(objs, 'Service').metadata.annotations).toMatchObject({
      'traefik.ingress.kubernetes.io/service.sticky.cookie': 'true',
      'traefik.ingress.kubernetes.io/service.sticky.cookie.name': 'open-webui-affinity',
    });
  });
  test('TLS when configured; className and extra annotations from values win', () => {
    const ing: Any = find(
      render(
        HOST +
          '  className: internal-nginx\n  tls: [{secretName: chat-tls, hosts: [chat.example.com]}]\n  annotations:\n    nginx.ingress.kubernetes.io/proxy-body-size: 1g\n',
      ),
      'Ingress',
    );
    expect(ing.spec.tls).toEqual([{ hosts: ['chat.example.com'], secretName: 'chat-tls' }]);
    expect(ing.spec.ingressClassName).toBe('internal-nginx');
    expect(ing.metadata.annotations['nginx.ingress.kubernetes.io/proxy-body-size']).toBe('1g');
  });
});

describe('app Secret', () => {
  const INLINE =
    'environment:\n  development: true\nsecrets:\n  existingSecret: null\n  source: inline\n  inline:\n    secretKey: k\n    databaseUrl: postgresql://u:p@h/db\n    redisUrl: redis://r:6379\n';
  test('an existing Secret is referenced, never rendered', () => {
    const objs = render('');
    expect(objs.find((o) => o.kind === 'Secret')).toBeUndefined();
  });
  test('inline development values render one Secret labelled development-only', () => {
    const secret: Any = find(render(INLINE), 'Secret');
    expect(secret.metadata.name).toBe('open-webui-secrets');
    expect(secret.metadata.labels['open-webui-k8s/development-only']).toBe('true');
    expect(secret.stringData).toEqual({
      WEBUI_SECRET_KEY: 'k',
      DATABASE_URL: 'postgresql://u:p@h/db',
      REDIS_URL: 'redis://r:6379',
    });
  });
  test('a changed inline secret rolls the pods (checksum annotation)', () => {
    const a: Any = find(render(INLINE), 'Deployment');
    const b: Any = find(render(INLINE.replace('secretKey: k', 'secretKey: k2')), 'Deployment');
    expect(a.spec.template.metadata.annotations['checksum/secret']).toMatch(/^[a-f0-9]{64}$/);
    expect(a.spec.template.metadata.annotations['checksum/secret']).not.toBe(
      b.spec.template.metadata.annotations['checksum/secret'],
    );
  });
  test('custom key names inside the Secret are honoured', () => {
    const c: Any = (find(render('secrets:\n  keys:\n    databaseUrl: aurora-url\n'), 'Deployment') as Any).spec.template
      .spec.containers[0];
    expect(c.env.find((e: Any) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({
      name: 'open-webui-secrets',
      key: 'aurora-url',
    });
  });
});

describe('ServiceAccount', () => {
  test('rendered with annotations and no token automount', () => {
    const sa: Any = find(
      render('serviceAccount:\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::1:role/x\n'),
      'ServiceAccount',
    );
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata.annotations['eks.amazonaws.com/role-arn']).toBe('arn:aws:iam::1:role/x');
  });
  test('an existing ServiceAccount can be named instead', () => {
    const objs = render('serviceAccount:\n  create: false\n  name: shared\n');
    expect(objs.find((o) => o.kind === 'ServiceAccount')).toBeUndefined();
    expect((find(objs, 'Deployment') as Any).spec.template.spec.serviceAccountName).toBe('shared');
  });
});

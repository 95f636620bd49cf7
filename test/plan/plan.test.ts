/** `npm run plan`: asserted on crafted cases (replicas, image bump, secret source, cost), not snapshots. */
import * as path from 'path';
import { main } from '../../src/cli';
import { multiReplicaChecklist, recommendations, REQUIREMENTS, ruleById } from '../../src/plan/checklist';
import { costEstimate, planEnvironment } from '../../src/plan/plan';
import { formatBytes, formatCpu, parseQuantity } from '../../src/k8s';
import { renderObjects } from '../../src/synth/render';
import { K8sObject } from '../../src/manifests';
import { RULES } from '../../src/rules';
import { buildModel } from '../../src/model';
import { resolveEnvironment, ResolvedEnvironment } from '../../src/pipeline';

const ROOT = path.resolve(__dirname, '../../..');
const files = (env: string) => [path.join(ROOT, 'values/common.yaml'), path.join(ROOT, `values/${env}.yaml`)];
const resolve = (env: string, ...sets: string[]) =>
  resolveEnvironment({ name: env, files: files(env), sets: sets.map((expr) => ({ expr })) });
const plan = (env: ResolvedEnvironment) => planEnvironment(env);
const line = (md: string, start: string) =>
  md.split('\n').find((l) => l.startsWith(start)) ?? `(no line starting with ${start})`;
/** The rendered objects without any migration Job and with a RollingUpdate Deployment: requirements 6 and 7 then rest on the values alone. */
const withoutMigrations = (env: ResolvedEnvironment): K8sObject[] =>
  renderObjects(env)
    .filter((o) => o.kind !== 'Job')
    .map((o) =>
      o.kind === 'Deployment' ? { ...o, spec: { ...(o.spec as object), strategy: { type: 'RollingUpdate' } } } : o,
    );
const row = (md: string, label: string) =>
  md.split('\n').find((l) => l.startsWith(`| ${label} |`)) ?? `(no row ${label})`;

describe('plan', () => {
  it('shows fixed replicas and fleet totals that follow a replicas change', () => {
    const before = plan(resolve('local'));
    expect(line(before, '- **Replicas:**')).toBe('- **Replicas:** 2 (fixed); 1 worker per pod');
    expect(row(before, 'CPU request')).toBe('| CPU request | `250m` | 500m | 500m |');
    const after = plan(resolve('local', 'replicaCount=3'));
    expect(line(after, '- **Replicas:**')).toBe('- **Replicas:** 3 (fixed); 1 worker per pod');
    expect(row(after, 'CPU request')).toBe('| CPU request | `250m` | 750m | 750m |');
    expect(row(after, 'Memory request')).toBe('| Memory request | `768Mi` | 2.25Gi | 2.25Gi |');
    expect(row(after, 'CPU limit')).toBe('| CPU limit | none | — | — |');
  });

  it('shows an autoscaled range with min and max fleet totals', () => {
    const md = plan(resolve('aws'));
    expect(line(md, '- **Replicas:**')).toBe(
      '- **Replicas:** 2–10 (HorizontalPodAutoscaler: CPU 70% of requests); 1 worker per pod',
    );
    expect(row(md, 'Memory limit')).toBe('| Memory limit | `2Gi` | 4Gi | 20Gi |');
    expect(row(md, 'CPU request')).toBe('| CPU request | `500m` | 1 | 5 |');
  });

  it('shows an image bump', () => {
    expect(line(plan(resolve('aws')), '- **Image:**')).toBe(
      '- **Image:** `ghcr.io/open-webui/open-webui:0.11.0` (version `0.11.0`, pull IfNotPresent)',
    );
    expect(line(plan(resolve('aws', 'image.tag=0.12.1')), '- **Image:**')).toContain(
      '`ghcr.io/open-webui/open-webui:0.12.1` (version `0.12.1`',
    );
  });

  it('shows where secrets come from, and a change of source', () => {
    expect(line(plan(resolve('local')), '- **Secrets:**')).toBe(
      '- **Secrets:** inline development Secret `open-webui-secrets`',
    );
    const switched = resolve(
      'local',
      'secrets.source=existingSecret',
      'secrets.existingSecret=chat-secrets',
      'secrets.inline=null',
    );
    expect(line(plan(switched), '- **Secrets:**')).toBe('- **Secrets:** existing Secret `chat-secrets`');
    expect(line(plan(resolve('aws')), '- **Secrets:**')).toBe(
      '- **Secrets:** Secret `open-webui-secrets` materialised by an ExternalSecret from ClusterSecretStore `aws-secrets-manager` (remote key `open-webui/aws`)',
    );
  });

  it('shows in-cluster Redis and the development PostgreSQL, and external Redis with TLS', () => {
    const local = plan(resolve('local'));
    expect(line(local, '- **Redis:**')).toBe(
      '- **Redis:** in-cluster StatefulSet (`docker.io/library/redis:7.2.7-alpine`), password from a Secret, URL composed in-cluster, key prefix `open-webui`; websockets on (redis manager)',
    );
    expect(line(local, '- **Database:**')).toBe(
      '- **Database:** PostgreSQL in-cluster (development only, pgvector); pool 5 + overflow 10 per process',
    );
    expect(line(plan(resolve('aws')), '- **Redis:**')).toContain(
      'external with TLS (rediss://), `REDIS_URL` from the app Secret',
    );
  });

  it('shows storage, ingress host and affinity, Redis and database', () => {
    const md = plan(resolve('production'));
    expect(line(md, '- **Data volume**')).toBe(
      '- **Data volume** (/app/backend/data): claim `open-webui-data` of 50Gi, ReadWriteMany, storage class `nfs-rwx`',
    );
    expect(line(md, '- **Ingress:**')).toBe('- **Ingress:** none');
    expect(line(md, '- **Route:**')).toBe(
      '- **Route:** https://chat.example.com via HTTPRoute `open-webui` on Gateway `gateways/public` (listener `https`); implementation `envoy-gateway`',
    );
    expect(line(md, '- **Route session affinity:**')).toBe(
      '- **Route session affinity:** cookie "open-webui-affinity" (24h) by HTTPRoute rules[].sessionPersistence',
    );
    // An ingress-nginx Ingress instead of the route: its URL, class and affinity.
    const nginx = plan(
      resolve(
        'production',
        'route.enabled=false',
        'ingress.enabled=true',
        'ingress.className=nginx',
        'ingress.hosts[0].host=chat.example.com',
        'ingress.tls[0].hosts={chat.example.com}',
        'ingress.tls[0].secretName=open-webui-tls',
      ),
    );
    expect(line(nginx, '- **Ingress:**')).toBe('- **Ingress:** https://chat.example.com via nginx, class `nginx`');
    expect(line(nginx, '- **Session affinity:**')).toBe('- **Session affinity:** cookie `open-webui-affinity`, 86400s');
    expect(line(nginx, '- **Route:**')).toBe('- **Route:** none');
    expect(line(md, '- **Redis:**')).toContain('external, `REDIS_URL` from the app Secret');
    expect(line(md, '- **Database:**')).toContain(
      'PostgreSQL, `DATABASE_URL` from the app Secret; pool 15 + overflow 20 per process',
    );
    expect(line(plan(resolve('aws')), '- **Session affinity:**')).toBe('- **Session affinity:** ALB lb_cookie, 86400s');
    // the backend address, with the listener port, as the load balancer serves it
    expect(line(plan(resolve('aws')), '- **Ingress:**')).toBe(
      '- **Ingress:** http://ai-scaled.ggai:8080 via alb (internal, HTTP 8080)',
    );
  });

  it('shows the public URL next to the backend address, the CORS origins, sign-in and model connections', () => {
    const aws = plan(resolve('aws'));
    expect(line(aws, '- **Public URL:**')).toBe(
      '- **Public URL:** `https://ai-scaled-contoso.msappproxy.net` (`publicUrl`; WEBUI_URL, Secure cookies)',
    );
    expect(line(aws, '- **CORS origins:**')).toBe('- **CORS origins:** `https://ai-scaled-contoso.msappproxy.net`');
    expect(line(aws, '- **Sign-in:**')).toBe(
      '- **Sign-in:** Microsoft Entra ID, redirect URI `https://ai-scaled-contoso.msappproxy.net/oauth/microsoft/callback`; signup on, merge by email off, domains `contoso.com`, roles from the token',
    );
    expect(line(aws, '- **OpenAI-compatible connections:**')).toBe(
      '- **OpenAI-compatible connections:** none (ENABLE_OPENAI_API=False)',
    );
    const prod = plan(resolve('production'));
    expect(line(prod, '- **Public URL:**')).toBe(
      '- **Public URL:** `https://chat.example.com` (the first backend address, `route.hostnames[0]`; WEBUI_URL, Secure cookies)',
    );
    expect(line(prod, '- **Sign-in:**')).toBe(
      '- **Sign-in:** OpenID Connect ("Company SSO"), redirect URI `https://chat.example.com/oauth/oidc/callback`; Open WebUI\'s login form; signup on, merge by email off, groups from the token',
    );
    expect(line(prod, '- **OpenAI-compatible connections:**')).toBe(
      '- **OpenAI-compatible connections:** `http://litellm.ai.svc.cluster.local:4000/v1` (key from Secret `litellm-open-webui` (`api-key`))',
    );
    expect(line(prod, '- **Ollama:**')).toBe('- **Ollama:** none (ENABLE_OLLAMA_API=False)');
    // every credential and where it comes from: the ExternalSecret materialises the app Secret's, others name their own
    expect(line(prod, '- **Credentials:**')).toContain(
      '`openwebui.connections.openai[0].apiKeySecretRef` ← Secret `litellm-open-webui` key `api-key`',
    );
    expect(line(plan(resolve('production', 'database.existingSecret=chat-pg-app')), '- **Credentials:**')).toContain(
      '`databaseUrl` ← Secret `chat-pg-app` (`database.existingSecret`) key `DATABASE_URL`',
    );
    expect(line(aws, '- **Credentials:**')).toContain(
      '`microsoftClientSecret` ← app Secret (materialised by the ExternalSecret) key `MICROSOFT_CLIENT_SECRET`',
    );
  });

  it('shows the connection budget from connectionBudget, and it moves with the replica count', () => {
    // Each serving process holds the app pool (15 + 20) and the pgvector client's pool (5 + 0, pgvector in the app database).
    expect(plan(resolve('aws'))).toContain(
      'Worst case **438** of max_connections **1000** (44%, 562 to spare): 40 per process (pool 15 + overflow 20, plus pgvector pool 5 + overflow 0) x 10 serving processes + 35 migrator + 3 reserved.',
    );
    expect(plan(resolve('aws', 'autoscaling.maxReplicas=20'))).toContain(
      'Worst case **838** of max_connections **1000**',
    );
  });

  it('estimates monthly cost from unit prices: min and max fleet', () => {
    const aws = resolve('aws');
    // 0.5 vCPU x 0.04048 + 1 GiB x 0.004445 = 0.024685 per pod-hour; x 730 h = 18.02 per pod-month.
    const c = costEstimate(aws.values)!;
    expect(c.perPodMonth).toBeCloseTo(18.02, 2);
    expect(c.minMonth).toBeCloseTo(36.04, 2);
    expect(c.maxMonth).toBeCloseTo(180.2, 1);
    expect(plan(aws)).toContain('36.04 USD at 2 pods – 180.20 USD at 10 pods');
    // a resources change shows in money: (1 x 0.04048 + 1 x 0.004445) x 730 = 32.795 per pod
    expect(plan(resolve('aws', 'resources.requests.cpu=1'))).toContain('65.59 USD at 2 pods – 327.95 USD at 10 pods');
    expect(costEstimate(resolve('production').values)).toBeUndefined();
    expect(plan(resolve('production'))).toContain('No unit prices');
  });

  it("derives checklist status from the rules: met when multi, n/a for one process, not met with the rule's own message", () => {
    const local = resolve('local');
    const items = multiReplicaChecklist(local.values, withoutMigrations(local));
    // local shares a ReadWriteOnce volume on one node (environment.singleNode): storage is met with a warning
    expect(items.map((i) => i.status)).toEqual([
      'met',
      'met',
      'met',
      'warned',
      'met',
      'warned',
      'warned',
      'met',
      'met',
    ]);
    const single = resolve('local', 'replicaCount=1', 'podDisruptionBudget.enabled=false');
    expect(multiReplicaChecklist(single.values, renderObjects(single)).every((i) => i.status === 'n/a')).toBe(true);
    expect(plan(single)).toContain('| 2 | PostgreSQL, never SQLite | ➖ n/a | one Open WebUI process |');
    // Values the pipeline would refuse: the checklist shows the rule's finding, word for word.
    const broken = { ...local.values, database: { ...local.values.database, type: 'sqlite' as const } };
    const sqlite = multiReplicaChecklist(broken, renderObjects(local))[1];
    const expected = ruleById('multi-replica-postgresql').check(broken, buildModel(broken))[0].message;
    expect(sqlite).toMatchObject({ status: 'not met', detail: expected });
  });

  it('reads the migration requirements from the rendered objects: a Job makes 6 met, only Recreate makes 7 met', () => {
    const aws = resolve('aws');
    const objects = withoutMigrations(aws);
    expect(multiReplicaChecklist(aws.values, objects)[5].status).toBe('warned');
    expect(multiReplicaChecklist(aws.values, objects)[6].status).toBe('warned');
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'open-webui-migrate', labels: { 'app.kubernetes.io/component': 'migration' } },
    };
    const withJob = multiReplicaChecklist(aws.values, [...objects, job]);
    expect(withJob[5]).toMatchObject({ status: 'met' });
    // A migration Job under a RollingUpdate still runs two versions against one database.
    expect(withJob[6]).toMatchObject({ status: 'warned' });
    expect(multiReplicaChecklist(aws.values, renderObjects(aws))[6]).toMatchObject({ status: 'met' });
    expect(planEnvironment(aws, [...objects, job])).toContain('- **Migrations:** Job `open-webui-migrate`');
  });

  it('describes the rollout, the migration Job and its limits from upgrade.*', () => {
    const aws = resolve('aws');
    const md = planEnvironment(aws, renderObjects(aws));
    expect(md).toMatch(
      /^- \*\*Rollout:\*\* Recreate: every old pod stops, the migration Job for this version runs once, then the new pods start/m,
    );
    expect(md).toMatch(/^- \*\*Migrations:\*\* Job `open-webui-migrate-0-11-0-[a-f0-9]{8}`$/m);
    expect(md).toContain('- **Migration Job limits:** 1 retry, 1800 s deadline, waits up to 300 s for the database');
    const rolling = resolve('aws', 'upgrade.strategy=rollingUpdate', 'upgrade.rollingUpdate.maxSurge=2');
    const rmd = planEnvironment(rolling, renderObjects(rolling));
    expect(rmd).toContain(
      '- **Rollout:** ⚠️ RollingUpdate (maxSurge 2, maxUnavailable 0): old and new versions serve together against one database',
    );
    expect(rmd).toMatch(/\(incl\. 2 surge pod\(s\) of a rolling update\)/);
  });

  it('reports recommendations from the warning rules, acknowledged ones marked', () => {
    const aws = recommendations(resolve('aws').values);
    expect(aws.find((r) => r.id === 'recommended-content-extraction')).toMatchObject({ status: 'warned' });
    expect(aws.find((r) => r.id === 'recommended-content-extraction')?.detail).toMatch(/^\(acknowledged\) /);
    expect(
      recommendations(resolve('production').values).find((r) => r.id === 'recommended-content-extraction'),
    ).toMatchObject({ status: 'met' });
  });

  it('names only registered rules and covers every multi-replica rule', () => {
    const named = REQUIREMENTS.flatMap((r) => r.rules);
    for (const id of named) expect(ruleById(id).id).toBe(id);
    const multiReplicaRules = RULES.filter((r) => /^(multi-replica|single-node)-/.test(r.id));
    expect(multiReplicaRules.length).toBe(8);
    expect(multiReplicaRules.map((r) => r.id).filter((id) => !named.includes(id))).toEqual([]);
  });

  it('runs from the CLI for one environment or all, and exits 1 on invalid values', () => {
    const out: string[] = [];
    const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(s) };
    expect(main(['plan', '--env', 'aws', '--values-dir', path.join(ROOT, 'values')], io)).toBe(0);
    expect(out.join('\n')).toContain('## Environment `aws`');
    expect(out.join('\n')).not.toContain('## Environment `local`');
    out.length = 0;
    expect(main(['plan', '--values-dir', path.join(ROOT, 'values')], io)).toBe(0);
    expect(out.join('\n').match(/^## Environment/gm)).toHaveLength(3);
    expect(main(['plan', '--env', 'nope', '--values-dir', path.join(ROOT, 'values')], io)).toBe(2);
    out.length = 0;
    expect(
      main(['plan', '--env', 'local', '--set', 'replicaCount=4', '--values-dir', path.join(ROOT, 'values')], io),
    ).toBe(0);
    expect(out.join('\n')).toContain('- **Replicas:** 4 (fixed)');
    expect(
      main(['plan', '--env', 'local', '--set', 'replicaCount=four', '--values-dir', path.join(ROOT, 'values')], {
        out: () => undefined,
        err: () => undefined,
      }),
    ).toBe(1);
  });
});

describe('quantities', () => {
  it('parses and formats CPU and memory', () => {
    expect(parseQuantity('500m')).toBe(0.5);
    expect(parseQuantity(2)).toBe(2);
    expect(parseQuantity('1Gi')).toBe(2 ** 30);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(formatCpu(0.75)).toBe('750m');
    expect(formatCpu(2.5)).toBe('2.5');
    expect(formatBytes(3 * 768 * 2 ** 20)).toBe('2.25Gi');
    expect(formatBytes(512 * 2 ** 20)).toBe('512Mi');
  });
});

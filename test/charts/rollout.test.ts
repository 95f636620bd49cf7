/**
 * Rollout without version skew: Recreate; app pods wait (in the Open WebUI image, asking the
 * database: no token, no RBAC) until their image's migration is done; the migration Job alone waits
 * through the Kubernetes API for the old pods, with exactly the RBAC it needs; and its old-pods
 * waiter script really behaves so (run with sh and curl against a local fake API server). The
 * database side of the wait is proven against a real PostgreSQL in test/migration/.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { ENVS, envMap, one, renderEnv } from '../support';
import { ENV } from '../../src/model';
import { MIGRATION_JOB_LABEL, WAITER_CONTAINER, WAITER_SCRIPT, WAITER_VOLUME } from '../../charts/migration-waiter';
import { MIGRATION_WAIT_CONTAINER, migrationProgram, RENDERED_PROGRAM_HEADER } from '../../charts/migration-programs';

/** The app container's OpenTelemetry variables (rows of observability.otel.*): rendered in the serving pods only. */
const TELEMETRY = new Set(ENV.filter((e) => e.key.startsWith('observability.otel')).map((e) => e.name));
const ROLLING = ['upgrade.strategy=rollingUpdate', 'acknowledgeWarnings[0]=upgrade-rolling-update'];
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

describe.each(ENVS)('rollout (%s)', (env) => {
  const objs = renderEnv(env);
  const dep = one(objs, 'Deployment');
  const job = one(objs, 'Job');
  const pod = dep.spec.template.spec;
  const app = pod.containers[0];

  test('default strategy is Recreate: every old pod stops before a new one starts', () => {
    expect(dep.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('app pods wait for the migration of their version, in the Open WebUI image, asking the database', () => {
    expect(pod.initContainers).toHaveLength(1);
    const w = pod.initContainers[0];
    expect(w.name).toBe(MIGRATION_WAIT_CONTAINER);
    expect(w.command).toEqual(['python', '-c', migrationProgram(), 'wait']);
    expect(w.workingDir).toBe('/app/backend');
    // The app container itself (image, env, mounts, security context, resources), plus the program's settings.
    for (const k of ['image', 'imagePullPolicy', 'envFrom', 'volumeMounts', 'securityContext', 'resources'])
      expect([k, w[k]]).toEqual([k, app[k]]);
    // The app's own OpenTelemetry rows stay in the app: the waiter never starts Open WebUI's telemetry.
    const appEnv = app.env.filter((e: any) => !TELEMETRY.has(e.name));
    expect(w.env.slice(0, appEnv.length)).toEqual(appEnv);
    expect(w.env.slice(appEnv.length)).toEqual([
      {
        name: 'OWK_MIGRATION_ID',
        valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${MIGRATION_JOB_LABEL}']` } },
      },
      { name: 'OWK_POLL_SECONDS', value: '2' },
      { name: 'OWK_WAIT_TIMEOUT_SECONDS', value: String(job.spec.activeDeadlineSeconds) },
    ]);
    // The label the migration id comes from names this version's Job.
    expect(dep.spec.template.metadata.labels[MIGRATION_JOB_LABEL]).toBe(job.metadata.name);
    for (const c of [w, app]) expect(c.ports === undefined || c === app).toBe(true);
    expect(w.startupProbe ?? w.readinessProbe ?? w.livenessProbe ?? w.lifecycle).toBeUndefined();
  });

  test('the program is rendered byte for byte after its header docstring, and safe from Kubernetes $(VAR) expansion', () => {
    const file = fs.readFileSync(path.join(__dirname, '../../../charts/programs/migration.py'), 'utf8');
    const code = file.slice(file.indexOf('"""', 3) + 3).replace(/^\n+/, '');
    expect(migrationProgram()).toBe(`${RENDERED_PROGRAM_HEADER}\n${code}`);
    expect(RENDERED_PROGRAM_HEADER).toBe(
      "# open-webui-k8s: the migrator and the app pods' waiter; documented in charts/programs/migration.py\n",
    );
    expect(file.startsWith('"""open-webui-k8s: the migrator')).toBe(true); // the file keeps its documentation
    expect(migrationProgram().length).toBeLessThan(file.length * 0.8);
    // The kubelet rewrites $(NAME) and $$ in command and args: the program must contain no "$" at all.
    expect(file).not.toContain('$');
  });

  test('with recreate the Job waits until no app pod of another rollout is left', () => {
    const w = job.spec.template.spec.initContainers[0];
    expect(w.name).toBe(WAITER_CONTAINER);
    expect(w.image).toMatch(/^curlimages\/curl:\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/);
    expect(w.command).toEqual(['/bin/sh', '-c', WAITER_SCRIPT]);
    const selector = decodeURIComponent(envMap(w).OLD_PODS_SELECTOR.value);
    expect(selector.split(',').sort()).toEqual(
      [
        'app.kubernetes.io/component=app',
        'app.kubernetes.io/instance=open-webui',
        'app.kubernetes.io/name=open-webui',
        `${MIGRATION_JOB_LABEL}!=${job.metadata.name}`,
      ].sort(),
    );
  });

  test("no API token in the app pods at all; in the Job only the old-pods waiter's projected volume", () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(one(objs, 'ServiceAccount').automountServiceAccountToken).toBe(false);
    expect(pod.volumes.map((v: any) => v.name)).not.toContain(WAITER_VOLUME);
    for (const c of [...pod.initContainers, ...pod.containers])
      expect((c.volumeMounts ?? []).some((m: any) => m.mountPath.startsWith('/var/run/secrets'))).toBe(false);
    const spec = job.spec.template.spec;
    const vol = spec.volumes.find((v: any) => v.name === WAITER_VOLUME);
    expect(vol.projected.sources.map((s: any) => Object.keys(s)[0])).toEqual([
      'serviceAccountToken',
      'configMap',
      'downwardAPI',
    ]);
    expect(spec.initContainers[0].volumeMounts).toEqual([
      { name: WAITER_VOLUME, mountPath: TOKEN_PATH, readOnly: true },
    ]);
    for (const c of spec.containers)
      expect((c.volumeMounts ?? []).map((m: any) => m.name)).not.toContain(WAITER_VOLUME);
  });

  test("the Job's old-pods waiter runs unprivileged", () => {
    expect(job.spec.template.spec.initContainers[0].securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  test("RBAC: list pods for the Job's waiter only, bound to the ServiceAccount whose pods mount no token", () => {
    const role = one(objs, 'Role');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }]);
    const binding = one(objs, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: dep.metadata.namespace },
    ]);
    expect(pod.serviceAccountName).toBe(one(objs, 'ServiceAccount').metadata.name);
    expect(job.spec.template.spec.serviceAccountName).toBe(pod.serviceAccountName);
    expect(objs.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
  });

  test('rollingUpdate: surge from values; nothing reads the Kubernetes API (no Job waiter, no Role); app pods still wait', () => {
    const r = renderEnv(env, [...ROLLING, 'upgrade.rollingUpdate.maxSurge=25%', 'database.maxConnections=1000']);
    expect(one(r, 'Deployment').spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    const j = one(r, 'Job');
    expect(j.spec.template.spec.initContainers).toBeUndefined();
    expect(j.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain(WAITER_VOLUME);
    expect(r.filter((o) => o.kind === 'Role' || o.kind === 'RoleBinding')).toEqual([]);
    const w = one(r, 'Deployment').spec.template.spec.initContainers[0];
    expect(w.name).toBe(MIGRATION_WAIT_CONTAINER);
    expect(one(r, 'Deployment').spec.template.metadata.labels[MIGRATION_JOB_LABEL]).toBe(j.metadata.name);
  });
});

/** A fake Kubernetes API on 127.0.0.1 answering from a script of responses. */
async function runWaiter(env: Record<string, string>, answers: { status: number; body: unknown; pretty?: boolean }[]) {
  const requests: { url: string; auth?: string }[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', auth: req.headers.authorization });
    const a = answers[Math.min(requests.length - 1, answers.length - 1)];
    res.writeHead(a.status, { 'content-type': 'application/json' });
    res.end(a.pretty ? JSON.stringify(a.body, null, 2) : JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waiter-'));
  fs.writeFileSync(path.join(dir, 'token'), 'test-token');
  fs.writeFileSync(path.join(dir, 'ca.crt'), '');
  fs.writeFileSync(path.join(dir, 'namespace'), 'ns1');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    return await new Promise<{ code: number | null; out: string; err: string; requests: typeof requests }>(
      (resolve) => {
        const child = spawn('/bin/sh', ['-c', WAITER_SCRIPT], {
          env: {
            PATH: process.env.PATH ?? '/usr/bin:/bin',
            WAITER_TOKEN_DIR: dir,
            WAITER_API_URL: url,
            POLL_SECONDS: '0.1',
            ...env,
          },
        });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
        child.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, out, err, requests });
        });
      },
    );
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the Job's old-pods waiter script (sh + curl against a fake API)", () => {
  const sel = encodeURIComponent('app.kubernetes.io/component=app,open-webui-k8s/migration-job!=x');

  test('waits until the selector matches no live pod', async () => {
    const r = await runWaiter({ OLD_PODS_SELECTOR: sel }, [
      { status: 200, body: { kind: 'PodList', items: [{ metadata: { name: 'old' } }] } },
      { status: 200, body: { kind: 'PodList', metadata: {}, items: [] }, pretty: true },
    ]);
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(2);
    expect(r.requests[0].auth).toBe('Bearer test-token');
    // Failed/Succeeded pods (evicted, OOM-killed) linger in the API but do not run: they must not block the migration.
    expect(r.requests[0].url).toBe(
      `/api/v1/namespaces/ns1/pods?labelSelector=${sel}&fieldSelector=status.phase%21%3DFailed%2Cstatus.phase%21%3DSucceeded&limit=1&pretty=false`,
    );
    expect(r.out).toContain('no pod of a previous version is left');
  });

  test('keeps waiting through unexpected answers', async () => {
    const r = await runWaiter({ OLD_PODS_SELECTOR: sel }, [
      { status: 500, body: { kind: 'Status' } },
      { status: 200, body: { kind: 'PodList', items: [] } },
    ]);
    expect(r.code).toBe(0);
    expect(r.err).toContain('unexpected answer from the Kubernetes API');
  });

  test('fails loudly when the API refuses the request (RBAC missing)', async () => {
    const r = await runWaiter({ OLD_PODS_SELECTOR: sel }, [
      { status: 403, body: { kind: 'Status', reason: 'Forbidden' } },
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Role and RoleBinding');
  });

  test('reaches the API server on an IPv6 cluster (the service host is bracketed in the URL)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'waiter-v6-'));
    try {
      for (const [f, c] of [
        ['token', 't'],
        ['ca.crt', ''],
        ['namespace', 'ns1'],
      ])
        fs.writeFileSync(path.join(dir, f), c);
      // A stand-in curl on PATH records the URL it is given and answers "no pod".
      fs.writeFileSync(
        path.join(dir, 'curl'),
        `#!/bin/sh\nfor a in "$@"; do last="$a"; done\necho "$last" >> "${dir}/urls"\nprintf '%s HTTP200' '{"items":[]}'\n`,
        { mode: 0o755 },
      );
      const r = spawnSync('/bin/sh', ['-c', WAITER_SCRIPT], {
        env: {
          PATH: `${dir}:${process.env.PATH}`,
          WAITER_TOKEN_DIR: dir,
          KUBERNETES_SERVICE_HOST: 'fd00:10:96::1',
          KUBERNETES_SERVICE_PORT: '443',
          OLD_PODS_SELECTOR: 'x',
          POLL_SECONDS: '0.1',
        },
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(r.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'urls'), 'utf8').trim()).toMatch(
        /^https:\/\/\[fd00:10:96::1\]:443\/api\/v1\/namespaces\/ns1\/pods\?labelSelector=x&/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('each Job has its own waiter Role, so a still-running previous Job keeps its grant', () => {
  const a = renderEnv('production');
  const b = renderEnv('production', ['image.tag=0.11.1']);
  const roleOf = (objs: any[]) => one(objs, 'Role');
  expect(roleOf(a).metadata.name).toBe(`${one(a, 'Job').metadata.name}-waiter`);
  expect(roleOf(b).metadata.name).toBe(`${one(b, 'Job').metadata.name}-waiter`);
  expect(roleOf(a).metadata.name).not.toBe(roleOf(b).metadata.name);
  expect(one(b, 'RoleBinding').roleRef.name).toBe(roleOf(b).metadata.name);
});

test('the rollout deadline covers the migration and the startup probe', () => {
  const dep = one(renderEnv('aws'), 'Deployment');
  expect(dep.spec.progressDeadlineSeconds).toBe(1800 + 10 + 10 * 60 + 60);
  expect(
    one(renderEnv('aws', ['upgrade.migration.activeDeadlineSeconds=600']), 'Deployment').spec.progressDeadlineSeconds,
  ).toBe(600 + 610 + 60);
});

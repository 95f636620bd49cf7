/**
 * Rollout without version skew: Recreate, app pods wait for their migration Job, the Job waits for
 * the old pods, the waiter has exactly the RBAC it needs, and the waiter script really behaves so
 * (run with sh and curl against a local fake API server).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { ENVS, envMap, one, renderEnv } from '../support';
import { MIGRATION_JOB_LABEL, WAITER_CONTAINER, WAITER_SCRIPT, WAITER_VOLUME } from '../../charts/migration-waiter';

const ROLLING = ['upgrade.strategy=rollingUpdate', 'acknowledgeWarnings[0]=upgrade-rolling-update'];
const TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

describe.each(ENVS)('rollout (%s)', (env) => {
  const objs = renderEnv(env);
  const dep = one(objs, 'Deployment');
  const job = one(objs, 'Job');
  const pod = dep.spec.template.spec;

  test('default strategy is Recreate: every old pod stops before a new one starts', () => {
    expect(dep.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('app pods wait for the migration Job of their version before the app starts', () => {
    expect(pod.initContainers).toHaveLength(1);
    const w = pod.initContainers[0];
    expect(w.name).toBe(WAITER_CONTAINER);
    expect(envMap(w).MODE.value).toBe('job');
    expect(envMap(w).JOB_NAME.value).toBe(job.metadata.name);
    expect(w.command).toEqual(['/bin/sh', '-c', WAITER_SCRIPT]);
    expect(w.image).toMatch(/^curlimages\/curl:\d+\.\d+\.\d+(@sha256:[0-9a-f]{64})?$/);
    expect(dep.spec.template.metadata.labels[MIGRATION_JOB_LABEL]).toBe(job.metadata.name);
  });

  test('with recreate the Job waits until no app pod of another rollout is left', () => {
    const w = job.spec.template.spec.initContainers[0];
    expect(envMap(w).MODE.value).toBe('pods');
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

  test('only the waiter gets an API token, as a projected volume; the app container none', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    const sa = one(objs, 'ServiceAccount');
    expect(sa.automountServiceAccountToken).toBe(false);
    for (const spec of [pod, job.spec.template.spec]) {
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
    }
  });

  test('the waiter runs unprivileged', () => {
    const sc = pod.initContainers[0].securityContext;
    expect(sc).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  test('waiter RBAC: get on the one migration Job, list pods (recreate only), bound to the app ServiceAccount', () => {
    const role = one(objs, 'Role');
    expect(role.rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], resourceNames: [job.metadata.name], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
    const binding = one(objs, 'RoleBinding');
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role.metadata.name });
    expect(binding.subjects).toEqual([
      { kind: 'ServiceAccount', name: pod.serviceAccountName, namespace: dep.metadata.namespace },
    ]);
    expect(pod.serviceAccountName).toBe(one(objs, 'ServiceAccount').metadata.name);
    expect(job.spec.template.spec.serviceAccountName).toBe(pod.serviceAccountName);
    expect(objs.filter((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toEqual([]);
  });

  test('rollingUpdate: surge from values, the Job does not wait for old pods, RBAC is get on the Job only', () => {
    const r = renderEnv(env, [...ROLLING, 'upgrade.rollingUpdate.maxSurge=25%', 'database.maxConnections=1000']);
    expect(one(r, 'Deployment').spec.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 },
    });
    const j = one(r, 'Job');
    expect(j.spec.template.spec.initContainers).toBeUndefined();
    expect(j.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain(WAITER_VOLUME);
    expect(one(r, 'Role').rules).toEqual([
      { apiGroups: ['batch'], resources: ['jobs'], resourceNames: [j.metadata.name], verbs: ['get'] },
    ]);
    // New pods still wait for their migration.
    expect(envMap(one(r, 'Deployment').spec.template.spec.initContainers[0]).JOB_NAME.value).toBe(j.metadata.name);
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
            JOB_NAME: 'open-webui-migrate-0-11-0-abcdef12',
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

const jobWith = (type: string) => ({
  kind: 'Job',
  status: { conditions: [{ type, status: 'True', lastProbeTime: '2026-01-01T00:00:00Z', reason: 'x' }] },
});
const running = { kind: 'Job', status: { active: 1 } };

describe('the waiter script (sh + curl against a fake API)', () => {
  test('waits while the Job is missing or running, exits 0 once it has completed', async () => {
    const r = await runWaiter({ MODE: 'job' }, [
      { status: 404, body: { kind: 'Status' } },
      { status: 200, body: running },
      { status: 200, body: jobWith('Complete'), pretty: true },
    ]);
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(3);
    expect(r.requests[0]).toEqual({
      url: '/apis/batch/v1/namespaces/ns1/jobs/open-webui-migrate-0-11-0-abcdef12?pretty=false',
      auth: 'Bearer test-token',
    });
    expect(r.out).toContain('has completed');
  });

  test('fails (the pod never serves) when the migration Job has failed', async () => {
    const r = await runWaiter({ MODE: 'job' }, [
      {
        status: 200,
        body: {
          kind: 'Job',
          status: {
            conditions: [
              { type: 'FailureTarget', status: 'True' },
              { type: 'Failed', status: 'True' },
            ],
          },
        },
      },
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('has FAILED');
  });

  test('fails loudly when the API refuses the request (RBAC missing)', async () => {
    const r = await runWaiter({ MODE: 'job' }, [{ status: 403, body: { kind: 'Status', reason: 'Forbidden' } }]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Role and RoleBinding');
  });

  test('pods mode waits until the selector matches no pod', async () => {
    const sel = encodeURIComponent('app.kubernetes.io/component=app,open-webui-k8s/migration-job!=x');
    const r = await runWaiter({ MODE: 'pods', OLD_PODS_SELECTOR: sel }, [
      { status: 200, body: { kind: 'PodList', items: [{ metadata: { name: 'old' } }] } },
      { status: 200, body: { kind: 'PodList', metadata: {}, items: [] } },
    ]);
    expect(r.code).toBe(0);
    expect(r.requests).toHaveLength(2);
    // Failed/Succeeded pods (evicted, OOM-killed) linger in the API but do not run: they must not block the migration.
    expect(r.requests[0].url).toBe(
      `/api/v1/namespaces/ns1/pods?labelSelector=${sel}&fieldSelector=status.phase%21%3DFailed%2Cstatus.phase%21%3DSucceeded&limit=1&pretty=false`,
    );
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
      // A stand-in curl on PATH records the URL it is given and answers "Job complete".
      fs.writeFileSync(
        path.join(dir, 'curl'),
        `#!/bin/sh\nfor a in "$@"; do last="$a"; done\necho "$last" >> "${dir}/urls"\nprintf '%s HTTP200' '{"status":{"conditions":[{"type":"Complete","status":"True"}]}}'\n`,
        { mode: 0o755 },
      );
      const r = spawnSync('/bin/sh', ['-c', WAITER_SCRIPT], {
        env: {
          PATH: `${dir}:${process.env.PATH}`,
          WAITER_TOKEN_DIR: dir,
          KUBERNETES_SERVICE_HOST: 'fd00:10:96::1',
          KUBERNETES_SERVICE_PORT: '443',
          MODE: 'job',
          JOB_NAME: 'j',
          POLL_SECONDS: '0.1',
        },
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(r.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'urls'), 'utf8').trim()).toBe(
        'https://[fd00:10:96::1]:443/apis/batch/v1/namespaces/ns1/jobs/j?pretty=false',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('each version has its own waiter Role, so pods of the previous version can still start during a rollout', () => {
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

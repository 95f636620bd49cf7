/**
 * Pod escape hatches: command/args, hostAliases, runtimeClassName, extraContainers and
 * extraInitContainers. Rendered where they belong (the serving pods; native sidecars and the pod
 * settings in the migration Job too), checked like the app container, refused or warned at their
 * values key when they would break the pod, the Service or the NetworkPolicy.
 */
import {
  Any,
  containers,
  errorsOf,
  find,
  ids,
  problemsOf,
  render,
  renderEnv,
  schemaProblems,
  synthProblemsOf,
} from '../support';

const RESOURCES = '    resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 128Mi}}\n';
const sidecar = (name: string, more = '') =>
  `  - name: ${name}\n    image: fluent/fluent-bit:3.1.9\n${RESOURCES}${more}`;
const podOf = (o: Any) => o.spec.template.spec;
const deploymentPod = (objs: Any[]) => podOf(find(objs, 'Deployment'));
const jobPod = (objs: Any[]) => podOf(find(objs, 'Job'));
const problemAt = (yaml: string, id: string) => synthProblemsOf(yaml).filter((p) => p.id === id);
const keysOf = (yaml: string, id: string) => problemAt(yaml, id).map((p) => p.path.join('.'));

describe('command and args', () => {
  it('replace the serving container’s command only, not the migrator’s nor the waiter’s', () => {
    const objs = render(
      "command: [bash, -c, 'exec bash start.sh']\nargs: [--x]\nacknowledgeWarnings: [app-command-override]\n",
    );
    const pod = deploymentPod(objs);
    expect(pod.containers[0]).toMatchObject({ command: ['bash', '-c', 'exec bash start.sh'], args: ['--x'] });
    const waiter = pod.initContainers.find((c: Any) => c.name === 'wait-for-migration');
    expect(waiter.command[0]).toBe('python');
    expect(waiter.args).toBeUndefined();
    const migrator = containers(find(objs, 'Job'))[0];
    expect(migrator.command[0]).toBe('python');
    expect(migrator.args).toBeUndefined();
  });

  it('are absent by default (the image runs bash start.sh)', () => {
    const app = deploymentPod(render()).containers[0];
    expect(app.command).toBeUndefined();
    expect(app.args).toBeUndefined();
  });

  it('warn at the key they are set by (start.sh sets the port, workers and forwarded-IP trust)', () => {
    const [w] = problemAt('args: [--help]\n', 'app-command-override');
    expect(w).toMatchObject({ severity: 'warning', path: ['args'] });
    expect(w.message).toContain('bash start.sh');
    expect(keysOf('command: [sleep, "1"]\n', 'app-command-override')).toEqual(['command']);
    expect(keysOf('', 'app-command-override')).toEqual([]);
  });
});

describe('hostAliases and runtimeClassName', () => {
  const yaml = 'runtimeClassName: gvisor\nhostAliases:\n  - ip: 10.1.2.3\n    hostnames: [db.corp.internal, db]\n';

  it('apply to every Open WebUI pod: the app and the migration Job', () => {
    const objs = render(yaml);
    for (const pod of [deploymentPod(objs), jobPod(objs)]) {
      expect(pod.runtimeClassName).toBe('gvisor');
      expect(pod.hostAliases).toEqual([{ ip: '10.1.2.3', hostnames: ['db.corp.internal', 'db'] }]);
    }
    for (const o of objs) expect(schemaProblems(o)).toEqual([]);
  });

  it('are absent by default', () => {
    const pod = deploymentPod(render());
    expect(pod.runtimeClassName).toBeUndefined();
    expect(pod.hostAliases).toBeUndefined();
  });

  it('refuse an address that is not an IP and a host name that is not one', () => {
    expect(errorsOf('hostAliases:\n  - ip: 10.1.2.300\n    hostnames: [a]\n').map((p) => p.path.join('.'))).toEqual([
      'hostAliases.0.ip',
    ]);
    expect(
      errorsOf('hostAliases:\n  - ip: 10.1.2.3\n    hostnames: [Not_A_Host]\n').map((p) => p.path.join('.')),
    ).toEqual(['hostAliases.0.hostnames.0']);
    expect(errorsOf('hostAliases:\n  - ip: fd00::5\n    hostnames: []\n').map((p) => p.path.join('.'))).toEqual([
      'hostAliases.0.hostnames',
    ]);
    expect(errorsOf('runtimeClassName: Gvisor\n').map((p) => p.path.join('.'))).toEqual(['runtimeClassName']);
  });

  it('narrow the egress of an aliased service URL to its address', () => {
    const egress = (y: string) => (find(render(y), 'NetworkPolicy', 'open-webui') as Any).spec.egress;
    const tika = (host: string) =>
      `openwebui:\n  contentExtraction:\n    engine: tika\n    tikaServerUrl: http://${host}:9998\n`;
    // Without the alias a *.svc name means that namespace's pods; with it, the one address the pods resolve.
    expect(egress(tika('tika.tika.svc'))).toContainEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tika' } } }],
      ports: [{ port: 9998, protocol: 'TCP' }],
    });
    const aliased = egress(`${tika('tika.tika.svc')}hostAliases:\n  - ip: 10.1.2.3\n    hostnames: [tika.tika.svc]\n`);
    expect(aliased).toContainEqual({
      to: [{ ipBlock: { cidr: '10.1.2.3/32' } }],
      ports: [{ port: 9998, protocol: 'TCP' }],
    });
    expect(JSON.stringify(aliased)).not.toContain('"tika"');
    const v6 = egress(`${tika('tika.corp')}hostAliases:\n  - ip: fd00::5\n    hostnames: [tika.corp]\n`);
    expect(v6).toContainEqual({ to: [{ ipBlock: { cidr: 'fd00::5/128' } }], ports: [{ port: 9998, protocol: 'TCP' }] });
  });
});

describe('extraContainers (sidecars)', () => {
  it('run after the Open WebUI container, with the hardened security context merged under theirs', () => {
    const pod = deploymentPod(
      render(`extraContainers:\n${sidecar('log-shipper', '    securityContext: {readOnlyRootFilesystem: true}\n')}`),
    );
    expect(pod.containers.map((c: Any) => c.name)).toEqual(['open-webui', 'log-shipper']);
    expect(pod.containers[1].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
      readOnlyRootFilesystem: true,
    });
    expect(pod.containers[1].resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { memory: '128Mi' },
    });
  });

  it('are not in the migration Job (a sidecar would keep it from completing)', () => {
    const objs = render(`extraContainers:\n${sidecar('log-shipper')}`);
    expect(containers(find(objs, 'Job')).map((c: Any) => c.name)).toEqual(['open-webui']);
  });

  it('keep every field, typed ones included (probe ports, resources)', () => {
    const c = deploymentPod(
      render(
        `extraContainers:\n${sidecar(
          'proxy',
          '    readinessProbe: {httpGet: {path: /ready, port: 4180}}\n    livenessProbe: {grpc: {port: 9000}}\n    env: [{name: MEM, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}]\n',
        )}`,
      ),
    ).containers[1];
    expect(c.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 4180 } });
    expect(c.livenessProbe).toEqual({ grpc: { port: 9000 } });
    expect(c.env).toEqual([
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
    ]);
  });

  it('are checked like the app container, at their values key', () => {
    const noResources = 'extraContainers:\n  - name: s\n    image: busybox:1.36\n';
    // (BASE gives the app container no resources either: only the sidecar's keys are looked at.)
    expect(keysOf(noResources, 'container-resources').filter((k) => k.startsWith('extra'))).toEqual([
      // one problem at the resources key when none of its quantities is set
      'extraContainers.0.resources',
    ]);
    expect(
      keysOf(`extraContainers:\n  - name: s\n    image: busybox:latest\n${RESOURCES}`, 'container-image-pinned'),
    ).toEqual(['extraContainers.0.image']);
    // One problem per key: Pod Security "baseline" and the policy both refuse it, reported once.
    const privileged = synthProblemsOf(
      `extraContainers:\n${sidecar('s', '    securityContext: {privileged: true}\n')}`,
    ).filter((p) => p.path.join('.') === 'extraContainers.0.securityContext.privileged');
    expect(privileged).toHaveLength(1);
    expect(privileged[0].message).toContain('[container-not-privileged]');
    expect(
      keysOf(
        `extraContainers:\n${sidecar('s', '    securityContext: {allowPrivilegeEscalation: true}\n')}`,
        'container-no-privilege-escalation',
      ),
    ).toEqual(['extraContainers.0.securityContext.allowPrivilegeEscalation']);
    expect(
      keysOf(`extraContainers:\n${sidecar('s', '    imagePullPolicy: Sometimes\n')}`, 'passthrough-schema'),
    ).toEqual(['extraContainers.0.imagePullPolicy']);
    expect(keysOf(`extraContainers:\n${sidecar('s', '    cmd: [x]\n')}`, 'passthrough-schema')).toEqual([
      'extraContainers.0.cmd',
    ]);
  });

  it('refuse a name the chart uses, or one used twice', () => {
    expect(keysOf(`extraContainers:\n${sidecar('open-webui')}`, 'extra-containers-valid')).toEqual([
      'extraContainers.0.name',
    ]);
    expect(keysOf(`extraContainers:\n${sidecar('wait-for-migration')}`, 'extra-containers-valid')).toEqual([
      'extraContainers.0.name',
    ]);
    expect(
      keysOf(`extraInitContainers:\n${sidecar('x')}extraContainers:\n${sidecar('x')}`, 'extra-containers-valid'),
    ).toEqual(['extraContainers.0.name']);
  });

  it('refuse the app port, a port two containers listen on, and a second port named http', () => {
    const port = (p: string) => `    ports: [${p}]\n`;
    const [clash] = problemAt(
      `extraContainers:\n${sidecar('s', port('{containerPort: 8080}'))}`,
      'extra-containers-valid',
    );
    expect(clash.path.join('.')).toBe('extraContainers.0.ports.0.containerPort');
    expect(clash.message).toContain('the Open WebUI container (open-webui) already listens on');
    expect(
      keysOf(
        `extraContainers:\n${sidecar('a', port('{containerPort: 9000}'))}${sidecar('b', port('{containerPort: 9000}'))}`,
        'extra-containers-valid',
      ),
    ).toEqual(['extraContainers.1.ports.0.containerPort']);
    // UDP and TCP on one number do not clash.
    expect(
      keysOf(
        `extraContainers:\n${sidecar('a', port('{containerPort: 9000}'))}${sidecar('b', port('{containerPort: 9000, protocol: UDP}'))}`,
        'extra-containers-valid',
      ),
    ).toEqual([]);
    expect(
      keysOf(`extraContainers:\n${sidecar('s', port('{containerPort: 9000, name: http}'))}`, 'extra-containers-valid'),
    ).toEqual(['extraContainers.0.ports.0.name']);
  });

  it('refuse restartPolicy (only init containers take it)', () => {
    expect(
      keysOf(`extraContainers:\n${sidecar('s', '    restartPolicy: Always\n')}`, 'extra-containers-valid'),
    ).toEqual(['extraContainers.0.restartPolicy']);
  });

  it('warn that their ports are reachable from inside the pod only', () => {
    const [w] = problemAt(
      `extraContainers:\n${sidecar('oauth2-proxy', '    ports: [{containerPort: 4180}]\n')}`,
      'extra-container-ports',
    );
    expect(w).toMatchObject({ severity: 'warning', path: ['extraContainers', 0, 'ports'] });
    expect(w.message).toMatch(/auth proxy\) would be bypassed/);
    expect(keysOf(`extraContainers:\n${sidecar('s')}`, 'extra-container-ports')).toEqual([]);
  });
});

describe('extraInitContainers', () => {
  const init = (name: string, more = '') => `extraInitContainers:\n${sidecar(name, more)}`;

  it('run before the chart’s wait-for-migration, in the serving pods only', () => {
    const objs = render(init('copy-plugins'));
    expect(deploymentPod(objs).initContainers.map((c: Any) => c.name)).toEqual(['copy-plugins', 'wait-for-migration']);
    expect(jobPod(objs).initContainers.map((c: Any) => c.name)).toEqual(['wait-for-old-pods']);
  });

  it('a native sidecar (restartPolicy: Always) runs in the migration Job too, first', () => {
    const plain = render();
    const objs = render(
      `${init('db-proxy', '    restartPolicy: Always\n')}acknowledgeWarnings: [native-sidecar-kubernetes-version]\n`,
    );
    expect(deploymentPod(objs).initContainers.map((c: Any) => c.name)).toEqual(['db-proxy', 'wait-for-migration']);
    expect(jobPod(objs).initContainers.map((c: Any) => c.name)).toEqual(['db-proxy', 'wait-for-old-pods']);
    // A new Job spec is a new Job (its name carries the spec's hash).
    expect(find(objs, 'Job').metadata.name).not.toBe(find(plain, 'Job').metadata.name);
    const rolling = render(
      `${init('db-proxy', '    restartPolicy: Always\n')}upgrade:\n  strategy: rollingUpdate\ndatabase:\n  maxConnections: 200\nacknowledgeWarnings: [native-sidecar-kubernetes-version]\n`,
    );
    expect(jobPod(rolling).initContainers.map((c: Any) => c.name)).toEqual(['db-proxy']);
    expect(
      problemAt(init('db-proxy', '    restartPolicy: Always\n'), 'native-sidecar-kubernetes-version').map((p) =>
        p.path.join('.'),
      ),
    ).toEqual(['extraInitContainers.0.restartPolicy']);
  });

  it('refuse restartPolicy other than Always, and probes or hooks on one that runs to completion', () => {
    expect(keysOf(init('i', '    restartPolicy: OnFailure\n'), 'extra-containers-valid')).toEqual([
      'extraInitContainers.0.restartPolicy',
    ]);
    expect(keysOf(init('i', '    readinessProbe: {exec: {command: [true]}}\n'), 'extra-containers-valid')).toEqual([
      'extraInitContainers.0.readinessProbe',
    ]);
    expect(
      keysOf(
        `${init('i', '    restartPolicy: Always\n    readinessProbe: {exec: {command: [true]}}\n')}acknowledgeWarnings: [native-sidecar-kubernetes-version]\n`,
        'extra-containers-valid',
      ),
    ).toEqual([]);
  });

  it('a plain init container may reuse the app port (it has exited before the app starts)', () => {
    expect(keysOf(init('i', '    ports: [{containerPort: 8080}]\n'), 'extra-containers-valid')).toEqual([]);
    expect(
      keysOf(
        `${init('i', '    restartPolicy: Always\n    ports: [{containerPort: 8080}]\n')}acknowledgeWarnings: [native-sidecar-kubernetes-version]\n`,
        'extra-containers-valid',
      ),
    ).toEqual(['extraInitContainers.0.ports.0.containerPort']);
  });

  it('are checked like the app container, in the Job too', () => {
    expect(
      keysOf(
        'extraInitContainers:\n  - name: p\n    image: proxy:latest\n    restartPolicy: Always\n    resources: {requests: {cpu: 1m, memory: 1Mi}, limits: {memory: 2Mi}}\n',
        'container-image-pinned',
      ),
    ).toEqual(['extraInitContainers.0.image']);
  });
});

describe('passthrough objects keep their typed fields', () => {
  it('an extra egress rule keeps its port (it would allow every port without it)', () => {
    const egress = (
      find(
        render(
          'networkPolicy:\n  egress:\n    extra:\n      - to: [{ipBlock: {cidr: 10.9.0.0/16}}]\n        ports: [{port: 5432, protocol: TCP}, {port: dns}]\n',
        ),
        'NetworkPolicy',
        'open-webui',
      ) as Any
    ).spec.egress;
    expect(egress).toContainEqual({
      to: [{ ipBlock: { cidr: '10.9.0.0/16' } }],
      ports: [{ port: 5432, protocol: 'TCP' }, { port: 'dns' }],
    });
  });

  it('an extra emptyDir volume keeps its size limit', () => {
    const pod = deploymentPod(
      render(
        'extraVolumes:\n  - name: scratch\n    emptyDir: {sizeLimit: 1Gi}\nextraVolumeMounts:\n  - name: scratch\n    mountPath: /scratch\n',
      ),
    );
    expect(pod.volumes).toContainEqual({ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } });
  });

  it('in a shipped environment too', () => {
    const pod = deploymentPod(
      renderEnv(
        'aws',
        'extraContainers:\n  - name: s\n    image: busybox:1.36\n    resources: {requests: {cpu: 0.1, memory: 64Mi}, limits: {memory: 128Mi}}\n',
      ),
    );
    expect(pod.containers[1].resources.requests.cpu).toBe(0.1);
    expect(ids(problemsOf(''))).not.toContain('passthrough-schema');
  });
});

/**
 * The plan of one environment: what it deploys, in the numbers a reviewer checks (replicas,
 * resources and fleet totals, storage, ingress, Redis, database and its connection budget,
 * upgrade strategy, multi-replica checklist, monthly cost), as Markdown for a PR comment.
 * Everything is read from the validated values, the process model, the rules and the rendered
 * objects: nothing here decides anything the chart or the rules do not.
 */
import { renderObjects } from '../synth/render';
import { K8sObject } from '../manifests';
import { ResolvedEnvironment } from '../pipeline';
import { Credential, GatewayRef, processModel, ReleaseModel, RouteModel } from '../model';
import { Values } from '../values/schema';
import { multiReplicaChecklist, recommendations, STATUS_ICON, workloads } from './checklist';
import { formatBytes, formatCpu, GIB, parseQuantity } from '../k8s';
import { formatPath } from '../errors';

export interface CostEstimate {
  readonly currency: string;
  readonly perPodMonth: number;
  readonly minMonth: number;
  readonly maxMonth: number;
}

/** Monthly cost of the fleet at its lowest and highest replica count, billed on requests; undefined without unit prices. */
export function costEstimate(v: Values): CostEstimate | undefined {
  const { cpuHour, memoryGbHour, currency, hoursPerMonth } = v.cost;
  if (cpuHour === undefined && memoryGbHour === undefined) return undefined;
  const cores = parseQuantity(v.resources.requests.cpu) ?? 0;
  const gib = (parseQuantity(v.resources.requests.memory) ?? 0) / GIB;
  const perPodMonth = (cores * (cpuHour ?? 0) + gib * (memoryGbHour ?? 0)) * hoursPerMonth;
  const { minPods, maxPods } = processModel(v);
  return { currency, perPodMonth, minMonth: perPodMonth * minPods, maxMonth: perPodMonth * maxPods };
}

const money = (n: number, currency: string) => `${n.toFixed(2)} ${currency}`;
const code = (s: string | number) => `\`${s}\``;

function resourcesTable(v: Values, minPods: number, maxPods: number): string[] {
  const rows: string[] = ['| Resource | Per pod | Fleet at min | Fleet at max |', '|---|---|---|---|'];
  const kinds = [
    ['CPU request', v.resources.requests.cpu, formatCpu],
    ['Memory request', v.resources.requests.memory, formatBytes],
    ['CPU limit', v.resources.limits.cpu, formatCpu],
    ['Memory limit', v.resources.limits.memory, formatBytes],
  ] as const;
  for (const [label, raw, fmt] of kinds) {
    const n = parseQuantity(raw);
    rows.push(
      n === undefined
        ? `| ${label} | none | — | — |`
        : `| ${label} | ${code(raw as string | number)} | ${fmt(n * minPods)} | ${fmt(n * maxPods)} |`,
    );
  }
  return rows;
}

const gateway = (g: GatewayRef) =>
  `Gateway ${code(`${g.namespace}/${g.name}`)}${g.sectionName ? ` (listener ${code(g.sectionName)})` : ''}`;

/** How long a request may take on the way in through the route, and which object says so. */
function routeTimeouts(r: RouteModel): string {
  if (r.timeouts)
    return `request ${r.timeouts.request}, backend request ${r.timeouts.backendRequest} (HTTPRoute rules[].timeouts)`;
  for (const o of r.persistence.objects) {
    if (o.kind === 'GCPBackendPolicy')
      return `${o.props.timeoutSeconds}s backend service timeout (GCPBackendPolicy ${code(o.props.metadata.name)}; also the longest a websocket stays open)`;
    if (o.kind === 'LoadBalancerConfiguration')
      return `ALB idle timeout ${o.props.idleTimeoutSeconds ?? 3600}s (LoadBalancerConfiguration ${code(o.props.metadata.name)}, for the Gateway's infrastructure.parametersRef)`;
  }
  return "the ALB idle timeout of the Gateway's own LoadBalancerConfiguration (none rendered here: route.aws.loadBalancerConfiguration is false; the ALB default of 60 s cuts quiet websockets)";
}

/** The Gateway API way in: the route, its implementation, how affinity is achieved, the timeouts, what the cluster needs. */
export function routeLines(m: ReleaseModel): string[] {
  const r = m.route;
  if (!r) return ['- **Route:** none'];
  const urls = r.origins.join(', ') || m.values.route.hostnames.join(', ') || '(every host the listener accepts)';
  return [
    `- **Route:** ${urls} via HTTPRoute ${code(r.name)} on ${r.gateways.map(gateway).join(', ')}; implementation ${code(r.implementation)}`,
    ...(r.redirectGateways
      ? [
          `- **HTTP to HTTPS:** HTTPRoute ${code(`${r.name}-https-redirect`)} redirects on ${r.redirectGateways.map(gateway).join(', ')}`,
        ]
      : []),
    `- **Route session affinity:** ${r.persistence.affinity}`,
    `- **Route timeouts:** ${routeTimeouts(r)}`,
    ...(r.persistence.requires.length ? [`- **The cluster needs:** ${r.persistence.requires.join('; ')}`] : []),
    `- **Gateway data plane admitted by the NetworkPolicy:** ${
      !m.values.networkPolicy.enabled
        ? 'no NetworkPolicy'
        : !m.values.networkPolicy.ingress.gateway.enabled
          ? 'off (networkPolicy.ingress.gateway.enabled: false)'
          : r.peers.length
            ? r.peers
                .map((p) =>
                  'ipBlock' in p
                    ? code(p.ipBlock.cidr)
                    : [
                        p.namespaceSelector ? `namespace ${code(JSON.stringify(p.namespaceSelector.matchLabels))}` : '',
                        p.podSelector ? `pods ${code(JSON.stringify(p.podSelector.matchLabels))}` : '',
                      ]
                        .filter(Boolean)
                        .join(', '),
                )
                .join('; ')
            : `none (${r.dataPlane.where})`
    }`,
  ];
}

/** Markdown for one environment. */
export function planEnvironment(env: ResolvedEnvironment, objects: K8sObject[] = renderObjects(env)): string {
  const v = env.values;
  const m = env.model;
  const n = m.names;
  const p = m.processes;
  const out: string[] = [
    `## Environment \`${env.name}\``,
    '',
    `From ${env.files.map((f) => code(f)).join(' + ')}; namespace ${code(v.namespace.name)}, release ${code(v.releaseName)}.`,
    '',
  ];

  // Workload
  const replicas = v.autoscaling.enabled
    ? `${p.minPods}–${p.maxPods} (HorizontalPodAutoscaler: CPU ${v.autoscaling.targetCPUUtilizationPercentage}%${v.autoscaling.targetMemoryUtilizationPercentage ? `, memory ${v.autoscaling.targetMemoryUtilizationPercentage}%` : ''} of requests)`
    : `${v.replicaCount} (fixed)`;
  out.push(
    '### Workload',
    '',
    `- **Image:** ${code(m.pod.image)} (version ${code(v.image.tag)}, pull ${v.image.pullPolicy})`,
    `- **Replicas:** ${replicas}; ${p.workers} worker${p.workers === 1 ? '' : 's'} per pod`,
    `- **Disruption budget:** ${v.podDisruptionBudget.enabled ? `minAvailable ${v.podDisruptionBudget.minAvailable}` : 'none'}`,
    `- **Scheduling:** topology spread ${v.topologySpread.enabled ? `over nodes and zones (${v.topologySpread.whenUnsatisfiable}, maxSkew ${v.topologySpread.maxSkew})` : 'off'}` +
      `${Object.keys(v.nodeSelector).length ? `; nodeSelector ${code(JSON.stringify(v.nodeSelector))}` : ''}${Object.keys(v.affinity).length ? '; custom affinity' : ''}${v.tolerations.length ? `; ${v.tolerations.length} toleration(s)` : ''}` +
      `${v.priorityClassName ? `; priority class ${code(v.priorityClassName)}` : ''}${v.runtimeClassName ? `; runtime class ${code(v.runtimeClassName)}` : ''}${v.hostAliases.length ? `; ${v.hostAliases.length} host alias(es)` : ''}`,
  );
  // Escape hatches: what runs in the pods besides Open WebUI, and a replaced command.
  const containerList = (items: readonly { item: Record<string, unknown> }[]) =>
    items
      .map(
        ({ item: c }) =>
          `${code(String(c.name))} (${code(String(c.image))}${c.restartPolicy === 'Always' ? ', native sidecar' : ''})`,
      )
      .join(', ');
  if (m.pod.initContainers.length)
    out.push(`- **Init containers (before wait-for-migration):** ${containerList(m.pod.initContainers)}`);
  if (m.pod.sidecars.length) out.push(`- **Sidecars:** ${containerList(m.pod.sidecars)}`);
  if (v.command.length || v.args.length)
    out.push(
      `- **Command:** ${code(JSON.stringify([...v.command, ...v.args]))} replaces the image's \`bash start.sh\``,
    );
  out.push('', ...resourcesTable(v, p.minPods, p.maxPods), '');

  // Storage
  const pvc = v.persistence.existingClaim
    ? `existing claim ${code(v.persistence.existingClaim)}`
    : `claim ${code(n.objectName('data'))} of ${v.persistence.size}`;
  out.push(
    '### Storage',
    '',
    `- **Data volume** (/app/backend/data): ${v.persistence.enabled ? `${pvc}, ${v.persistence.accessModes.join(', ')}, storage class ${v.persistence.storageClass ? code(v.persistence.storageClass) : 'cluster default'}` : 'emptyDir (not persisted)'}`,
    `- **Uploaded files:** ${v.storage.provider === 'local' ? 'on the data volume' : `object storage (${v.storage.provider})`}`,
    '',
  );

  // Network
  const ing = v.ingress;
  const affinity = !ing.sessionAffinity.enabled
    ? 'off'
    : ing.controller === 'alb'
      ? `ALB lb_cookie, ${ing.sessionAffinity.maxAgeSeconds}s`
      : ing.controller === 'gce'
        ? `GKE generated cookie (GCLB), ${ing.sessionAffinity.maxAgeSeconds}s`
        : `cookie ${code(ing.sessionAffinity.cookieName)}, ${ing.sessionAffinity.maxAgeSeconds}s`;
  const svc = v.service;
  out.push(
    '### Network',
    '',
    `- **Service:** ${svc.type} port ${svc.port}${svc.nodePort !== undefined ? `, node port ${svc.nodePort}` : ''}${svc.loadBalancerClass ? `, class ${code(svc.loadBalancerClass)}` : ''}${svc.appProtocol ? `, appProtocol ${code(svc.appProtocol)}` : ''}`,
  );
  // What users type, and what the load balancer serves (the backend addresses): they differ behind a proxy.
  const pub = m.publicUrl;
  out.push(
    `- **Public URL:** ${pub ? `${code(pub.url)} (${pub.derived ? `the first backend address, ${code(formatPath(pub.key))}` : code('publicUrl')}; WEBUI_URL${pub.https ? ', Secure cookies' : ', cookies not Secure (http)'})` : 'none (WEBUI_URL unset)'}`,
  );
  if (ing.enabled) {
    const hosts =
      m.addresses
        .filter((a) => a.key[0] === 'ingress')
        .map((a) => a.origin ?? a.host)
        .join(', ') || '(any host)';
    out.push(
      `- **Ingress:** ${hosts} via ${ing.controller}${ing.controller === 'alb' ? ` (${ing.alb.scheme}, ${ing.alb.protocol} ${ing.alb.listenPort})` : ''}${ing.controller === 'gce' ? ` (${ing.gce.internal ? 'internal' : 'external'} Application Load Balancer, BackendConfig ${code(n.fullname)}, timeout ${ing.gce.timeoutSeconds}s)` : ''}${ing.className ? `, class ${code(ing.className)}` : ''}`,
      `- **Session affinity:** ${affinity}`,
    );
  } else out.push('- **Ingress:** none');
  out.push(...routeLines(m));
  out.push(
    `- **CORS origins:** ${m.origins.length ? m.origins.map(code).join(', ') : 'none (Open WebUI\'s default "*")'}`,
    '',
  );

  // Sign-in and model connections
  const si = m.signIn;
  const methods = [
    ...si.oauth.map((p) => `${p.label}, redirect URI ${p.redirectUri ? code(p.redirectUri) : '(none: no public URL)'}`),
    ...(si.trustedHeader
      ? [
          `trusted headers (${Object.values(si.trustedHeader.headers)
            .filter(Boolean)
            .map((h) => code(h as string))
            .join(', ')}) from the proxy alone (the app NetworkPolicy admits nothing else)`,
        ]
      : []),
    ...(si.loginForm ? ["Open WebUI's login form"] : []),
  ];
  const keyOf = (c?: Credential) =>
    c ? `key from ${c.inAppSecret ? 'the app Secret' : `Secret ${code(c.ref.name)}`} (${code(c.ref.key)})` : 'no key';
  const conn = m.connections;
  out.push(
    '### Sign-in and model connections',
    '',
    `- **Sign-in:** ${methods.join('; ')}${si.oauth.length ? `; signup ${v.sso.enableSignup ? 'on' : 'off'}, merge by email ${v.sso.mergeAccountsByEmail ? 'on' : 'off'}${v.sso.allowedDomains.length ? `, domains ${v.sso.allowedDomains.map(code).join(', ')}` : ''}${v.sso.enableRoleManagement ? ', roles from the token' : ''}${v.sso.enableGroupManagement ? ', groups from the token' : ''}` : ''}`,
    `- **OpenAI-compatible connections:** ${conn.openai.length ? conn.openai.map((c) => `${code(c.baseUrl)} (${keyOf(c.apiKey)})`).join(', ') : 'none (ENABLE_OPENAI_API=False)'}`,
    `- **Ollama:** ${conn.ollama.length ? conn.ollama.map((c) => code(c.baseUrl)).join(', ') : 'none (ENABLE_OLLAMA_API=False)'}`,
    '',
  );

  // Data services
  const s = v.secrets;
  const secret =
    s.source === 'existingSecret'
      ? `existing Secret ${code(m.credentials.appSecretName)}`
      : s.source === 'externalSecret'
        ? `Secret ${code(m.credentials.appSecretName)} materialised by an ExternalSecret from ${s.externalSecret.storeRef.kind} ${code(s.externalSecret.storeRef.name ?? '?')}${s.externalSecret.remoteKey ? ` (remote key ${code(s.externalSecret.remoteKey)})` : ''}`
        : `inline development Secret ${code(m.credentials.appSecretName)}`;
  const r = v.redis;
  const rb = m.redis;
  const secretOf = (c: Credential) => (c.inAppSecret ? 'the app Secret' : code(c.ref.name));
  const redisWhere =
    rb.kind === 'none'
      ? 'off'
      : rb.kind === 'in-cluster'
        ? `in-cluster StatefulSet (${code(`${r.internal.image.repository}:${r.internal.image.tag}`)}), ${rb.password ? 'password from a Secret, URL composed in-cluster' : 'no password'}`
        : `external${r.external.tls.enabled ? ' with TLS (rediss://)' : ''}${rb.sentinel ? `, Sentinel ${rb.sentinel.hosts.map(code).join(', ')}` : ''}${rb.kind === 'cluster' ? ', cluster mode' : ''}, ${code(rb.url.ref.key)} from ${secretOf(rb.url)}`;
  const db = m.database;
  const database =
    db.kind === 'sqlite'
      ? 'SQLite on the data volume (one process only)'
      : `PostgreSQL${db.kind === 'development' ? ' in-cluster (development only, pgvector)' : `, ${code(db.url.ref.key)} from ${secretOf(db.url)}`}; pool ${v.database.pool.size} + overflow ${v.database.pool.maxOverflow} per process`;
  // Each credential and where it is read from: what the app Secret (inline or materialised) holds vs Secrets of their own.
  const where = (c: Credential) =>
    c.inAppSecret
      ? `app Secret${s.source === 'externalSecret' ? ' (materialised by the ExternalSecret)' : s.source === 'inline' ? ' (inline, development)' : ''}`
      : `Secret ${code(c.ref.name)}${c.entry ? ` (${code(formatPath(c.secretFrom))})` : ''}`;
  out.push(
    '### Data services',
    '',
    `- **Secrets:** ${secret}`,
    `- **Credentials:** ${m.credentials.all.map((c) => `${code(c.id)} ← ${where(c)} key ${code(c.ref.key)}`).join('; ')}`,
    `- **Database:** ${database}`,
    `- **Redis:** ${rb.kind === 'none' ? 'off' : `${redisWhere}, key prefix ${code(r.keyPrefix)}; websockets ${v.openwebui.websocket.enabled ? `on (${v.openwebui.websocket.manager} manager)` : 'off'}`}`,
    `- **Vector database:** ${v.vectorDb.type}${v.vectorDb.type === 'pgvector' ? (v.vectorDb.pgvector.separateUrl ? ' (PGVECTOR_DB_URL)' : ' (in the app database)') : ''}`,
    '',
  );

  // Connection budget
  if (m.database.kind !== 'sqlite') {
    const b = m.budget;
    const headroom = b.maxConnections - b.worstCase;
    out.push(
      '### Database connection budget',
      '',
      `Worst case **${b.worstCase}** of max_connections **${b.maxConnections}** (${Math.round((b.worstCase / b.maxConnections) * 100)}%, ${headroom >= 0 ? `${headroom} to spare` : `${-headroom} over`}): ` +
        `${b.perProcess} per process (pool ${v.database.pool.size} + overflow ${v.database.pool.maxOverflow}${b.vectorPool ? `, plus pgvector pool ${v.vectorDb.pgvector.pool.size} + overflow ${v.vectorDb.pgvector.pool.maxOverflow}` : ''}) x ${b.servingProcesses} serving process${b.servingProcesses === 1 ? '' : 'es'}` +
        `${b.surgePods ? ` (incl. ${b.surgePods} surge pod(s) of a rolling update)` : ''} + ${b.migrator} migrator + ${b.reserved} reserved.`,
      '',
    );
  }

  // Upgrades
  const { deployment, migrationJobs } = workloads(objects);
  const strategy = (
    deployment?.spec as
      { strategy?: { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } } } | undefined
  )?.strategy;
  const u = v.upgrade;
  const rollout =
    u.strategy === 'recreate'
      ? 'Recreate: every old pod stops, the migration Job for this version runs once, then the new pods start (a short full outage; README "Upgrades")'
      : `⚠️ RollingUpdate (maxSurge ${String(u.rollingUpdate.maxSurge)}, maxUnavailable ${String(u.rollingUpdate.maxUnavailable)}): old and new versions serve together against one database; only for releases known to be additive`;
  out.push(
    '### Migrations and upgrades',
    '',
    `- **Rollout:** ${deployment ? rollout : 'no app Deployment rendered'}${strategy?.type && strategy.type !== (u.strategy === 'recreate' ? 'Recreate' : 'RollingUpdate') ? ` (rendered: ${strategy.type})` : ''}`,
    `- **Migrations:** ${migrationJobs.length ? migrationJobs.map((j) => `Job ${code(j.metadata.name)}`).join(', ') : 'no migration Job rendered; serving pods never migrate (ENABLE_DB_MIGRATIONS=False)'}`,
    `- **Migration Job limits:** ${u.migration.backoffLimit} retr${u.migration.backoffLimit === 1 ? 'y' : 'ies'}, ${u.migration.activeDeadlineSeconds} s deadline, waits up to ${u.migration.databaseWaitSeconds} s for the database`,
    '',
  );

  // Checklist
  out.push(
    '### Multi-replica checklist',
    '',
    p.multi
      ? `More than one process runs (${p.reason}).`
      : 'One Open WebUI process: the multi-replica requirements do not apply.',
    '',
  );
  out.push('| # | Requirement | Status | Detail |', '|---|---|---|---|');
  for (const [i, item] of multiReplicaChecklist(v, objects).entries())
    out.push(`| ${i + 1} | ${item.title} | ${STATUS_ICON[item.status]} | ${item.detail.replace(/\|/g, '\\|')} |`);
  // Every warning rule (recommended settings at scale and cautions): "no warning" when it has nothing to say.
  out.push(
    '',
    '<details><summary>Warnings (recommended settings and cautions)</summary>',
    '',
    '| Rule | Status | Detail |',
    '|---|---|---|',
  );
  for (const item of recommendations(v)) {
    const status = item.status === 'met' ? '✅ no warning' : STATUS_ICON[item.status];
    out.push(`| ${code(item.id)} | ${status} | ${item.detail.replace(/\|/g, '\\|')} |`);
  }
  out.push('', '</details>', '');

  // Extra objects
  if (m.extraObjects.length)
    out.push(
      '### Extra objects (extraObjects)',
      '',
      ...m.extraObjects.map(
        (e) =>
          `- ${e.object.kind} ${code(e.object.metadata.name)}${e.object.metadata.namespace ? ` in ${code(e.object.metadata.namespace)}` : ' (cluster-scoped)'}`,
      ),
      '',
    );

  // Cost
  const cost = costEstimate(v);
  out.push('### Monthly cost estimate', '');
  if (cost) {
    out.push(
      `${money(cost.minMonth, cost.currency)} at ${p.minPods} pod${p.minPods === 1 ? '' : 's'} – ${money(cost.maxMonth, cost.currency)} at ${p.maxPods} pod${p.maxPods === 1 ? '' : 's'} ` +
        `(${money(cost.perPodMonth, cost.currency)} per pod: requests x ${v.cost.cpuHour ?? 0}/vCPU-hour + ${v.cost.memoryGbHour ?? 0}/GiB-hour x ${v.cost.hoursPerMonth} hours; app pods only${m.pod.sidecars.length ? ', Open WebUI container only: the sidecars are not counted' : ''}).`,
    );
  } else out.push('No unit prices: set `cost.cpuHour` and `cost.memoryGbHour` to see one.');
  out.push('');
  return out.join('\n');
}

/** The whole report. */
export function renderPlan(envs: readonly ResolvedEnvironment[]): string {
  return `# open-webui-k8s plan\n\n${envs.map((e) => planEnvironment(e)).join('\n')}`.trimEnd() + '\n';
}

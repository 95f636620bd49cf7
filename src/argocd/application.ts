/**
 * dist/argocd/: one Argo CD Application per environment (those with `argocd.enabled`) and the
 * AppProject(s) they belong to, rendered from each environment's `argocd` values.
 *
 * The AppProject allows exactly what the environments render: their repositories, their
 * destinations, the namespaced kinds in their dist/<env>/ and, as cluster-scoped kinds, only
 * the ones they render (the Namespace). Applications sync dist/<env>/ with sync waves
 * (src/argocd/sync-waves.ts), prune last (old migration Jobs go after the new version is
 * healthy) and leave the HPA's replica count alone.
 */
import { UsageError } from '../errors';
import { fileNameOf, K8sObject, toYaml } from '../manifests';
import { MANAGED_BY } from '../model';
import { ResolvedEnvironment } from '../pipeline';

/** The directory under dist/ that holds the Argo CD objects; no environment may have this name. */
export const ARGOCD_DIR = 'argocd';
export const ARGO_API_VERSION = 'argoproj.io/v1alpha1';

export interface RenderedEnvironment {
  readonly env: ResolvedEnvironment;
  readonly objects: readonly K8sObject[];
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');
const uniqSorted = <T>(xs: T[], key: (x: T) => string) =>
  [...new Map(xs.map((x) => [key(x), x])).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, x]) => x);

const argoLabels = (component: string) => ({
  'app.kubernetes.io/name': 'open-webui',
  'app.kubernetes.io/component': component,
  'app.kubernetes.io/managed-by': MANAGED_BY,
});

export function applicationName(env: ResolvedEnvironment): string {
  return env.values.argocd.applicationName ?? `${env.model.names.fullname}-${env.name}`;
}

/** One Application for one environment. */
export function renderApplication(r: RenderedEnvironment): K8sObject {
  const v = r.env.values;
  const a = v.argocd;
  const names = r.env.model.names;
  const syncPolicy: Record<string, unknown> = {
    ...(a.automated.enabled ? { automated: { prune: a.automated.prune, selfHeal: a.automated.selfHeal } } : {}),
    syncOptions: ['PruneLast=true'],
  };
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'Application',
    metadata: {
      name: applicationName(r.env),
      namespace: a.namespace,
      labels: { ...argoLabels('argocd-application'), 'app.kubernetes.io/instance': r.env.name },
    },
    spec: {
      project: a.project,
      source: {
        repoURL: a.repoURL,
        targetRevision: a.targetRevision,
        path: a.path ?? `dist/${r.env.name}`,
        directory: { recurse: false },
      },
      destination: { server: a.destination.server, namespace: names.namespace },
      syncPolicy,
      // No spec.replicas is rendered with the HPA on; this keeps Argo CD from ever reporting (or reverting) the HPA's count.
      ...(v.autoscaling.enabled
        ? {
            ignoreDifferences: [
              {
                group: 'apps',
                kind: 'Deployment',
                name: names.fullname,
                namespace: names.namespace,
                jsonPointers: ['/spec/replicas'],
              },
            ],
          }
        : {}),
      revisionHistoryLimit: 10,
    },
  };
}

/** The AppProject for the environments that name it: least privilege from what they render. */
export function renderAppProject(name: string, namespace: string, envs: readonly RenderedEnvironment[]): K8sObject {
  const objects = envs.flatMap((e) => e.objects);
  const kinds = (clusterScoped: boolean) =>
    uniqSorted(
      objects
        .filter((o) => (o.metadata.namespace === undefined) === clusterScoped)
        .map((o) => ({ group: groupOf(o.apiVersion), kind: o.kind })),
      (k) => `${k.group}/${k.kind}`,
    );
  return {
    apiVersion: ARGO_API_VERSION,
    kind: 'AppProject',
    metadata: { name, namespace, labels: argoLabels('argocd-project') },
    spec: {
      description: `Open WebUI (open-webui-k8s): ${envs.map((e) => e.env.name).join(', ')}`,
      sourceRepos: uniqSorted(
        envs.map((e) => e.env.values.argocd.repoURL),
        (x) => x,
      ),
      // The release namespace, and any other namespace an object names (e.g. monitoring.prometheusRule.namespace).
      destinations: uniqSorted(
        envs.flatMap((e) =>
          [e.env.values.namespace.name, ...e.objects.flatMap((o) => o.metadata.namespace ?? [])].map((namespace) => ({
            server: e.env.values.argocd.destination.server,
            namespace,
          })),
        ),
        (d) => `${d.server} ${d.namespace}`,
      ),
      clusterResourceWhitelist: kinds(true),
      namespaceResourceWhitelist: kinds(false),
    },
  };
}

/** Every Argo CD object for the environments that enable it; empty when none does. */
export function renderArgoCdObjects(envs: readonly RenderedEnvironment[]): K8sObject[] {
  const enabled = envs.filter((e) => e.env.values.argocd.enabled);
  const seen = new Map<string, string>();
  for (const e of enabled) {
    const dest = `${e.env.values.argocd.destination.server} namespace ${e.env.values.namespace.name}`;
    const other = seen.get(dest);
    if (other)
      throw new UsageError(
        `Environments "${other}" and "${e.env.name}" would both deploy to ${dest} through Argo CD. Give one of them its own argocd.destination.server (or namespace.name), or set argocd.enabled: false on one.`,
      );
    seen.set(dest, e.env.name);
  }
  const projects = new Map<string, RenderedEnvironment[]>();
  for (const e of enabled) {
    const key = `${e.env.values.argocd.namespace}/${e.env.values.argocd.project}`;
    projects.set(key, [...(projects.get(key) ?? []), e]);
  }
  const out: K8sObject[] = [];
  for (const [key, es] of [...projects.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [namespace, name] = key.split('/');
    out.push(renderAppProject(name, namespace, es));
  }
  for (const e of enabled) out.push(renderApplication(e));
  return out;
}

/** File name -> content of dist/argocd/. */
export function renderArgoCdFiles(envs: readonly RenderedEnvironment[]): Map<string, string> {
  const header = `# Generated by open-webui-k8s from the argocd values of ${envs
    .filter((e) => e.env.values.argocd.enabled)
    .map((e) => e.env.name)
    .join(', ')}. Do not edit: change the values and run \`npm run synth\`.\n`;
  const files = new Map<string, string>();
  const objs = renderArgoCdObjects(envs)
    .map((o) => ({ o, f: fileNameOf(o) }))
    .sort((a, b) => (a.f < b.f ? -1 : a.f > b.f ? 1 : 0));
  for (const { o, f } of objs) {
    if (files.has(f))
      throw new Error(
        `Two Argo CD objects render to ${ARGOCD_DIR}/${f}: ${o.kind}/${o.metadata.name}. Give each environment its own argocd.applicationName.`,
      );
    files.set(f, header + toYaml(o));
  }
  return files;
}

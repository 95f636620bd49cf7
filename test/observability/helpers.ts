/**
 * Shared by the observability tests: SLO targets per request-metric source, and the shipped
 * environments' PrometheusRules (resolved and rendered through test/support.ts).
 */
import { RequestSourceConfig, SloTarget } from '../../src/observability/rules';
import { renderObjects } from '../../src/synth/render';
import { K8sObject } from '../../src/manifests';
import { ENVS, resolveEnv } from '../support';

export const SHIPPED = ENVS;

export const SOURCES: Record<string, RequestSourceConfig> = {
  'ingress-nginx': { kind: 'ingress-nginx', namespaceLabel: 'exported_namespace', ingress: 'open-webui' },
  alb: { kind: 'alb', loadBalancer: 'app/k8s-openwebu-openwebu-[0-9a-f]{10}/[0-9a-f]+', delaySeconds: 600 },
  otel: { kind: 'otel', job: 'open-webui' },
  'envoy-gateway': {
    kind: 'envoy-gateway',
    clusterName: 'httproute/open-webui/open-webui/rule/0',
    latencyJob: 'open-webui',
  },
  'envoy-gateway-without-otel': { kind: 'envoy-gateway', clusterName: 'httproute/open-webui/open-webui/rule/0' },
  none: { kind: 'none' },
};

/** A release with everything the alerts can be about: HPA, data volume, a request source. */
export function target(requests: RequestSourceConfig, over: Partial<SloTarget> = {}): SloTarget {
  return {
    namespace: 'open-webui',
    service: 'open-webui',
    deployment: 'open-webui',
    hpa: 'open-webui',
    migrationJobPrefix: 'open-webui-migrate-',
    dataClaim: 'open-webui-data',
    minHealthyReplicas: 2,
    latencyAverageSeconds: 2,
    errorRatio: 0.001,
    periodDays: 30,
    dataVolumeFreeRatio: 0.1,
    requests,
    alertLabels: { team: 'platform' },
    runbookUrl: 'https://git.example.com/platform/open-webui-k8s/-/blob/main/docs/runbook.md',
    ...over,
  };
}

export interface ShippedEnvironment {
  readonly name: string;
  readonly objects: K8sObject[];
  /** The SLO target the chart derived for it. */
  readonly target: SloTarget;
}

/** A shipped environment rendered as synth renders it, with the target its chart used. */
export function shipped(name: string): ShippedEnvironment {
  const env = resolveEnv(name);
  const objects = renderObjects(env);
  const target = env.model.slo;
  return { name, objects, target };
}

/** Metric names a PromQL expression reads: every identifier directly before a `{` selector. */
export function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...withoutStrings.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{/g)].map((m) => m[1]);
}

/**
 * The Ingress, with cookie session affinity and websocket-friendly timeouts for the chosen
 * controller: ingress-nginx, the AWS Load Balancer Controller, Traefik (whose stickiness lives
 * on the Service), or GKE Ingress (whose affinity, health check and timeout live in a
 * BackendConfig the Service references: charts/gateway/implementation-objects.ts).
 * `ingress.annotations` win over generated ones.
 *
 * L1 object: cdk8s-plus-28's Ingress routes to its own Service constructs and adds default rules.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Values } from '../src/values/schema';

type IngressValues = Values['ingress'];

export interface AppIngressProps {
  /** Name, namespace, labels and annotations (the controller's annotations among them). */
  readonly metadata: k8s.ObjectMeta;
  /**
   * IngressClass name (`spec.ingressClassName`); none for controllers selected by the
   * `kubernetes.io/ingress.class` annotation (GKE Ingress).
   * @default no ingressClassName
   */
  readonly className?: string;
  /** Host rules; none: one rule for any host on `/`. @default [] */
  readonly hosts?: readonly { readonly host: string; readonly paths: readonly { path: string; pathType: string }[] }[];
  /** TLS entries. @default [] */
  readonly tls?: readonly { readonly hosts: readonly string[]; readonly secretName?: string }[];
  /** Service to route to. */
  readonly serviceName: string;
  /** Port of that Service. */
  readonly servicePort: number;
}

/**
 * The IngressClass of a controller, unless `ingress.className` says otherwise. GKE Ingress has
 * none: it processes an Ingress whose `kubernetes.io/ingress.class` annotation is `gce` or
 * `gce-internal` and ignores one with `spec.ingressClassName` and no annotation
 * (kubernetes/ingress-gce pkg/utils/utils.go `IsGCEIngress`).
 */
export const DEFAULT_CLASS: Record<IngressValues['controller'], string | undefined> = {
  nginx: 'nginx',
  alb: 'alb',
  traefik: 'traefik',
  gce: undefined,
};

/** The legacy class annotation, which GKE Ingress still reads. */
export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The GKE Ingress class annotation value for `ingress.gce.internal`. */
export const gceClass = (ing: IngressValues): string => (ing.gce.internal ? 'gce-internal' : 'gce');

/** Traefik configures stickiness on the Service, not on the Ingress: the Service's annotations. */
export function traefikServiceAnnotations(ing: IngressValues): Record<string, string> {
  if (!ing.enabled || ing.controller !== 'traefik' || !ing.sessionAffinity.enabled) return {};
  return {
    'traefik.ingress.kubernetes.io/service.sticky.cookie': 'true',
    'traefik.ingress.kubernetes.io/service.sticky.cookie.name': ing.sessionAffinity.cookieName,
    'traefik.ingress.kubernetes.io/service.sticky.cookie.maxage': String(ing.sessionAffinity.maxAgeSeconds),
    'traefik.ingress.kubernetes.io/service.sticky.cookie.httponly': 'true',
  };
}

/** Annotations the controller needs for affinity, timeouts, upload size and (ALB) health checks on `healthPath`. */
export function controllerAnnotations(ing: IngressValues, healthPath: string): Record<string, string> {
  const aff = ing.sessionAffinity;
  switch (ing.controller) {
    case 'nginx': {
      const t = String(ing.nginx.proxyTimeoutSeconds);
      return {
        ...(aff.enabled
          ? {
              'nginx.ingress.kubernetes.io/affinity': 'cookie',
              'nginx.ingress.kubernetes.io/session-cookie-name': aff.cookieName,
              'nginx.ingress.kubernetes.io/session-cookie-max-age': String(aff.maxAgeSeconds),
            }
          : {}),
        'nginx.ingress.kubernetes.io/proxy-read-timeout': t,
        'nginx.ingress.kubernetes.io/proxy-send-timeout': t,
        'nginx.ingress.kubernetes.io/proxy-body-size': ing.nginx.proxyBodySize,
        // Stream model responses as they are generated.
        'nginx.ingress.kubernetes.io/proxy-buffering': 'off',
      };
    }
    case 'alb': {
      const a = ing.alb;
      const tg = ['deregistration_delay.timeout_seconds=30'];
      if (aff.enabled)
        tg.unshift(
          'stickiness.enabled=true',
          'stickiness.type=lb_cookie',
          `stickiness.lb_cookie.duration_seconds=${aff.maxAgeSeconds}`,
        );
      return {
        'alb.ingress.kubernetes.io/scheme': a.scheme,
        'alb.ingress.kubernetes.io/target-type': 'ip',
        'alb.ingress.kubernetes.io/listen-ports': JSON.stringify([{ [a.protocol]: a.listenPort }]),
        ...(a.certificateArn ? { 'alb.ingress.kubernetes.io/certificate-arn': a.certificateArn } : {}),
        ...(a.groupName ? { 'alb.ingress.kubernetes.io/group.name': a.groupName } : {}),
        'alb.ingress.kubernetes.io/healthcheck-path': healthPath,
        'alb.ingress.kubernetes.io/healthcheck-interval-seconds': '15',
        'alb.ingress.kubernetes.io/healthy-threshold-count': '2',
        'alb.ingress.kubernetes.io/unhealthy-threshold-count': '2',
        'alb.ingress.kubernetes.io/success-codes': '200',
        'alb.ingress.kubernetes.io/target-group-attributes': tg.join(','),
        'alb.ingress.kubernetes.io/load-balancer-attributes': `idle_timeout.timeout_seconds=${a.idleTimeoutSeconds}`,
      };
    }
    case 'traefik':
      return {};
    case 'gce':
      // Affinity, health check and timeout: the BackendConfig the Service references.
      return { [INGRESS_CLASS_ANNOTATION]: gceClass(ing) };
  }
}

/** An Ingress to one Service, for the controller the chart picked the annotations for. */
export class AppIngress extends Construct {
  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    const backend: k8s.IngressBackend = { service: { name: props.serviceName, port: { number: props.servicePort } } };
    const paths = (list: readonly { path: string; pathType: string }[]) =>
      list.map((p) => ({ path: p.path, pathType: p.pathType, backend }));
    const hosts = props.hosts ?? [];
    const rules: k8s.IngressRule[] =
      hosts.length > 0
        ? hosts.map((h) => ({ host: h.host, http: { paths: paths(h.paths) } }))
        : [{ http: { paths: paths([{ path: '/', pathType: 'Prefix' }]) } }];
    const tls = (props.tls ?? []).map((t) => ({
      hosts: [...t.hosts],
      ...(t.secretName ? { secretName: t.secretName } : {}),
    }));
    new k8s.KubeIngress(this, 'Resource', {
      metadata: props.metadata,
      spec: {
        ...(props.className !== undefined ? { ingressClassName: props.className } : {}),
        rules,
        ...(tls.length ? { tls } : {}),
      },
    });
  }
}

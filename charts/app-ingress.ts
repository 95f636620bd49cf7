/**
 * The Ingress, with cookie session affinity and websocket-friendly timeouts for the chosen
 * controller: ingress-nginx, the AWS Load Balancer Controller, or Traefik (whose stickiness lives
 * on the Service). `ingress.annotations` win over generated ones.
 */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Values } from '../src/values/schema';
import { Release } from './release';

export interface AppIngressProps {
  /** The release. Reads `ingress.*` and `probes.liveness.path`. */
  readonly release: Release;
  /** Service to route to. */
  readonly serviceName: string;
  /** Port of that Service. */
  readonly servicePort: number;
}

const DEFAULT_CLASS: Record<Values['ingress']['controller'], string> = {
  nginx: 'nginx',
  alb: 'alb',
  traefik: 'traefik',
};

/** Annotations the controller needs for affinity, timeouts, upload size and health checks. */
export function controllerAnnotations(v: Values): Record<string, string> {
  const ing = v.ingress;
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
        'alb.ingress.kubernetes.io/healthcheck-path': v.probes.liveness.path,
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
  }
}

export class AppIngress extends Construct {
  constructor(scope: Construct, id: string, props: AppIngressProps) {
    super(scope, id);
    const { release } = props;
    const ing = release.values.ingress;
    const backend: k8s.IngressBackend = { service: { name: props.serviceName, port: { number: props.servicePort } } };
    const paths = (list: { path: string; pathType: string }[]) =>
      list.map((p) => ({ path: p.path, pathType: p.pathType, backend }));
    const rules: k8s.IngressRule[] =
      ing.hosts.length > 0
        ? ing.hosts.map((h) => ({ host: h.host, http: { paths: paths(h.paths) } }))
        : [{ http: { paths: paths([{ path: '/', pathType: 'Prefix' }]) } }];
    const tls = ing.tls.map((t) => ({ hosts: t.hosts, ...(t.secretName ? { secretName: t.secretName } : {}) }));
    new k8s.KubeIngress(this, 'Resource', {
      metadata: release.metadata('app', release.fullname, {
        annotations: { ...controllerAnnotations(release.values), ...ing.annotations },
      }),
      spec: {
        ingressClassName: ing.className ?? DEFAULT_CLASS[ing.controller],
        rules,
        ...(tls.length && ing.controller !== 'alb' ? { tls } : {}),
      },
    });
  }
}

/** The Service in front of the app pods; carries Traefik's sticky-cookie annotations when Traefik serves the Ingress. */
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Release } from './release';

export interface AppServiceProps {
  /** The release. Reads `service.*` and `ingress.*`. */
  readonly release: Release;
}

/** Traefik configures stickiness on the Service, not on the Ingress. */
export function traefikServiceAnnotations(release: Release): Record<string, string> {
  const ing = release.values.ingress;
  if (!ing.enabled || ing.controller !== 'traefik' || !ing.sessionAffinity.enabled) return {};
  return {
    'traefik.ingress.kubernetes.io/service.sticky.cookie': 'true',
    'traefik.ingress.kubernetes.io/service.sticky.cookie.name': ing.sessionAffinity.cookieName,
    'traefik.ingress.kubernetes.io/service.sticky.cookie.maxage': String(ing.sessionAffinity.maxAgeSeconds),
    'traefik.ingress.kubernetes.io/service.sticky.cookie.httponly': 'true',
  };
}

export class AppService extends Construct {
  readonly name: string;
  readonly port: number;
  constructor(scope: Construct, id: string, props: AppServiceProps) {
    super(scope, id);
    const { release } = props;
    const svc = release.values.service;
    this.name = release.fullname;
    this.port = svc.port;
    new k8s.KubeService(this, 'Resource', {
      metadata: release.metadata('app', this.name, {
        annotations: { ...traefikServiceAnnotations(release), ...svc.annotations },
      }),
      spec: {
        type: svc.type,
        selector: release.selectorLabels('app'),
        ports: [{ name: 'http', port: svc.port, targetPort: k8s.IntOrString.fromString('http'), protocol: 'TCP' }],
      },
    });
  }
}

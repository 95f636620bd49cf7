/** Rules on how users reach the app: the Ingress, its origins and session affinity. */
import { ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { finding, findingIf, Finding, Rule, SCALING_FACTS, rule, CHECKLIST } from './rule';
import { atScale } from './openwebui';

export function ingressConfig(v: Values): Finding[] {
  const out: Finding[] = [];
  const ing = v.ingress;
  if (!ing.enabled) return out;
  if (ing.hosts.length === 0 && ing.controller !== 'alb') {
    out.push(
      finding(
        ['ingress', 'hosts'],
        'ingress.enabled is true but ingress.hosts is empty.',
        'Add a host: ingress.hosts: [{host: chat.example.com}].',
      ),
    );
  }
  // Kubernetes ValidateIngressCreate: the legacy class annotation is refused next to spec.ingressClassName.
  if (ing.className !== undefined && ing.annotations['kubernetes.io/ingress.class'] !== undefined)
    out.push(
      finding(
        ['ingress', 'annotations', 'kubernetes.io/ingress.class'],
        `kubernetes.io/ingress.class can not be set when the class field is also set (ingress.className "${ing.className}"): the API server refuses the Ingress.`,
        'Remove the annotation; ingress.className selects the controller.',
        ing.annotations['kubernetes.io/ingress.class'],
      ),
    );
  const hosts = new Set(ing.hosts.map((h) => h.host));
  const wildcard = ing.hosts.findIndex((h) => h.host.startsWith('*.'));
  if (wildcard >= 0 && v.openwebui.corsAllowOrigin.length === 0) {
    out.push(
      finding(
        ['ingress', 'hosts', wildcard, 'host'],
        `"${ing.hosts[wildcard].host}" is a wildcard host: WEBUI_URL and CORS_ALLOW_ORIGIN cannot be derived from it ("http://*.example.com" is not an origin, so websockets would be refused).`,
        'List the origins users reach in openwebui.corsAllowOrigin and set openwebui.webuiUrl.',
        ing.hosts[wildcard].host,
      ),
    );
  }
  ing.tls.forEach((t, i) =>
    t.hosts.forEach((h, j) => {
      if (!hosts.has(h))
        out.push(
          finding(
            ['ingress', 'tls', i, 'hosts', j],
            `TLS host "${h}" is not one of ingress.hosts.`,
            'List the same host names in ingress.hosts and ingress.tls.',
            h,
          ),
        );
    }),
  );
  if (ing.controller === 'alb') {
    if (ing.alb.protocol === 'HTTPS' && !ing.alb.certificateArn)
      out.push(
        finding(
          ['ingress', 'alb', 'certificateArn'],
          'An HTTPS ALB listener needs a certificate.',
          'Set ingress.alb.certificateArn to an ACM certificate ARN.',
        ),
      );
    if (ing.tls.some((t) => t.secretName))
      out.push(
        finding(
          ['ingress', 'tls'],
          'The AWS Load Balancer Controller does not use TLS Secrets; it terminates TLS with ACM certificates.',
          'Remove secretName from ingress.tls and set ingress.alb.protocol: HTTPS with ingress.alb.certificateArn.',
        ),
      );
  }
  return out;
}

export function corsCoversIngressHosts(v: Values): Finding[] {
  const origins = v.openwebui.corsAllowOrigin;
  if (!v.ingress.enabled || origins.length === 0 || origins.includes('*')) return [];
  const covered = new Set(
    origins.map(
      (o) =>
        o
          .replace(/\/+$/, '')
          .replace(/^https?:\/\//, '')
          .split(':')[0],
    ),
  );
  return v.ingress.hosts
    .filter((h) => !covered.has(h.host))
    .map((h) =>
      finding(
        ['openwebui', 'corsAllowOrigin'],
        `CORS_ALLOW_ORIGIN does not include the Ingress host "${h.host}"; websockets from it fail with "not an accepted origin" (requirement 8).`,
        `Add "https://${h.host}" to openwebui.corsAllowOrigin, or leave the list empty to derive it from ingress.hosts.`,
        origins,
      ),
    );
}

export function recommendedSessionAffinity(v: Values, m: ReleaseModel): Finding[] {
  return findingIf(
    m.processes.multi && v.ingress.enabled && !v.ingress.sessionAffinity.enabled,
    ['ingress', 'sessionAffinity', 'enabled'],
    `${atScale(m.processes.reason)}: sticky sessions reduce websocket reconnects and jitter.`,
    'Set ingress.sessionAffinity.enabled: true.',
    false,
  );
}

export const networkRules: readonly Rule[] = [
  rule('ingress-config', 'error', `${SCALING_FACTS}#load-balancer-affinity`, ingressConfig),
  rule('cors-covers-ingress-hosts', 'error', CHECKLIST, corsCoversIngressHosts),
  rule(
    'recommended-session-affinity',
    'warning',
    `${SCALING_FACTS}#load-balancer-affinity`,
    recommendedSessionAffinity,
  ),
];

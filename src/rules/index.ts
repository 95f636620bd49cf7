/** Every cross-field rule, run after the schema has accepted the values, grouped by values section. */
import { Problem } from '../errors';
import { buildModel, ReleaseModel } from '../model';
import { Values } from '../values/schema';
import { databaseRules } from './database';
import { extraObjectsRules } from './extra-objects';
import { imageRules } from './image';
import { networkRules } from './network';
import { observabilityRules } from './observability';
import { openwebuiRules } from './openwebui';
import { redisRules } from './redis';
import { releaseRules } from './release';
import { Rule } from './rule';
import { routeRules } from './route';
import { secretsRules } from './secrets';
import { securityRules } from './security';
import { ssoRules } from './sso';
import { storageRules } from './storage';
import { upgradeRules } from './upgrade';
import { workloadRules } from './workload';

/** A values section and its rules (src/rules/<file>.ts), in the order docs/rules.md prints them. */
export interface RuleSection {
  /** Heading in docs/rules.md. */
  readonly title: string;
  /** The top-level values keys the section's rules read first (docs/values.md anchors). */
  readonly keys: readonly string[];
  /** The file that defines the rules, relative to the repository root. */
  readonly file: string;
  readonly rules: readonly Rule[];
}

const section = (title: string, keys: readonly string[], file: string, rules: readonly Rule[]): RuleSection => ({
  title,
  keys,
  file: `src/rules/${file}.ts`,
  rules,
});

/** Every rule by values section, sorted by title (docs/rules.md). */
export const RULE_SECTIONS: readonly RuleSection[] = [
  section('Secrets', ['secrets'], 'secrets', secretsRules),
  section('Database', ['database'], 'database', databaseRules),
  section('Redis', ['redis'], 'redis', redisRules),
  section('File storage', ['persistence', 'storage'], 'storage', storageRules),
  section('Open WebUI settings and vector database', ['openwebui', 'vectorDb'], 'openwebui', openwebuiRules),
  section('Release and environment', ['environment', 'argocd'], 'release', releaseRules),
  section('Image', ['image'], 'image', imageRules),
  section(
    'Workload',
    ['replicaCount', 'autoscaling', 'podDisruptionBudget', 'resources', 'extraEnv', 'extraVolumes', 'extraContainers'],
    'workload',
    workloadRules,
  ),
  section('Ingress, Service and origins', ['ingress', 'service', 'publicUrl'], 'network', networkRules),
  section('Gateway API route', ['route'], 'route', routeRules),
  section('Sign-in', ['sso'], 'sso', ssoRules),
  section(
    'Security and NetworkPolicies',
    ['nonRoot', 'podSecurityContext', 'networkPolicy'],
    'security',
    securityRules,
  ),
  section('Upgrades', ['upgrade'], 'upgrade', upgradeRules),
  section('Observability and SLOs', ['observability', 'monitoring', 'slo'], 'observability', observabilityRules),
  section('Extra objects', ['extraObjects'], 'extra-objects', extraObjectsRules),
].sort((a, b) => a.title.localeCompare(b.title, 'en'));

/** Every cross-field rule, in the order they run. */
export const RULES: readonly Rule[] = [
  ...secretsRules,
  ...databaseRules,
  ...redisRules,
  ...storageRules,
  ...openwebuiRules,
  ...releaseRules,
  ...imageRules,
  ...workloadRules,
  ...networkRules,
  ...routeRules,
  ...ssoRules,
  ...securityRules,
  ...upgradeRules,
  ...observabilityRules,
  ...extraObjectsRules,
];

/** Runs every rule. Acknowledged warnings are dropped; errors are always kept. */
export function runRules(
  values: Values,
  model: ReleaseModel = buildModel(values),
  rules: readonly Rule[] = RULES,
): Problem[] {
  const acknowledged = new Set(values.acknowledgeWarnings);
  const out: Problem[] = [];
  for (const rule of rules) {
    if (rule.severity === 'warning' && acknowledged.has(rule.id)) continue;
    for (const f of rule.check(values, model)) {
      out.push({
        severity: rule.severity,
        id: rule.id,
        path: f.path,
        message: f.message,
        hint: f.hint,
        received: f.received,
        docs: rule.docs,
      });
    }
  }
  return out;
}

export type { Rule } from './rule';

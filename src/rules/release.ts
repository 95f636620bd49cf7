/** Rules on the release as a whole: the environment marker. */
import { Values } from '../values/schema';
import { CHECKLIST, findingIf, Finding, Rule, rule } from './rule';

export function singleNodeDevelopmentOnly(v: Values): Finding[] {
  return findingIf(
    v.environment.singleNode && !v.environment.development,
    ['environment', 'singleNode'],
    'environment.singleNode shares a ReadWriteOnce volume between replicas, which only works while every replica is on one node: a development cluster, never a shared or production one.',
    'Remove environment.singleNode and use a ReadWriteMany storage class or object storage.',
    true,
  );
}

/**
 * A development environment renders inline secrets and development-only services (the in-cluster
 * PostgreSQL): it is applied by hand to a development cluster, never synced by Argo CD on its own.
 */
export function developmentAutomatedSync(v: Values): Finding[] {
  return findingIf(
    v.environment.development && v.argocd.enabled && v.argocd.automated.enabled,
    ['argocd', 'automated', 'enabled'],
    'A development environment (environment.development: true) may render inline secrets and development-only services, and Argo CD would sync it automatically into its destination cluster whenever Git changes.',
    'Set argocd.automated.enabled: false (a person syncs it), or argocd.enabled: false and apply it with kubectl.',
    true,
  );
}

export const releaseRules: readonly Rule[] = [
  rule(
    'single-node-development-only',
    'environment.singleNode is for development environments only.',
    'error',
    CHECKLIST,
    singleNodeDevelopmentOnly,
  ),
  rule(
    'development-automated-sync',
    'A development environment must not be synced automatically by Argo CD.',
    'error',
    'docs/security.md#secrets',
    developmentAutomatedSync,
  ),
];

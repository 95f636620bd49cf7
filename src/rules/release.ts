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

export const releaseRules: readonly Rule[] = [
  rule('single-node-development-only', 'error', CHECKLIST, singleNodeDevelopmentOnly),
];

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

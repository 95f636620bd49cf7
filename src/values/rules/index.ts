/** Every cross-field rule, run after the schema has accepted the values. */
import { Problem } from '../../errors';
import { processModel } from '../process-model';
import { Values } from '../schema';
import { consistencyRules } from './consistency';
import { multiReplicaRules } from './multi-replica';
import { recommendedRules } from './recommended';
import { postgresqlRules, redisRules } from './redis';
import { Rule } from './rule';
import { upgradeRules } from './upgrade';
import { passthroughRules } from './passthrough';
import { securityRules } from './security';
import { podValidityRules } from './pod-validity';
import { observabilityRules } from './observability';

export const RULES: readonly Rule[] = [
  ...multiReplicaRules,
  ...consistencyRules,
  ...redisRules,
  ...postgresqlRules,
  ...upgradeRules,
  ...securityRules,
  ...passthroughRules,
  ...podValidityRules,
  ...observabilityRules,
  ...recommendedRules,
];

/** Runs every rule. Acknowledged warnings are dropped; errors are always kept. */
export function runRules(values: Values, rules: readonly Rule[] = RULES): Problem[] {
  const ctx = { processes: processModel(values) };
  const acknowledged = new Set(values.acknowledgeWarnings);
  const out: Problem[] = [];
  for (const rule of rules) {
    if (rule.severity === 'warning' && acknowledged.has(rule.id)) continue;
    for (const f of rule.check(values, ctx)) {
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

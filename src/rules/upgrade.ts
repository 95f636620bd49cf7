/** Rules for upgrades: the rollout strategy and what the migration Job's old-pods waiter needs. */
import { Values } from '../values/schema';
import { findingIf, Finding, Rule, rule, K8S_DOCS } from './rule';

export const UPGRADES_DOCS = 'README.md#upgrades';

export function upgradeRollingUpdate(v: Values): Finding[] {
  return findingIf(
    v.upgrade.strategy === 'rollingUpdate',
    ['upgrade', 'strategy'],
    'upgrade.strategy is rollingUpdate: on every version change old and new pods serve against the same database at once. Open WebUI does not support this across a schema change (0.10.0 renamed a table older pods still query); use it only for a release whose migrations are known to be additive.',
    'Keep the default upgrade.strategy: recreate (a short full outage per rollout), or acknowledge this warning (acknowledgeWarnings: [upgrade-rolling-update]) for this one additive release and switch back afterwards.',
    'rollingUpdate',
  );
}

export function upgradeRollingUpdateProgress(v: Values): Finding[] {
  const r = v.upgrade.rollingUpdate;
  const zero = (x: number | string) => x === 0 || x === '0%';
  return findingIf(
    v.upgrade.strategy === 'rollingUpdate' && zero(r.maxSurge) && zero(r.maxUnavailable),
    ['upgrade', 'rollingUpdate', 'maxSurge'],
    'maxSurge and maxUnavailable are both 0: Kubernetes rejects a rolling update that can make no progress.',
    'Set upgrade.rollingUpdate.maxSurge to 1 (or more).',
    r.maxSurge,
  );
}

/** Only `recreate` renders the Job's old-pods waiter (the one API client); app pods ask the database. */
export function upgradeWaiterServiceAccount(v: Values): Finding[] {
  return findingIf(
    v.upgrade.strategy === 'recreate' && !v.serviceAccount.create && !v.serviceAccount.name,
    ['serviceAccount', 'create'],
    "The migration Job's old-pods waiter (upgrade.strategy: recreate; it lists the previous version's pods through the Kubernetes API) needs a ServiceAccount of the release to bind its Role to; the namespace's \"default\" ServiceAccount is not given rights.",
    'Keep serviceAccount.create: true, or name an existing ServiceAccount in serviceAccount.name.',
    false,
  );
}

export const upgradeRules: readonly Rule[] = [
  rule(
    'upgrade-rolling-update',
    'Rolling updates run old and new versions against one database during a migration.',
    'warning',
    `${UPGRADES_DOCS} (rollingUpdate)`,
    upgradeRollingUpdate,
  ),
  rule(
    'upgrade-rolling-update-progress',
    'A rolling update needs maxSurge of at least 1.',
    'error',
    `${K8S_DOCS}/concepts/workloads/controllers/deployment/#rolling-update-deployment`,
    upgradeRollingUpdateProgress,
  ),
  rule(
    'upgrade-waiter-service-account',
    'The migration waiter needs a ServiceAccount.',
    'error',
    UPGRADES_DOCS,
    upgradeWaiterServiceAccount,
  ),
];

/**
 * The multi-replica checklist of docs/open-webui-scaling.md as the plan shows it. Each requirement
 * names the rules (src/rules) that enforce it; its status is derived from those rules'
 * findings, never from logic of its own. Requirements the chart meets by construction (6, 7) are
 * read from the rendered objects.
 */
import { K8sObject } from '../manifests';
import { RULES, Rule } from '../rules';
import { buildModel, ReleaseModel } from '../model';
import { Values } from '../values/schema';

export type Status = 'met' | 'warned' | 'not met' | 'n/a';
export const STATUS_ICON: Record<Status, string> = {
  met: '✅ met',
  warned: '⚠️ warned',
  'not met': '❌ not met',
  'n/a': '➖ n/a',
};

export interface ChecklistItem {
  readonly id: string;
  readonly title: string;
  readonly status: Status;
  /** Why: the findings' messages, or what was checked. */
  readonly detail: string;
}

/** Requirement number -> title and the rules that enforce it. */
export const REQUIREMENTS: readonly { n: number; title: string; rules: readonly string[] }[] = [
  { n: 1, title: 'One shared WEBUI_SECRET_KEY on every replica', rules: ['multi-replica-secret-key'] },
  { n: 2, title: 'PostgreSQL, never SQLite', rules: ['multi-replica-postgresql'] },
  { n: 3, title: 'Redis for app state and websockets', rules: ['multi-replica-redis'] },
  {
    n: 4,
    title: 'Shared file storage (RWX volume or object storage)',
    rules: ['multi-replica-shared-storage', 'single-node-storage', 'single-node-development-only'],
  },
  { n: 5, title: 'External vector database', rules: ['multi-replica-vector-db'] },
  { n: 6, title: 'Exactly one process runs migrations', rules: [] },
  { n: 7, title: 'Never two app versions against one database', rules: [] },
  { n: 8, title: 'CORS covers every origin users reach', rules: ['cors-covers-origins'] },
  { n: 9, title: 'Runtime pip installs off', rules: ['multi-replica-pip-install'] },
];

export function ruleById(id: string): Rule {
  const rule = RULES.find((r) => r.id === id);
  if (!rule) throw new Error(`The plan's checklist names rule "${id}", which is not registered in src/rules.`);
  return rule;
}

/** Runs one rule (the registered check itself) and returns its findings' messages. */
function findings(rule: Rule, values: Values, model: ReleaseModel): string[] {
  return rule.check(values, model).map((f) => f.message);
}

const envOf = (obj: K8sObject | undefined, name: string): string | undefined => {
  const spec = (
    obj?.spec as { template?: { spec?: { containers?: { env?: { name: string; value?: string }[] }[] } } } | undefined
  )?.template?.spec;
  return spec?.containers?.[0]?.env?.find((e) => e.name === name)?.value;
};
const component = (o: K8sObject) => o.metadata.labels?.['app.kubernetes.io/component'];

/** The serving Deployment and any migration Job among the rendered objects. */
export function workloads(objects: readonly K8sObject[]): { deployment?: K8sObject; migrationJobs: K8sObject[] } {
  return {
    deployment: objects.find((o) => o.kind === 'Deployment' && component(o) === 'app'),
    migrationJobs: objects.filter((o) => o.kind === 'Job' && component(o) === 'migration'),
  };
}

export function multiReplicaChecklist(values: Values, objects: readonly K8sObject[]): ChecklistItem[] {
  const model = buildModel(values);
  const processes = model.processes;
  const { deployment, migrationJobs } = workloads(objects);
  return REQUIREMENTS.map(({ n, title, rules }) => {
    const id = `requirement ${n}`;
    if (!processes.multi) return { id, title, status: 'n/a' as Status, detail: 'one Open WebUI process' };
    if (rules.length) {
      const messages = rules.flatMap((r) =>
        findings(ruleById(r), values, model).map((m) => ({ m, severity: ruleById(r).severity })),
      );
      if (messages.length === 0)
        return { id, title, status: 'met' as Status, detail: `checked by ${rules.map((r) => `\`${r}\``).join(', ')}` };
      return {
        id,
        title,
        status: (messages.some((x) => x.severity === 'error') ? 'not met' : 'warned') as Status,
        detail: messages.map((x) => x.m).join(' '),
      };
    }
    // Requirements 6 and 7 are met by what is rendered, so the rendered objects are the evidence.
    const servingMigrates = envOf(deployment, 'ENABLE_DB_MIGRATIONS');
    if (n === 6) {
      if (servingMigrates !== 'False')
        return {
          id,
          title,
          status: 'not met' as Status,
          detail: `the serving Deployment has ENABLE_DB_MIGRATIONS=${servingMigrates ?? '(unset)'}`,
        };
      if (migrationJobs.length === 1)
        return {
          id,
          title,
          status: 'met' as Status,
          detail: `serving pods run with ENABLE_DB_MIGRATIONS=False; Job \`${migrationJobs[0].metadata.name}\` migrates (Alembic errors fail it) and does the startup writes once`,
        };
      return {
        id,
        title,
        status: 'warned' as Status,
        detail:
          'serving pods run with ENABLE_DB_MIGRATIONS=False, but no migration Job is rendered: run migrations out of band before a version change',
      };
    }
    const strategy =
      (deployment?.spec as { strategy?: { type?: string } } | undefined)?.strategy?.type ?? 'RollingUpdate';
    // Only Recreate stops every old pod before the new version starts; a migration Job alone does not.
    if (strategy === 'Recreate')
      return {
        id,
        title,
        status: 'met' as Status,
        detail: `Recreate Deployment${migrationJobs.length ? `; new pods wait until the database is at their head and Job \`${migrationJobs[0].metadata.name}\` has recorded completion` : ''}`,
      };
    return {
      id,
      title,
      status: 'warned' as Status,
      detail: `${strategy} Deployment: old and new versions serve together during a rollout; safe only for releases known to be additive (upgrade.strategy)`,
    };
  });
}

/** Strongly recommended settings (warning rules): warned, acknowledged, met, or n/a with one process. */
export function recommendations(values: Values): ChecklistItem[] {
  const model = buildModel(values);
  const processes = model.processes;
  const acknowledged = new Set(values.acknowledgeWarnings);
  return RULES.filter((r) => r.severity === 'warning').map((rule) => {
    const messages = findings(rule, values, model);
    if (messages.length)
      return {
        id: rule.id,
        title: rule.id,
        status: 'warned' as Status,
        detail: `${acknowledged.has(rule.id) ? '(acknowledged) ' : ''}${messages.join(' ')}`,
      };
    return { id: rule.id, title: rule.id, status: (processes.multi ? 'met' : 'n/a') as Status, detail: '' };
  });
}

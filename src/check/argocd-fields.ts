/**
 * Field allowlists for the parts of Argo CD resources this project writes, from Argo CD 3.x's CRDs
 * (argoproj/argo-cd manifests/crds/*-crd.yaml). The packaged validators
 * (@kubernetes-models/argo-cd) check types but accept unknown fields; these lists make the
 * usual typos (`syncPolicy.automated.prun`, `destination.namespce`) errors. Values below the
 * listed fields are not restricted here. If Argo CD adds a field, add it here.
 */
import { Schema } from './schema-validator';

/** Any value (types are checked by the packaged validator). */
const any: Schema = {};
const fields = (names: string[], nested: Record<string, Schema> = {}): Schema => ({
  type: 'object',
  properties: Object.fromEntries(names.map((n) => [n, nested[n] ?? any])),
});

const source = fields(['chart', 'directory', 'helm', 'kustomize', 'name', 'path', 'plugin', 'ref', 'repoURL', 'targetRevision']);
const destination = fields(['name', 'namespace', 'server']);
const syncPolicy = fields(['automated', 'managedNamespaceMetadata', 'retry', 'syncOptions'], {
  automated: fields(['allowEmpty', 'enabled', 'prune', 'selfHeal']),
  managedNamespaceMetadata: fields(['annotations', 'labels']),
  retry: fields(['backoff', 'limit', 'refresh'], { backoff: fields(['duration', 'factor', 'maxDuration']) }),
});

export const APPLICATION_SPEC: Schema = fields(['destination', 'ignoreDifferences', 'info', 'project', 'revisionHistoryLimit', 'source', 'sourceHydrator', 'sources', 'syncPolicy'], {
  destination,
  source,
  sources: { type: 'array', items: source },
  syncPolicy,
});

export const APPPROJECT_SPEC: Schema = fields(
  [
    'clusterResourceBlacklist',
    'clusterResourceWhitelist',
    'description',
    'destinationServiceAccounts',
    'destinations',
    'namespaceResourceBlacklist',
    'namespaceResourceWhitelist',
    'orphanedResources',
    'permitOnlyProjectScopedClusters',
    'roles',
    'signatureKeys',
    'sourceNamespaces',
    'sourceRepos',
    'syncWindows',
  ],
  { destinations: { type: 'array', items: destination } },
);

export const APPLICATIONSET_SPEC: Schema = fields(
  ['applyNestedSelectors', 'generators', 'goTemplate', 'goTemplateOptions', 'ignoreApplicationDifferences', 'preservedFields', 'strategy', 'syncPolicy', 'template', 'templatePatch'],
  { template: fields(['metadata', 'spec'], { spec: APPLICATION_SPEC }) },
);

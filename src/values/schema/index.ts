/**
 * The values schema: the one source of truth for every key's type, default and documentation.
 * Sections live in their own files; this file composes them in the order a reader expects.
 */
import { z } from 'zod';
import { costSchema } from './cost';
import { databaseSchema } from './database';
import { extraObjectsSchema } from './extra-objects';
import { imageSchema } from './image';
import { ingressSchema, publicUrlSchema, serviceSchema } from './network';
import { openwebuiSchema, vectorDbSchema } from './openwebui';
import { redisSchema } from './redis';
import { routeSchema } from './route';
import { releaseSchema } from './release';
import { secretsSchema } from './secrets';
import { ssoSchema } from './sso';
import { observabilitySections } from './observability';
import { networkPolicySchema, nonRootSchema } from './security';
import { objectStorageSchema, persistenceSchema } from './storage';
import { argocdSchema, upgradeSchema } from './upgrade';
import { workloadSchema } from './workload';

export const valuesSchema = z
  .strictObject({
    ...releaseSchema,
    image: imageSchema,
    ...workloadSchema,
    nonRoot: nonRootSchema,
    publicUrl: publicUrlSchema,
    service: serviceSchema,
    ingress: ingressSchema,
    route: routeSchema,
    networkPolicy: networkPolicySchema,
    persistence: persistenceSchema,
    storage: objectStorageSchema,
    cost: costSchema,
    database: databaseSchema,
    redis: redisSchema,
    vectorDb: vectorDbSchema,
    secrets: secretsSchema,
    openwebui: openwebuiSchema,
    sso: ssoSchema,
    upgrade: upgradeSchema,
    argocd: argocdSchema,
    ...observabilitySections,
    extraObjects: extraObjectsSchema,
  })
  .meta({ title: 'open-webui-k8s values', description: 'Values of one environment of open-webui-k8s.' });

/** Values after validation: every default applied. */
export type Values = z.output<typeof valuesSchema>;
/** Values as written in a values file: every key optional where it has a default. */
export type ValuesInput = z.input<typeof valuesSchema>;

export { SECRET_ENTRIES, type SecretEntry } from './secrets';
export { EXTRA_OBJECT_PLACEHOLDERS, type ExtraObjectPlaceholder, PLACEHOLDER } from './extra-objects';
export { ROUTE_IMPLEMENTATIONS, routeSchema } from './route';

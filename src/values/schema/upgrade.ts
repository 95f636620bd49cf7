/**
 * Upgrades and GitOps: the migration Job, the rollout strategy, the waiter that orders them, and
 * the Argo CD Application/AppProject written to dist/argocd/.
 */
import { z } from 'zod';
import { imageDigest, imageRepository, imageTag, k8sLabelName, k8sSubdomainName, intRange } from './primitives';
import { resourcesSchema } from './workload';

const intOrPercent = () =>
  z.union([
    z.number().int().min(0),
    z.string().regex(/^\d+%$/, { message: 'must be a whole number or a percentage such as "25%"' }),
  ]);

export const upgradeSchema = z
  .strictObject({
    strategy: z.enum(['recreate', 'rollingUpdate']).default('recreate').meta({
      description:
        '`recreate` (default): every old pod stops, the migration Job runs, then the new version starts; a short full outage, never two versions against one database. `rollingUpdate`: only for releases known to be additive (no renamed or dropped tables); old and new pods serve side by side, with surge pods counted in the connection budget.',
    }),
    rollingUpdate: z
      .strictObject({
        maxSurge: intOrPercent()
          .default(1)
          .meta({ description: 'Extra pods during a rolling update (number or percentage of the replica count).' }),
        maxUnavailable: intOrPercent()
          .default(0)
          .meta({ description: 'Pods that may be unavailable during a rolling update (number or percentage).' }),
      })
      .prefault({})
      .meta({ description: 'Only with `upgrade.strategy: rollingUpdate`.' }),
    migration: z
      .strictObject({
        backoffLimit: intRange(0, 10)
          .default(1)
          .meta({ description: 'Retries of a failed migration pod before the Job fails (and the rollout stops).' }),
        activeDeadlineSeconds: intRange(60, 86400).default(1800).meta({
          description:
            "Seconds the migration Job may take in all, including waiting for the previous version to stop; then it fails and the rollout stops. Also how long an app pod's waiter waits before it exits and is restarted (to wait again).",
        }),
        resources: resourcesSchema().meta({
          description:
            "Resources of the migration container, merged field by field over the app container's `resources` (empty, the default: the same as the app).",
        }),
        databaseWaitSeconds: intRange(0, 3600).default(300).meta({
          description:
            "Seconds the migrator waits for the database to accept a connection through Open WebUI's own engine (same URL handling, e.g. `ssl=`) before migrating (a fresh cluster starts the database and the Job together); 0: one attempt. Only reachability is retried, never a failed migration.",
        }),
      })
      .prefault({})
      .meta({
        description:
          "The migration Job: one per app version (and per Job configuration). Its migrator (charts/programs/migration.py) runs Alembic `upgrade head` with errors propagating, checks the heads, seeds the config table and initialises pgvector once, then records completion in the database for the app pods' waiter.",
      }),
    waiter: z
      .strictObject({
        image: z
          .strictObject({
            repository: imageRepository('curlimages/curl').default('curlimages/curl').meta({
              description:
                "Image of the migration Job's old-pods waiter: a POSIX shell and curl (it lists pods through the Kubernetes API with its projected token). App pods wait with the Open WebUI image itself.",
            }),
            tag: imageTag('8.11.1').default('8.11.1').meta({ description: 'Pinned tag of the waiter image.' }),
            digest: imageDigest().optional().meta({
              description: 'Optional digest of the waiter image (recommended where the registry is not trusted).',
            }),
          })
          .prefault({})
          .meta({ description: 'Waiter image.' }),
        pollSeconds: intRange(1, 60).default(2).meta({
          description: 'Seconds between two looks at the database (app pods, migrator) or the old pods (Job).',
        }),
        resources: resourcesSchema()
          .default({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } })
          .meta({
            description:
              "Resources of the Job's old-pods waiter. The app pods' waiter runs Python in the Open WebUI image with the app container's `resources` (so the pod asks for nothing more).",
          }),
      })
      .prefault({})
      .meta({
        description:
          "Init containers that order the rollout: app pods wait until the database is at their image's Alembic head and their migration Job has recorded completion (they ask the database: no Kubernetes API access); the Job (with `recreate`) waits through the Kubernetes API until the previous version's pods are gone.",
      }),
  })
  .prefault({})
  .meta({ description: 'Upgrades: migration Job and rollout order.' });

export const argocdSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .meta({ description: 'Write an Argo CD Application for this environment (and its AppProject) to dist/argocd/.' }),
    namespace: k8sLabelName()
      .default('argocd')
      .meta({ description: 'Namespace Argo CD runs in (where Application and AppProject live).' }),
    project: k8sLabelName().default('open-webui').meta({ description: 'AppProject name.' }),
    applicationName: k8sSubdomainName()
      .optional()
      .meta({ description: 'Application name (default: `<fullname>-<environment>`).' }),
    repoURL: z
      .string()
      .min(1)
      .default('https://git.example.com/platform/open-webui-k8s.git')
      .meta({ description: 'Git repository holding dist/.' }),
    targetRevision: z.string().min(1).default('main').meta({ description: 'Branch, tag or commit Argo CD syncs.' }),
    path: z.string().min(1).optional().meta({
      description: "Directory of this environment's manifests in the repository (default: `dist/<environment>`).",
    }),
    destination: z
      .strictObject({
        server: z
          .string()
          .min(1)
          .default('https://kubernetes.default.svc')
          .meta({ description: 'API server URL of the target cluster.' }),
      })
      .prefault({})
      .meta({ description: 'Target cluster (the namespace is `namespace.name`).' }),
    automated: z
      .strictObject({
        enabled: z.boolean().default(true).meta({ description: 'Sync automatically when Git changes.' }),
        prune: z.boolean().default(true).meta({
          description:
            'Delete objects removed from Git (old migration Jobs; never the data PVC or Namespace, which carry Prune=false).',
        }),
        selfHeal: z.boolean().default(true).meta({ description: 'Revert changes made in the cluster by hand.' }),
      })
      .prefault({})
      .meta({ description: 'Automated sync policy.' }),
  })
  .prefault({})
  .meta({
    description: 'Argo CD Application for this environment (rendered to dist/argocd/ by `synth` of all environments).',
  });

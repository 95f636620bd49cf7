/** The serving Deployment: replicas, autoscaling, disruption budget, resources, probes, scheduling, pod passthroughs. */
import { z } from 'zod';
import { mergeLayers } from '../merge';
import {
  annotationMap,
  envVarName,
  ipAddress,
  k8sLabelName,
  k8sSubdomainName,
  labelMap,
  passthroughObject,
  quantity,
  RESERVED_LABEL_PREFIX,
  volumeMountObject,
  volumeObject,
  intRange,
} from './primitives';

const resourceList = z
  .strictObject({
    cpu: quantity().optional().meta({ description: 'CPU, e.g. "500m" or 1.' }),
    memory: quantity().optional().meta({ description: 'Memory, e.g. "1Gi".' }),
    'ephemeral-storage': quantity().optional().meta({ description: 'Ephemeral storage, e.g. "2Gi".' }),
  })
  .prefault({});

export const resourcesSchema = () =>
  z
    .strictObject({
      requests: resourceList.meta({
        description: 'Resource requests (what the scheduler reserves; the HPA measures CPU against it).',
      }),
      limits: resourceList.meta({ description: 'Resource limits.' }),
    })
    .prefault({});

/**
 * Open WebUI's health endpoints (backend/open_webui/main.py:2744-2817 @ f9590b8, facts §6): `/health`
 * answers 200 whenever the process serves; `/health/db` runs `SELECT 1` on the sync engine's pool
 * (500 when the database is unreachable); `/ready` answers 503 until startup has completed, then
 * pings the database and, when Redis is configured, Redis.
 */
export const PROBE_PATHS = ['/health', '/health/db', '/ready'] as const;

const probe = (defaults: {
  path: (typeof PROBE_PATHS)[number];
  initialDelaySeconds: number;
  periodSeconds: number;
  timeoutSeconds: number;
  failureThreshold: number;
}) =>
  z
    .strictObject({
      enabled: z.boolean().default(true).meta({ description: 'Render this probe.' }),
      path: z.enum(PROBE_PATHS).default(defaults.path).meta({
        description:
          "Open WebUI endpoint probed on the app port: `/health` (the process serves; no dependency), `/health/db` (`SELECT 1` through the app's pool), `/ready` (503 until startup has completed, then the database and, with Redis, a Redis PING).",
      }),
      initialDelaySeconds: intRange(0, 3600)
        .default(defaults.initialDelaySeconds)
        .meta({ description: 'Seconds before the first probe.' }),
      periodSeconds: intRange(1, 3600).default(defaults.periodSeconds).meta({ description: 'Seconds between probes.' }),
      timeoutSeconds: intRange(1, 600)
        .default(defaults.timeoutSeconds)
        .meta({ description: 'Seconds before a probe times out.' }),
      failureThreshold: intRange(1, 1000)
        .default(defaults.failureThreshold)
        .meta({ description: 'Consecutive failures before the probe fails.' }),
    })
    .prefault({});

/** What every Open WebUI container gets unless values say otherwise (and the security rules refuse weaker). */
export const HARDENED_CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: { type: 'RuntimeDefault' },
};

export const workloadSchema = {
  replicaCount: intRange(0, 1000)
    .default(2)
    .meta({ description: 'Replicas when autoscaling is off. More than 1 turns on every multi-replica requirement.' }),
  autoscaling: z
    .strictObject({
      enabled: z.boolean().default(false).meta({
        description: 'Render a HorizontalPodAutoscaler (autoscaling/v2); the Deployment then has no `spec.replicas`.',
      }),
      minReplicas: intRange(1, 1000).default(2).meta({ description: 'Lowest replica count the autoscaler keeps.' }),
      maxReplicas: intRange(1, 1000)
        .default(10)
        .meta({ description: 'Highest replica count; the database connection budget is computed for it.' }),
      targetCPUUtilizationPercentage: intRange(1, 100)
        .default(70)
        .meta({ description: 'Average CPU utilisation (percent of the CPU request) the autoscaler aims for.' }),
      targetMemoryUtilizationPercentage: intRange(1, 100)
        .optional()
        .meta({ description: 'Optional memory utilisation target (percent of the memory request).' }),
      scaleDownStabilizationWindowSeconds: intRange(0, 3600).default(300).meta({
        description:
          'How long load must stay low before the autoscaler removes pods (websocket clients reconnect on every removal).',
      }),
    })
    .prefault({})
    .meta({ description: 'Horizontal Pod Autoscaler.' }),
  podDisruptionBudget: z
    .strictObject({
      enabled: z.boolean().default(true).meta({ description: 'Render a PodDisruptionBudget.' }),
      minAvailable: z
        .union([
          z.number().int().min(0),
          z.string().regex(/^(100|[1-9]?\d)%$/, {
            message: 'must be a whole number of replicas or a percentage such as "50%"',
          }),
        ])
        .default(1)
        .meta({
          description:
            'Replicas (or a percentage of them, e.g. "50%") kept running during voluntary disruptions such as node drains.',
        }),
    })
    .prefault({})
    .meta({ description: 'PodDisruptionBudget for the app.' }),
  resources: resourcesSchema().meta({
    description: 'Container resources. A CPU request is required when autoscaling is on.',
  }),
  probes: z
    .strictObject({
      startup: probe({
        path: '/health',
        initialDelaySeconds: 10,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 60,
      }).meta({
        description:
          'Startup probe: first boot can take minutes (migrations on the migrator, model downloads), so it allows 10 minutes by default.',
      }),
      readiness: probe({
        path: '/health/db',
        initialDelaySeconds: 0,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
      }).meta({
        description:
          "Readiness probe. `/health/db` (default): a replica that cannot reach the database takes no traffic. `/ready` also takes replicas out while their startup is incomplete or Redis does not answer: the trade-off is that a Redis outage removes EVERY pod from the Service at once, so clients get the load balancer's 503 instead of Open WebUI's errors (authenticated requests fail without Redis anyway: token revocation is read from it) and websockets drop; with `/health/db` pods keep serving what works without Redis. `/health`: never taken out for a dependency.",
      }),
      liveness: probe({
        path: '/health',
        initialDelaySeconds: 0,
        periodSeconds: 20,
        timeoutSeconds: 5,
        failureThreshold: 3,
      }).meta({
        description:
          'Liveness probe on `/health` (process up): a database or Redis outage does not restart every pod (`/health/db` or `/ready` here would: warned).',
      }),
    })
    .prefault({})
    .meta({ description: 'Probes on the app container.' }),
  terminationGracePeriodSeconds: intRange(10, 3600)
    .default(120)
    .meta({ description: 'Seconds a stopping pod gets to finish streaming responses before it is killed.' }),
  preStopSleepSeconds: intRange(0, 120).default(10).meta({
    description:
      'Seconds a stopping pod keeps serving so load balancers deregister it first (0 turns the preStop hook off).',
  }),
  nodeSelector: labelMap().default({}).meta({ description: 'Node selector for app pods.' }),
  tolerations: z
    .array(passthroughObject())
    .default([])
    .meta({ description: 'Tolerations for app pods (Kubernetes Toleration objects).' }),
  affinity: passthroughObject()
    .default({})
    .meta({ description: 'Affinity for app pods (a Kubernetes Affinity object).' }),
  topologySpread: z
    .strictObject({
      enabled: z.boolean().default(true).meta({ description: 'Spread replicas across nodes and zones.' }),
      maxSkew: z
        .number()
        .int()
        .min(1)
        .max(2147483647, { message: 'Kubernetes stores maxSkew as a 32-bit integer' })
        .default(1)
        .meta({ description: 'Largest allowed difference in replica count between two nodes or zones.' }),
      whenUnsatisfiable: z.enum(['ScheduleAnyway', 'DoNotSchedule']).default('ScheduleAnyway').meta({
        description:
          '`ScheduleAnyway` keeps single-node clusters working; `DoNotSchedule` makes spreading a hard rule.',
      }),
    })
    .prefault({})
    .meta({ description: 'Topology spread over `kubernetes.io/hostname` and `topology.kubernetes.io/zone`.' }),
  podAnnotations: annotationMap().default({}).meta({ description: 'Annotations on app pods.' }),
  podLabels: labelMap({ prefixes: ['app.kubernetes.io/', RESERVED_LABEL_PREFIX] })
    .default({})
    .meta({
      description:
        'Labels on app pods (never used in selectors; not `app.kubernetes.io/*` nor `open-webui-k8s/*`, which the chart sets).',
    }),
  podSecurityContext: passthroughObject()
    .default({})
    .meta({ description: 'Pod security context for app pods (a Kubernetes PodSecurityContext object).' }),
  securityContext: passthroughObject()
    .default(HARDENED_CONTAINER_SECURITY_CONTEXT)
    // Set only what you change: the map is deep-merged over the hardened default (lists replace).
    .transform((sc) => mergeLayers([HARDENED_CONTAINER_SECURITY_CONTEXT, sc]))
    .meta({
      description:
        'Container security context for the app container (a Kubernetes SecurityContext object), deep-merged over the hardened default `{allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}, seccompProfile: {type: RuntimeDefault}}`: set only what you change.',
    }),
  priorityClassName: k8sLabelName().optional().meta({ description: 'PriorityClass for app pods.' }),
  runtimeClassName: k8sSubdomainName().optional().meta({
    description:
      'RuntimeClass of the Open WebUI pods (app and migration Job), e.g. `gvisor` or `kata` for a sandboxed runtime; the RuntimeClass must exist in the cluster.',
  }),
  hostAliases: z
    .array(
      z.strictObject({
        ip: ipAddress().meta({ description: 'IPv4 or IPv6 address the host names resolve to.' }),
        hostnames: z
          .array(k8sSubdomainName())
          .min(1)
          .meta({ description: "Host names written to the pods' /etc/hosts for that address." }),
      }),
    )
    .default([])
    .meta({
      description:
        'Entries added to /etc/hosts of the Open WebUI pods (app and migration Job), as Kubernetes HostAlias objects. A typed service URL or `extraEnv` URL whose host is listed here gets its NetworkPolicy egress to that address only.',
    }),
  command: z.array(z.string()).default([]).meta({
    description:
      "Replaces the Open WebUI container's command (the image runs `bash start.sh`, which sets the port, workers and forwarded-IP trust from the env); empty: the image's. Only the serving container: the migrator and the waiter run the chart's program. Warned (`app-command-override`): keep `start.sh` at the end, e.g. `[bash, -c, 'prepare && exec bash start.sh']`.",
  }),
  args: z.array(z.string()).default([]).meta({
    description:
      "Replaces the Open WebUI container's arguments (the image has no entrypoint, so `args` alone replaces `bash start.sh` too); empty: the image's. Warned like `command`.",
  }),
  serviceAccount: z
    .strictObject({
      create: z.boolean().default(true).meta({ description: 'Render a ServiceAccount for the app.' }),
      name: k8sLabelName().optional().meta({ description: 'ServiceAccount name (default: the base name).' }),
      annotations: annotationMap()
        .default({})
        .meta({ description: 'ServiceAccount annotations, e.g. `eks.amazonaws.com/role-arn` for IAM roles.' }),
    })
    .prefault({})
    .meta({ description: 'ServiceAccount of the app pods.' }),
  imagePullSecrets: z.array(k8sLabelName()).default([]).meta({ description: 'Names of image pull Secrets.' }),
  extraEnv: z
    .array(
      z.strictObject({
        name: envVarName().meta({ description: 'Variable name.' }),
        value: z.string().optional().meta({ description: 'Literal value (give value or valueFrom).' }),
        valueFrom: passthroughObject().optional().meta({
          description: 'Source of the value, e.g. `{secretKeyRef: {name, key}}` (a Kubernetes EnvVarSource object).',
        }),
      }),
    )
    .default([])
    .meta({
      description:
        'Extra environment variables for the app and the migrator (Kubernetes EnvVar objects). Variables this chart manages from typed keys are refused here; set the typed key instead.',
    }),
  extraEnvFrom: z
    .array(passthroughObject())
    .default([])
    .meta({ description: 'Extra `envFrom` sources (Kubernetes EnvFromSource objects).' }),
  extraVolumes: z
    .array(volumeObject())
    .default([])
    .meta({ description: 'Extra volumes for app pods (Kubernetes Volume objects).' }),
  extraVolumeMounts: z
    .array(volumeMountObject())
    .default([])
    .meta({ description: 'Extra volume mounts for the app container (Kubernetes VolumeMount objects).' }),
  extraContainers: z.array(passthroughObject()).default([]).meta({
    description:
      'Sidecars of the serving pods (Kubernetes Container objects), after the Open WebUI container; not in the migration Job (a sidecar would keep it from completing). Checked like the app container: `securityContext` is merged over the hardened default, resources (CPU and memory requests, a memory limit) and a pinned image are required, names must be unique. They share the pod network: a port of theirs is reachable from inside the pod only (the Service and the NetworkPolicy admit the app port), so a sidecar meant to front the app is bypassed (`extra-container-ports`). The HPA measures the CPU of every container against the sum of their requests.',
  }),
  extraInitContainers: z.array(passthroughObject()).default([]).meta({
    description:
      "Init containers of the serving pods (Kubernetes Container objects), run in order before the chart's `wait-for-migration`; those that run to completion are not in the migration Job. Checked like the app container (hardened `securityContext` merged under theirs, resources, pinned image, unique names). One with `restartPolicy: Always` is a native sidecar (Kubernetes 1.29+, or 1.28 with the SidecarContainers feature gate): it keeps running next to the app, already serves `wait-for-migration`, and runs in the migration Job too (first), so a database proxy serves the migrator as well.",
  }),
};

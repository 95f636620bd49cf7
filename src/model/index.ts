/**
 * The release model: one pure function from validated values to every fact derived from them,
 * computed once. Rules (src/rules/), constructs (charts/, through the top chart only), `plan`,
 * `diff`, the Argo CD layer and the docs generator read it; nobody re-derives a fact.
 *
 * How to add a typed Open WebUI environment variable: add its key to the zod schema
 * (src/values/schema/, with `.meta({description})` and a default), then one row to `ENV` in
 * env.ts (name, key, and how its value renders). The container env, the `extraEnv` refusal,
 * the rendered-field sources, docs/values.md and values.schema.json follow from that row.
 *
 * How to add a backend variant (say, a Redis operator's CRD): add a member to the
 * `RedisBackend` union in backends.ts and the condition that selects it to `redisKindOf` (the
 * only place that decides the kind); the compiler then points at every `switch` on the kind that
 * must handle it (env rows in env.ts, in-release peers below, the construct the top chart maps
 * it to, plan). Its credentials are one entry in credentials.ts.
 */
import { Values } from '../values/schema';
import {
  databaseBackend,
  databaseKindOf,
  DatabaseBackend,
  InReleaseObjects,
  redisBackend,
  redisKindOf,
  RedisBackend,
} from './backends';
import { connectionsOf, ModelConnections } from './connections';
import { Credentials, credentialsOf } from './credentials';
import { ServiceEndpoint, serviceEndpoints } from './endpoints';
import { EnvProcess, EnvRow, envTable } from './env';
import { appIngressPeers, IngressPeer, routeModel, RouteModel } from './gateway';
import { ExtraObject, extraObjectsOf } from './extra-objects';
import { Names } from './names';
import { BackendAddress, backendAddresses, corsOrigins, PublicUrl, publicUrlOf } from './origins';
import { AppPod, appPod } from './pod';
import { ConnectionBudget, connectionBudget, ProcessModel, processModel } from './processes';
import { SignIn, signInOf, trustedProxyPeers } from './sign-in';
import { Source, sourcesOf } from './sources';

export interface ReleaseModel {
  readonly values: Values;
  readonly names: Names;
  readonly credentials: Credentials;
  readonly redis: RedisBackend;
  readonly database: DatabaseBackend;
  /** Backends this release renders itself (in-cluster Redis, development PostgreSQL). */
  readonly inRelease: readonly Extract<RedisBackend | DatabaseBackend, InReleaseObjects>[];
  readonly processes: ProcessModel;
  readonly budget: ConnectionBudget;
  /** How users reach the app: the Ingress, the Gateway API route, or both (rule `way-in` refuses both unless asked for). */
  readonly wayIn: { readonly ingress: boolean; readonly route: boolean };
  /** The Gateway API route (`route.enabled`): its Gateways, session persistence, timeouts, origins, data-plane peers. */
  readonly route?: RouteModel;
  /**
   * Who may open connections to the app port (the app NetworkPolicy's ingress peers; none with
   * networkPolicy off). With trusted-header sign-in: the authenticating proxy alone.
   */
  readonly ingressPeers: readonly IngressPeer[];
  /** What each way in (Ingress, HTTPRoute) serves, as the load balancer serves it: the backend addresses. */
  readonly addresses: readonly BackendAddress[];
  /** The URL users type (WEBUI_URL, OAuth redirect URIs, cookie Secure flags): `publicUrl`, else the first backend address. */
  readonly publicUrl?: PublicUrl;
  /** Origins allowed by CORS_ALLOW_ORIGIN. */
  readonly origins: readonly string[];
  /** How users sign in: OAuth providers with their redirect URIs, trusted headers with their proxy. */
  readonly signIn: SignIn;
  /** Model connections (OpenAI-compatible and Ollama), with their keys' credentials. */
  readonly connections: ModelConnections;
  /** Services the app connects to through typed URLs and `extraEnv` URLs, with egress destinations. */
  readonly endpoints: readonly ServiceEndpoint[];
  /** The data claim the app pods mount (rendered unless it is `persistence.existingClaim`); none: an emptyDir. */
  readonly dataClaim?: { readonly name: string; readonly rendered: boolean };
  readonly pod: AppPod;
  /**
   * The env tables of the Open WebUI-image containers: the app (`serve`), the migrator (`migrate`)
   * and the app pods' waiter (`wait`); the last two add the migration program's settings.
   */
  readonly env: Readonly<Record<EnvProcess, readonly EnvRow[]>>;
  /** `extraObjects` as they render (placeholders replaced, namespace defaulted). */
  readonly extraObjects: readonly ExtraObject[];
  /** Rendered fields -> values keys, for findings on rendered objects. */
  readonly sources: readonly Source[];
}

export function buildModel(values: Values): ReleaseModel {
  const v = values;
  const names = new Names(v);
  const redisKind = redisKindOf(v);
  const databaseKind = databaseKindOf(v);
  const credentials = credentialsOf(v, names, redisKind, databaseKind);
  const redis = redisBackend(v, names, redisKind, credentials);
  const database = databaseBackend(v, names, databaseKind, credentials);
  const route = routeModel(v, names);
  const addresses = backendAddresses(v);
  const publicUrl = publicUrlOf(v, addresses);
  const origins = corsOrigins(v, publicUrl, addresses);
  const signIn = signInOf(v, publicUrl);
  const connections = connectionsOf(v, credentials);
  const dataClaim = v.persistence.enabled
    ? { name: v.persistence.existingClaim ?? names.objectName('data'), rendered: !v.persistence.existingClaim }
    : undefined;
  const pod = appPod(v, dataClaim?.name, redis);
  const envInput = { v, redis, database, credentials, origins, publicUrl, signIn, connections };
  const env = {
    serve: envTable({ ...envInput, process: 'serve' }),
    migrate: envTable({ ...envInput, process: 'migrate' }),
    wait: envTable({ ...envInput, process: 'wait' }),
  };
  const extraObjects = extraObjectsOf(v, names);
  return {
    values: v,
    names,
    credentials,
    redis,
    database,
    inRelease: [redis, database].flatMap((b) => (b.kind === 'in-cluster' || b.kind === 'development' ? [b] : [])),
    processes: processModel(v),
    budget: connectionBudget(v),
    wayIn: { ingress: v.ingress.enabled, route: v.route.enabled },
    route,
    ingressPeers: signIn.trustedHeader ? trustedProxyPeers(v, signIn.trustedHeader.proxy) : appIngressPeers(v, route),
    addresses,
    publicUrl,
    origins,
    signIn,
    connections,
    endpoints: serviceEndpoints(
      v,
      signIn.oauth.flatMap((p) => p.endpoints),
    ),
    dataClaim,
    pod,
    env,
    extraObjects,
    sources: sourcesOf({ v, names, pod, env, extraObjects }),
  };
}

export * from './backends';
export * from './connections';
export * from './credentials';
export * from './endpoints';
export * from './env';
export * from './gateway';
export * from './extra-objects';
export * from './names';
export * from './origins';
export * from './pod';
export * from './processes';
export * from './sign-in';
export * from './sources';
